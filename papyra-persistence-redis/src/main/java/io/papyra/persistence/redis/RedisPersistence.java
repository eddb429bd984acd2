package io.papyra.persistence.redis;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.redis.internal.RedisStreamsBackend;

import java.time.Duration;

/**
 * The Redis Streams backend: the three logs of one actor system as three Redis streams that every
 * node appends to, in the original Papyra system's key layout and JSON. Opened by name
 * ({@code PersistenceBackends.discover().open("redis", config)}, which returns an instance of this
 * interface) or with {@link #open(BackendConfig)}.
 *
 * <h2>Options</h2>
 * {@link BackendConfig#options()} keys, all optional (the module's README has the full table):
 * {@value #URL} (a Lettuce {@code RedisURI}: {@code redis://[[user:]password@]host[:port][/database]},
 * {@code rediss://} for TLS; default {@code redis://127.0.0.1:6379}), {@value #PREFIX} (default
 * {@code papyra}), {@value #SYSTEM_ID} (default {@code local}), {@value #QUEUE_CAPACITY} (default
 * 65536), {@value #READ_ONLY} ({@code true|false}, default false), {@value #TIMEOUT_MS} (connect and
 * command time-out, default 10000), {@value #CLOSE_TIMEOUT_MS} (how long {@link #close()} drains,
 * default 10000) and {@value #READ_CACHE} (decoded records kept per log for reads, default 1024).
 * An unknown key or a bad value is an {@link IllegalArgumentException} at open; a password is never
 * shown in a message.
 *
 * <h2>Appends never wait for the network</h2>
 * An append puts the record on a bounded queue (a short lock, never a wait for space): that is all
 * the caller ever waits for. One drainer thread encodes what the queue holds and sends it in
 * pipelined batches. A full queue drops the record and counts it in
 * {@code records_dropped}; a batch that the server does not confirm (unreachable, time-out, error)
 * is counted in {@code write_errors}. Nothing is thrown to the caller for either. {@code records_written}
 * counts the records accepted by the queue, so that the records confirmed by the server are
 * {@code records_written - write_errors} once {@link #flush(Duration)} returns true.
 *
 * <h2>Reads</h2>
 * Every read first {@linkplain #flush(Duration) flushes} (so it sees every append that returned
 * before it started, in any thread of this process), then reads newest-first from the server; a read
 * may throw a Lettuce {@code RedisException} when the server cannot be reached. An entry that a read
 * decoded is kept decoded ({@value #READ_CACHE} per log), so that a later read returning the same entry,
 * holding the same bytes, does not decode it again.
 *
 * <p>Thread-safe: every method may be called from any thread.
 *
 * <pre>{@code
 * try (RedisPersistence log = RedisPersistence.open(BackendConfig.defaults()
 *         .withOption("url", "redis://redis.internal:6379").withOption("system_id", "orders"))) {
 *     log.recordEvent(new EventRecord("orders", "local://1", "ActorStarted", Map.of(), Instant.now()));
 *     List<EventRecord> latest = log.listEvents(Query.latest(100));
 * }
 * }</pre>
 *
 * @since 0.2
 */
public interface RedisPersistence extends PersistenceBackend {

    /** The provider name of this backend, {@value}. */
    String NAME = "redis";

    /** Option key: the server's URI, in Lettuce's {@code RedisURI} syntax. */
    String URL = "url";
    /** Option key: the first part of every key. */
    String PREFIX = "prefix";
    /** Option key: the actor system's id, the second part of every key. */
    String SYSTEM_ID = "system_id";
    /** Option key: how many appends the queue holds before it drops. */
    String QUEUE_CAPACITY = "queue_capacity";
    /** Option key: {@code true} opens the backend read-only. */
    String READ_ONLY = "read_only";
    /** Option key: the connect and command time-out in milliseconds. */
    String TIMEOUT_MS = "timeout_ms";
    /** Option key: how long {@link #close()} drains the queue, in milliseconds. */
    String CLOSE_TIMEOUT_MS = "close_timeout_ms";
    /** Option key: how many decoded records each log keeps for reads that return them again; 0 keeps none. */
    String READ_CACHE = "read_cache";

    /**
     * Opens a backend and connects to its server.
     *
     * @param config the retention policy, clock and options, never null
     * @return the open backend
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalArgumentException if an option is unknown or invalid; the message names it (never a password)
     * @throws IllegalStateException    if the server cannot be reached or refuses the credentials
     */
    static RedisPersistence open(BackendConfig config) {
        return RedisStreamsBackend.open(config);
    }

    /**
     * Waits until every append that returned before this call has been confirmed by the server or
     * counted as failed ({@code write_errors}), for at most {@code timeout}.
     *
     * @param timeout how long to wait at most, never null, not negative
     * @return true if every such append was written; false if one failed or the wait timed out
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    boolean flush(Duration timeout);

    /**
     * Returns the Redis key of one log's stream: {@code <prefix>:<system_id>:events}, {@code :audits}
     * or {@code :dead_letters}.
     *
     * @param log the log, never null
     * @return the key
     */
    String streamKey(RedisLog log);

    /**
     * Returns how many appends are queued and not yet sent or failed.
     *
     * @return the queue's length, &gt;= 0
     */
    int queued();
}
