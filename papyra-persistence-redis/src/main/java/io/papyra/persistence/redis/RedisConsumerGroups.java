package io.papyra.persistence.redis;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.redis.internal.ConsumerGroupClient;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Redis Streams consumer groups over the backend's streams, for outside tools (shipping, analytics,
 * monitoring), as the original system offers them: create a group, consume entries ({@code XREADGROUP}),
 * acknowledge them ({@code XACK}), claim the pending entries of a consumer that went away
 * ({@code XCLAIM}), and read a group's pending summary ({@code XPENDING}). Delivery is at least once:
 * an entry consumed and not acknowledged stays pending until it is acknowledged or claimed.
 *
 * <p>It uses a connection of its own (a blocking {@code XREADGROUP} would hold up a shared one),
 * configured by the same options as the backend ({@link RedisPersistence#URL},
 * {@link RedisPersistence#PREFIX}, {@link RedisPersistence#SYSTEM_ID}, {@link RedisPersistence#TIMEOUT_MS};
 * the backend's other options are accepted and ignored). It never changes the streams' entries, so
 * the backend and any number of groups share them.
 *
 * <p>Thread-safe, but one connection serves the calls one after another: a blocking
 * {@link #consume} delays the other calls of the same instance, so give each consumer thread its own.
 *
 * <pre>{@code
 * try (RedisConsumerGroups groups = RedisConsumerGroups.connect(config)) {
 *     groups.createGroup(RedisLog.EVENTS, "shipper", "0");
 *     for (RedisConsumerGroups.Entry entry : groups.consume(RedisLog.EVENTS, "shipper", "worker-1", 100, Duration.ofSeconds(1))) {
 *         ship(entry.record());
 *         groups.ack(RedisLog.EVENTS, "shipper", List.of(entry.id()));
 *     }
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class RedisConsumerGroups implements AutoCloseable {

    /**
     * One entry delivered to a consumer.
     *
     * @param id      the stream entry id, for example {@code 1767225600000-0}
     * @param record  the decoded record, or null when the entry is not a record of the stream's log
     * @param data    the entry's {@code data} field as text, or null when it has none
     * @param problem why {@code record} is null, or null when it is not
     */
    public record Entry(String id, @Nullable PersistenceRecord record, @Nullable String data, @Nullable String problem) {
    }

    /**
     * A group's pending entries: delivered, not yet acknowledged.
     *
     * @param count     how many entries are pending
     * @param lowestId  the id of the oldest pending entry, or null when none is
     * @param highestId the id of the newest pending entry, or null when none is
     * @param consumers how many entries each consumer holds, by consumer name
     */
    public record PendingSummary(long count, @Nullable String lowestId, @Nullable String highestId,
                                 Map<String, Long> consumers) {

        /**
         * Creates the value.
         *
         * @param count     how many entries are pending, &gt;= 0
         * @param lowestId  the id of the oldest pending entry, or null
         * @param highestId the id of the newest pending entry, or null
         * @param consumers how many entries each consumer holds, copied
         */
        public PendingSummary {
            consumers = Map.copyOf(consumers);
        }
    }

    private final ConsumerGroupClient client;

    private RedisConsumerGroups(ConsumerGroupClient client) {
        this.client = client;
    }

    /**
     * Connects to the server that {@code config}'s options name.
     *
     * @param config the options (as the backend's), never null
     * @return the connected instance
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalArgumentException if an option is unknown or invalid
     * @throws IllegalStateException    if the server cannot be reached or refuses the credentials
     */
    public static RedisConsumerGroups connect(BackendConfig config) {
        return new RedisConsumerGroups(ConsumerGroupClient.connect(config));
    }

    /**
     * Returns the key of the stream of {@code log}.
     *
     * @param log the log, never null
     * @return {@code <prefix>:<system_id>:<suffix>}
     */
    public String streamKey(RedisLog log) {
        return client.streamKey(log);
    }

    /**
     * Creates a group on the stream of {@code log} ({@code XGROUP CREATE ... MKSTREAM}), if it does
     * not exist yet.
     *
     * @param log     the log, never null
     * @param group   the group's name, not blank
     * @param startId where the group starts: {@code 0} for the whole stream, {@code $} for new entries
     *                only, or an entry id
     * @return true if the group was created, false if it existed already
     * @throws IllegalArgumentException if a name is blank
     */
    public boolean createGroup(RedisLog log, String group, String startId) {
        return client.createGroup(log, group, startId);
    }

    /**
     * Delivers to {@code consumer} up to {@code count} entries that no consumer of the group has
     * received yet ({@code XREADGROUP ... >}), waiting up to {@code block} for one when there is none.
     * The entries become pending until {@linkplain #ack acknowledged}.
     *
     * @param log      the log, never null
     * @param group    the group, not blank; it must exist
     * @param consumer the consumer's name, not blank
     * @param count    how many at most, &gt;= 1
     * @param block    how long to wait when there is nothing, zero or more, less than the {@code timeout_ms}
     *                 option; zero returns at once
     * @return the entries, oldest first, possibly empty
     * @throws IllegalArgumentException if an argument is out of range
     */
    public List<Entry> consume(RedisLog log, String group, String consumer, int count, Duration block) {
        return client.consume(log, group, consumer, count, block, false);
    }

    /**
     * Delivers to {@code consumer} again the entries that it holds pending ({@code XREADGROUP ... 0}),
     * for a consumer that restarts.
     *
     * @param log      the log, never null
     * @param group    the group, not blank
     * @param consumer the consumer's name, not blank
     * @param count    how many at most, &gt;= 1
     * @return its pending entries, oldest first
     * @throws IllegalArgumentException if an argument is out of range
     */
    public List<Entry> pendingOf(RedisLog log, String group, String consumer, int count) {
        return client.consume(log, group, consumer, count, Duration.ZERO, true);
    }

    /**
     * Acknowledges entries ({@code XACK}): they are no longer pending.
     *
     * @param log   the log, never null
     * @param group the group, not blank
     * @param ids   the entry ids, never null
     * @return how many were pending and are acknowledged now
     */
    public long ack(RedisLog log, String group, List<String> ids) {
        return client.ack(log, group, ids);
    }

    /**
     * Gives {@code consumer} the pending entries {@code ids} that have been idle for at least
     * {@code minIdle} ({@code XCLAIM}), typically those of a consumer that went away.
     *
     * @param log      the log, never null
     * @param group    the group, not blank
     * @param consumer the consumer that takes them, not blank
     * @param minIdle  how long an entry must have been idle, zero or more
     * @param ids      the entry ids, never null
     * @return the entries claimed, oldest first
     * @throws IllegalArgumentException if an argument is out of range
     */
    public List<Entry> claim(RedisLog log, String group, String consumer, Duration minIdle, List<String> ids) {
        return client.claim(log, group, consumer, minIdle, ids);
    }

    /**
     * Returns the group's pending summary ({@code XPENDING}).
     *
     * @param log   the log, never null
     * @param group the group, not blank
     * @return the summary
     */
    public PendingSummary pending(RedisLog log, String group) {
        return client.pending(log, group);
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
