package io.papyra.persistence.redis.internal;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessages;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.json.MalformedRecordException;
import io.papyra.persistence.json.RecordCodec;
import io.papyra.persistence.redis.RedisConsumerGroups;
import io.papyra.persistence.redis.RedisLog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The implementation of {@link RedisConsumerGroups}: one connection of its own. Thread-safe. */
public final class ConsumerGroupClient implements AutoCloseable {

    private static final List<Class<? extends PersistenceRecord>> TYPES =
            List.of(EventRecord.class, AuditRecord.class, DeadLetterRecord.class);

    private final Options options;
    private final RedisStreamsBackend.Connected connected;
    private final RecordCodec codec;

    private ConsumerGroupClient(Options options, RedisStreamsBackend.Connected connected) {
        this.options = options;
        this.connected = connected;
        this.codec = RecordCodec.standard().withDefaultSystemId(options.systemId());
    }

    /**
     * Connects as the options say.
     *
     * @param config the options, never null
     * @return the client
     */
    public static ConsumerGroupClient connect(BackendConfig config) {
        Options options = Options.parse(Objects.requireNonNull(config, "config must not be null"));
        return new ConsumerGroupClient(options, RedisStreamsBackend.connect(options));
    }

    private RedisCommands<String, byte[]> redis() {
        return connected.connection().sync();
    }

    /**
     * The key of the stream of {@code log}.
     *
     * @param log the log
     * @return the key
     */
    public String streamKey(RedisLog log) {
        return options.prefix() + ":" + options.systemId() + ":" + Objects.requireNonNull(log, "log must not be null").suffix();
    }

    /**
     * See {@link RedisConsumerGroups#createGroup}.
     *
     * @param log     the log
     * @param group   the group
     * @param startId where it starts
     * @return true if created
     */
    public boolean createGroup(RedisLog log, String group, String startId) {
        try {
            redis().xgroupCreate(XReadArgs.StreamOffset.from(streamKey(log), notBlank(startId, "startId")),
                    notBlank(group, "group"), XGroupCreateArgs.Builder.mkstream());
            return true;
        } catch (RedisBusyException e) {
            return false; // BUSYGROUP: it exists
        }
    }

    /**
     * See {@link RedisConsumerGroups#consume} and {@link RedisConsumerGroups#pendingOf}.
     *
     * @param log      the log
     * @param group    the group
     * @param consumer the consumer
     * @param count    how many at most
     * @param block    how long to wait
     * @param pending  true to deliver the consumer's pending entries again
     * @return the entries
     */
    @SuppressWarnings("unchecked") // Lettuce's varargs of a generic type, one stream here
    public List<RedisConsumerGroups.Entry> consume(RedisLog log, String group, String consumer, int count, Duration block,
                                                   boolean pending) {
        String key = streamKey(log);
        Consumer<String> who = Consumer.from(notBlank(group, "group"), notBlank(consumer, "consumer"));
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        Objects.requireNonNull(block, "block must not be null");
        if (block.isNegative() || block.compareTo(options.timeout()) >= 0) {
            throw new IllegalArgumentException("block must be zero or more and less than the timeout_ms option ("
                    + options.timeout().toMillis() + " ms), was " + block);
        }
        XReadArgs args = XReadArgs.Builder.count(count);
        if (!block.isZero()) {
            args.block(block);
        }
        List<StreamMessage<String, byte[]>> messages = redis().xreadgroup(who, args,
                pending ? XReadArgs.StreamOffset.from(key, "0") : XReadArgs.StreamOffset.lastConsumed(key));
        return entries(messages, log);
    }

    /**
     * See {@link RedisConsumerGroups#ack}.
     *
     * @param log   the log
     * @param group the group
     * @param ids   the ids
     * @return how many were acknowledged
     */
    public long ack(RedisLog log, String group, List<String> ids) {
        if (Objects.requireNonNull(ids, "ids must not be null").isEmpty()) {
            return 0;
        }
        return redis().xack(streamKey(log), notBlank(group, "group"), ids.toArray(String[]::new));
    }

    /**
     * See {@link RedisConsumerGroups#claim}.
     *
     * @param log      the log
     * @param group    the group
     * @param consumer the consumer
     * @param minIdle  the minimum idle time
     * @param ids      the ids
     * @return the entries claimed
     */
    public List<RedisConsumerGroups.Entry> claim(RedisLog log, String group, String consumer, Duration minIdle,
                                                 List<String> ids) {
        Consumer<String> who = Consumer.from(notBlank(group, "group"), notBlank(consumer, "consumer"));
        if (Objects.requireNonNull(minIdle, "minIdle must not be null").isNegative()) {
            throw new IllegalArgumentException("minIdle must not be negative, was " + minIdle);
        }
        if (Objects.requireNonNull(ids, "ids must not be null").isEmpty()) {
            return List.of();
        }
        return entries(redis().xclaim(streamKey(log), who, minIdle.toMillis(), ids.toArray(String[]::new)), log);
    }

    /**
     * See {@link RedisConsumerGroups#pending}.
     *
     * @param log   the log
     * @param group the group
     * @return the summary
     */
    public RedisConsumerGroups.PendingSummary pending(RedisLog log, String group) {
        PendingMessages pending = redis().xpending(streamKey(log), notBlank(group, "group"));
        Range<String> ids = pending.getMessageIds();
        String lowest = pending.getCount() == 0 ? null : ids.getLower().getValue();
        String highest = pending.getCount() == 0 ? null : ids.getUpper().getValue();
        return new RedisConsumerGroups.PendingSummary(pending.getCount(), lowest, highest,
                pending.getConsumerMessageCount());
    }

    private List<RedisConsumerGroups.Entry> entries(List<StreamMessage<String, byte[]>> messages, RedisLog log) {
        List<RedisConsumerGroups.Entry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, byte[]> message : messages) {
            byte[] data = message.getBody() == null ? null : message.getBody().get("data");
            if (data == null) {
                entries.add(new RedisConsumerGroups.Entry(message.getId(), null, null,
                        message.getBody() == null ? "the entry was deleted" : "no data field"));
                continue;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            try {
                entries.add(new RedisConsumerGroups.Entry(message.getId(), codec.decode(data, TYPES.get(log.ordinal())),
                        text, null));
            } catch (MalformedRecordException e) {
                entries.add(new RedisConsumerGroups.Entry(message.getId(), null, text, e.getMessage()));
            }
        }
        return List.copyOf(entries);
    }

    private static String notBlank(String value, String name) {
        if (Objects.requireNonNull(value, name + " must not be null").isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public void close() {
        connected.connection().close();
        connected.client().shutdownAsync(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
