package io.papyra.persistence.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.json.MalformedRecordException;
import io.papyra.persistence.json.RecordCodec;
import io.papyra.persistence.redis.RedisLog;
import io.papyra.persistence.redis.RedisPersistence;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The Redis Streams backend. Not API: users see {@link RedisPersistence}.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Keys: the original's streams {@code <prefix>:<system_id>:events|audits|dead_letters}, each
 *       entry one field {@code data} holding the record's JSON ({@link RecordCodec}); beside each
 *       stream a sorted set {@code <stream>:by_timestamp} of entry ids scored by {@link Scores}.</li>
 *   <li>Appends: queued as records ({@link AppendQueue}), so that the caller pays for no JSON; one
 *       drainer thread encodes what is queued and sends it as a few {@code EVALSHA} calls of {@link Scripts#APPEND} (up to
 *       {@value #CHUNK_RECORDS} records each, every record's {@code XADD} and index {@code ZADD}
 *       atomic together), all written before any reply is awaited: a pipeline of batches.</li>
 *   <li>One connection per backend, shared by the drainer and the readers (Lettuce multiplexes it);
 *       commands are refused at once while it is down, and Lettuce reconnects by itself.</li>
 *   <li>Reads wait until the drainer has processed every append accepted before them, then read
 *       newest-first with {@code XREVRANGE ... COUNT}; a {@code since} read without a count or size
 *       bound reads the index ({@link Scripts#SINCE_START}, then one {@code XRANGE}; {@link Scripts#SINCE} when
 *       the candidates are not contiguous).</li>
 *   <li>What reads decode is kept ({@link DecodedCache}, {@code read_cache} records per log, found by stream id
 *       and checked against the entry's bytes), so that a read returning an entry again does not decode it again.</li>
 * </ul>
 * Thread-safe.
 */
public final class RedisStreamsBackend implements RedisPersistence {

    static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    private static final int MAX_BATCH = 4_096;
    private static final int CHUNK_RECORDS = 256;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int PAGE = 1_000;
    private static final long MAX_IN_FLIGHT = 4L * MAX_BATCH;
    private static final int EAGER_BATCH = 1_024;
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final byte[][] LOG_DIGITS = {{'0'}, {'1'}, {'2'}};
    private static final System.Logger LOG = System.getLogger(RedisStreamsBackend.class.getName());

    private final Options options;
    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final RecordCodec codec;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final String[] streams = new String[3];
    private final String[] indexes = new String[3];
    private final String[] appendKeys = new String[6];
    private final RedisMetrics metrics = new RedisMetrics(this::settle);
    private final AppendQueue queue;
    private final DecodedCache decoded;
    private final Thread drainer;
    private final Object progressLock = new Object();
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final AppendQueue.Pending[] batch = new AppendQueue.Pending[MAX_BATCH];
    private volatile long processed;
    private volatile long dispatched;
    private volatile boolean closeCalled;
    private volatile boolean closed;
    private final Object closeLock = new Object();

    private RedisStreamsBackend(Options options, BackendConfig config, RedisClient client,
                                StatefulRedisConnection<String, byte[]> connection) {
        this.options = options;
        this.retention = config.retention();
        this.clock = config.clock();
        this.codec = RecordCodec.standard().withDefaultSystemId(options.systemId());
        this.client = client;
        this.connection = connection;
        for (RedisLog log : RedisLog.values()) {
            int i = log.ordinal();
            streams[i] = options.prefix() + ":" + options.systemId() + ":" + log.suffix();
            indexes[i] = streams[i] + ":by_timestamp";
            appendKeys[2 * i] = streams[i];
            appendKeys[2 * i + 1] = indexes[i];
        }
        this.queue = new AppendQueue(options.queueCapacity());
        this.decoded = new DecodedCache(options.readCache());
        this.drainer = new Thread(this::drainLoop, "papyra-redis-drainer-" + streams[0]);
        drainer.setDaemon(true);
        if (options.readOnly()) {
            queue.close();
        } else {
            drainer.start();
        }
    }

    /**
     * Opens a backend: parses the options and connects.
     *
     * @param config the configuration, never null
     * @return the open backend
     * @throws IllegalArgumentException if an option is unknown or invalid
     * @throws IllegalStateException    if the server cannot be reached or refuses the credentials
     */
    public static RedisStreamsBackend open(BackendConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        Options options = Options.parse(config);
        Connected connected = connect(options);
        return new RedisStreamsBackend(options, config, connected.client(), connected.connection());
    }

    /** A client and its connection. */
    record Connected(RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
    }

    /** Connects as every part of this module does: auto-reconnect, commands refused while down, RESP2. */
    static Connected connect(Options options) {
        RedisClient client = RedisClient.create(SharedResources.get(), options.uri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // RESP2, as the original's client speaks: AUTH, not HELLO, so that refused credentials read as
                // WRONGPASS rather than as a connection closed during the handshake.
                .protocolVersion(ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.timeout()))
                // Off: push notifications of Redis Enterprise maintenance, which this backend does not use, and
                // whose command writer needs SLF4J, which is not on a module path that only has Lettuce's modules.
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .build());
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = client.connect(CODEC);
            connection.sync().ping();
        } catch (RuntimeException e) {
            client.shutdownAsync(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("redis backend: cannot open " + options.redactedUri() + ": "
                    + scrub(describe(e), options));
        }
        return new Connected(client, connection);
    }

    /** The chain of messages of {@code e} and its causes, for an error message. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 2_000; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    /** Removes the password (and user name) from a message, whatever put it there. */
    static String scrub(String message, Options options) {
        String text = message;
        for (String secret : options.secrets()) {
            text = text.replace(secret, "***");
        }
        return text;
    }

    // ------------------------------------------------------------------------------------------ appends

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recordEvent(EventRecord event) {
        append(0, Objects.requireNonNull(event, "event must not be null"));
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        append(1, Objects.requireNonNull(audit, "audit must not be null"));
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        append(2, Objects.requireNonNull(deadLetter, "deadLetter must not be null"));
    }

    private void append(int log, PersistenceRecord record) {
        if (queue.isClosed()) {
            metrics.counts.recordDropped();
            return;
        }
        if (queue.offer(new AppendQueue.Pending(log, record)) == AppendQueue.Offer.ACCEPTED) {
            metrics.counts.recordWritten(0);
        } else {
            metrics.counts.recordDropped();
        }
    }

    /**
     * The drainer: waits for appends and sends them. While sent appends await their replies it
     * waits (up to a millisecond at a time) until they are answered or {@value #EAGER_BATCH} appends
     * are queued, so that appends made meanwhile go out together: batches grow with the load, and an
     * idle backend sends an append at once. At most {@value #MAX_IN_FLIGHT} appends await replies
     * (the pipeline's depth), so that the bounded queue is the only buffer that grows. Ends when the
     * queue is closed and empty. Reads do not wait for it: they send what they need themselves.
     */
    private void drainLoop() {
        try {
            while (true) {
                boolean any = queue.awaitNotEmpty(TimeUnit.SECONDS.toNanos(1));
                if (!any) {
                    if (queue.isClosed()) {
                        return;
                    }
                    continue;
                }
                awaitBatch();
                pump();
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is still queued is counted by close()
        }
    }

    private void awaitBatch() throws InterruptedException {
        synchronized (progressLock) {
            while (dispatched - processed >= MAX_IN_FLIGHT
                    || dispatched > processed && !queue.isClosed() && queue.size() < EAGER_BATCH) {
                progressLock.wait(1);
            }
        }
    }

    /**
     * Takes what is queued, encodes it and writes it to the connection as pipelined script calls,
     * without waiting for replies: each reply counts its appends as done (and the failed ones in
     * {@code write_errors}) when it arrives. Under {@link #dispatchLock}, so that appends reach the
     * connection in queue order, whichever thread pumps (the drainer, or a reader that needs them).
     *
     * @return how many appends were taken from the queue
     */
    private int pump() {
        dispatchLock.lock();
        try {
            int n = queue.drain(batch);
            if (n == 0) {
                return 0;
            }
            try {
                send(batch, n);
            } finally {
                Arrays.fill(batch, 0, n, null);
                advance(n, false);
            }
            return n;
        } finally {
            dispatchLock.unlock();
        }
    }

    /** Counts {@code n} appends as done ({@code confirmed}: replied to or failed) or as dispatched. */
    private void advance(long n, boolean confirmed) {
        synchronized (progressLock) {
            if (confirmed) {
                processed += n;
            } else {
                dispatched += n;
            }
            progressLock.notifyAll();
        }
    }

    /**
     * Encodes {@code n} appends and writes them as script calls of up to {@value #CHUNK_RECORDS}
     * records (and about {@value #CHUNK_BYTES} bytes) each, each call written as soon as its records
     * are encoded, so that the server works on one while the next is encoded. The first call of a
     * batch is an {@code EVAL} with the script's text, which caches the script on the server (again,
     * after a restart), so that the {@code EVALSHA}s behind it find it. Never throws: every append is
     * counted as done exactly once, failed ones (not encodable, refused by the connection, an error
     * reply) in {@code write_errors} too.
     */
    private void send(AppendQueue.Pending[] batch, int n) {
        int from = 0;
        boolean cached = false;
        while (from < n) {
            int to = from;
            int records = 0;
            int failed = 0;
            long bytes = 0;
            byte[][] args = new byte[3 * Math.min(CHUNK_RECORDS, n - from)][];
            try {
                while (to < n && records < CHUNK_RECORDS && bytes < CHUNK_BYTES) {
                    AppendQueue.Pending pending = batch[to];
                    byte[] data = encodeOrNull(pending.record());
                    if (data == null) {
                        failed++;
                        to++;
                        continue;
                    }
                    int a = 3 * records;
                    args[a] = LOG_DIGITS[pending.log()];
                    args[a + 1] = data;
                    args[a + 2] = Scores.bytes(pending.record().timestamp());
                    bytes += data.length;
                    records++;
                    to++;
                }
                metrics.counts.bytesWritten(bytes);
                if (records > 0) {
                    if (3 * records < args.length) {
                        args = Arrays.copyOf(args, 3 * records);
                    }
                    RedisFuture<Long> reply = cached
                            ? connection.async().evalsha(Scripts.APPEND.sha(), ScriptOutputType.INTEGER, appendKeys, args)
                            : connection.async().eval(Scripts.APPEND.body(), ScriptOutputType.INTEGER, appendKeys, args);
                    cached = true;
                    int sent = records;
                    records = 0; // from here on, the reply counts them
                    reply.whenComplete((written, failure) -> {
                        if (failure != null) {
                            metrics.counts.writesFailed(sent);
                            LOG.log(System.Logger.Level.WARNING, "redis backend: " + sent + " appends to "
                                    + options.redactedUri() + " failed: " + scrub(describe(failure), options));
                        }
                        advance(sent, true);
                    });
                }
            } catch (RuntimeException | Error e) { // never lose count of appends taken from the queue
                int lost = records + (n - to);
                failed += lost;
                to = n;
                LOG.log(System.Logger.Level.WARNING, "redis backend: " + lost + " appends failed: "
                        + scrub(describe(e), options));
            }
            if (failed > 0) {
                metrics.counts.writesFailed(failed);
                advance(failed, true);
            }
            from = to;
        }
    }

    /** The record's JSON, or null (logged) if it cannot be encoded: counted, never thrown to anyone. */
    private byte @Nullable [] encodeOrNull(PersistenceRecord record) {
        try {
            return codec.encode(record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "redis backend: an append of " + record.getClass().getSimpleName()
                    + " could not be encoded and was counted in write_errors: " + e);
            return null;
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        long target = queue.accepted();
        if (!timeout.isZero()) {
            helpDispatch(target); // rather than wait for the drainer to wake up and encode them
        }
        return awaitProgress(target, timeout, true);
    }

    /** Waits until {@code target} appends are confirmed ({@code confirmed}) or dispatched, at most {@code timeout}. */
    private boolean awaitProgress(long target, Duration timeout, boolean confirmed) {
        if ((confirmed ? processed : dispatched) >= target) {
            return true;
        }
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        synchronized (progressLock) {
            while ((confirmed ? processed : dispatched) < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progressLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * Before a read: every append accepted before it must have been written to the connection (or
     * counted as failed). The server runs a connection's commands in the order they were written, so
     * the read, written after them, sees them: no need to wait for their replies.
     */
    private void flushForRead() {
        if (!dispatchAccepted()) {
            throw new IllegalStateException("redis backend: " + queue.size() + " appends to " + options.redactedUri()
                    + " were still queued after " + options.timeout().multipliedBy(2).toMillis()
                    + " ms; the read was refused rather than miss them");
        }
    }

    /**
     * Makes sure that every append accepted before the call has been handed to the connection (encoded
     * and written, or counted as failed), sending them on this thread if the drainer has not; waits at
     * most twice {@code timeout_ms}. Nothing queued: returns at once, without a round trip.
     *
     * @return false if they were not all handed over in time
     */
    private boolean dispatchAccepted() {
        long target = queue.accepted();
        if (dispatched >= target) {
            return true;
        }
        helpDispatch(target);
        return awaitProgress(target, options.timeout().multipliedBy(2), false);
    }

    /**
     * Sends queued appends on this thread while fewer than {@code target} have been handed to the
     * connection and no other thread is sending (the dispatch lock keeps the order): a caller that is
     * going to wait for them does the drainer's work rather than wait for it to wake up.
     */
    private void helpDispatch(long target) {
        while (dispatched < target && dispatchLock.tryLock()) {
            try {
                if (pump() == 0) {
                    break;
                }
            } finally {
                dispatchLock.unlock();
            }
        }
    }

    /**
     * Before a metrics snapshot or reset: every append accepted so far is encoded, so that
     * {@code bytes_written} counts it. Never throws; bounded by {@link #dispatchAccepted()}.
     */
    private void settle() {
        try {
            dispatchAccepted();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "redis backend: settling the metrics failed: " + e);
        }
    }

    @Override
    public String streamKey(RedisLog log) {
        return streams[Objects.requireNonNull(log, "log must not be null").ordinal()];
    }

    /** The key of the timestamp index of {@code log}. */
    String indexKey(RedisLog log) {
        return indexes[log.ordinal()];
    }

    @Override
    public int queued() {
        return queue.size();
    }

    // ------------------------------------------------------------------------------------------ reads

    @Override
    public List<EventRecord> listEvents(Query query) {
        return read(0, EventRecord.class, query);
    }

    @Override
    public List<AuditRecord> listAudits(Query query) {
        return read(1, AuditRecord.class, query);
    }

    @Override
    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return read(2, DeadLetterRecord.class, query);
    }

    private <R extends PersistenceRecord> List<R> read(int log, Class<R> type, Query query) {
        Objects.requireNonNull(query, "query must not be null");
        flushForRead();
        if (query.limit() == 0) {
            return List.of();
        }
        return withConnection(redis -> {
            Instant now = clock.instant();
            Instant since = query.since();
            if (since != null && !retention.hasMaxRecords() && !retention.hasMaxTotalBytes()) {
                Instant cutoff = retention.ageCutoff(now);
                Instant lower = cutoff != null && cutoff.isAfter(since) ? cutoff : since;
                List<R> indexed = readIndexed(redis, log, type, lower, query.limit());
                if (indexed != null) {
                    return indexed;
                }
            }
            return walk(redis, log, type, query, now);
        });
    }

    /** Newest-first through the stream: retention, then since, then limit. */
    private <R extends PersistenceRecord> List<R> walk(RedisCommands<String, byte[]> redis, int log, Class<R> type,
                                                       Query query, Instant now) {
        Retained retained = new Retained(retention, now);
        Instant since = query.since();
        long limit = query.limit();
        List<R> newestFirst = new ArrayList<>((int) Math.min(limit, 1_024));
        String before = null;
        int page = (int) Math.min(Math.max(limit, 1), PAGE);
        while (true) {
            EntryDataOutput.Page entries = redis.dispatch(CommandType.XREVRANGE, new EntryDataOutput(CODEC),
                    new CommandArgs<>(CODEC).addKey(streams[log]).add(before == null ? "+" : "(" + before).add("-")
                            .add(CommandKeyword.COUNT).add(page));
            RecordCodec.RangeReader<R> reader = codec.rangeReader(entries.bytes(), entries.end(), type);
            for (int i = 0; i < entries.size(); i++) {
                R record = decodeOrNull(log, type, reader, entries, i);
                if (record == null) {
                    continue;
                }
                Retained.Verdict verdict = retained.next(record);
                if (verdict == Retained.Verdict.STOP) {
                    return oldestFirst(newestFirst);
                }
                if (verdict == Retained.Verdict.VISIBLE && (since == null || !record.timestamp().isBefore(since))) {
                    newestFirst.add(record);
                    if (newestFirst.size() >= limit) {
                        return oldestFirst(newestFirst);
                    }
                }
            }
            if (entries.size() < page) {
                return oldestFirst(newestFirst);
            }
            before = entries.lastId();
            page = PAGE;
        }
    }

    private static <R> List<R> oldestFirst(List<R> newestFirst) {
        Collections.reverse(newestFirst);
        return Collections.unmodifiableList(newestFirst);
    }

    /** The records at or after {@code lower} through the index, or null when the index cannot be trusted. */
    private <R extends PersistenceRecord> @Nullable List<R> readIndexed(RedisCommands<String, byte[]> redis, int log,
                                                                        Class<R> type, Instant lower, long limit) {
        String[] keys = {streams[log], indexes[log]};
        byte[] minScore = Scores.bytes(lower);
        List<Object> start = script(redis, Scripts.SINCE_START, ScriptOutputType.MULTI, keys, minScore);
        if (start.isEmpty() || !Long.valueOf(1).equals(start.get(0))) {
            return null;
        }
        long candidates = (Long) start.get(1);
        if (candidates == 0) {
            return List.of();
        }
        // Usually the entries from the lowest candidate on are the candidates, or not many more (timestamps
        // follow insertion order, or nearly): then one plain XRANGE holds them all, and the exact filter below
        // drops the others. Only when more than 4 in 5 of them would be others are the candidates read by id.
        String lowest = new String((byte[]) start.get(2), StandardCharsets.US_ASCII);
        long window = 5 * candidates + 64;
        EntryDataOutput.Page range = redis.dispatch(CommandType.XRANGE, new EntryDataOutput(CODEC),
                new CommandArgs<>(CODEC).addKey(streams[log]).add(lowest).add("+").add(CommandKeyword.COUNT).add(window + 1));
        if (range.size() <= window) {
            List<R> records = new ArrayList<>(range.size());
            RecordCodec.RangeReader<R> reader = codec.rangeReader(range.bytes(), range.end(), type);
            for (int i = 0; i < range.size(); i++) {
                R record = decodeOrNull(log, type, reader, range, i);
                if (record != null && !record.timestamp().isBefore(lower)) {
                    records.add(record);
                }
            }
            int from = (int) Math.max(0, records.size() - limit);
            return Collections.unmodifiableList(new ArrayList<>(records.subList(from, records.size())));
        }
        List<Object> reply = script(redis, Scripts.SINCE, ScriptOutputType.MULTI, keys, minScore);
        if (reply.isEmpty() || !Long.valueOf(1).equals(reply.get(0))) {
            return null;
        }
        List<Map.Entry<String, R>> found = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            List<?> entry = (List<?>) reply.get(i);
            String id = new String((byte[]) entry.get(0), StandardCharsets.US_ASCII);
            byte[] data = dataOf((List<?>) entry.get(1));
            R record = data == null ? null : decodeOrNull(data, type);
            if (record != null && !record.timestamp().isBefore(lower)) {
                found.add(Map.entry(id, record));
            }
        }
        found.sort(Map.Entry.comparingByKey(StreamIds.ORDER));
        int from = (int) Math.max(0, found.size() - limit);
        List<R> records = new ArrayList<>(found.size() - from);
        for (int i = from; i < found.size(); i++) {
            records.add(found.get(i).getValue());
        }
        return Collections.unmodifiableList(records);
    }

    private static byte @Nullable [] dataOf(List<?> fields) {
        for (int f = 0; f + 1 < fields.size(); f += 2) {
            if (Arrays.equals((byte[]) fields.get(f), EntryDataOutput.DATA)) {
                return (byte[]) fields.get(f + 1);
            }
        }
        return null;
    }

    /**
     * Entry {@code i} of {@code page} of {@code log}: as decoded before, if {@link #decoded} holds it with the same
     * bytes, else decoded straight from the page's buffer (the entries side by side, read with one parser) and
     * kept; null if it is not a record of the reader's type.
     */
    private <R extends PersistenceRecord> @Nullable R decodeOrNull(int log, Class<R> type, RecordCodec.RangeReader<R> reader,
                                                                   EntryDataOutput.Page page, int i) {
        int length = page.length(i);
        if (length < 0) {
            return null;
        }
        int offset = page.offset(i);
        PersistenceRecord known = decoded.get(log, page.idMs(i), page.idSeq(i), page.bytes(), offset, length);
        if (type.isInstance(known)) {
            return type.cast(known);
        }
        try {
            R record = reader.decode(offset, length);
            decoded.put(log, page.idMs(i), page.idSeq(i), page.bytes(), offset, length, record);
            return record;
        } catch (MalformedRecordException e) {
            return null; // as the original, a read skips what it cannot read; scan() reports it
        }
    }

    private <R extends PersistenceRecord> @Nullable R decodeOrNull(byte[] data, Class<R> type) {
        try {
            return codec.decode(data, type);
        } catch (MalformedRecordException e) {
            return null; // as the original, a read skips what it cannot read; scan() reports it
        }
    }

    /** Runs a script by its SHA-1, or by its body after NOSCRIPT (which caches it again). */
    @SuppressWarnings("unchecked")
    <T> T script(RedisCommands<String, byte[]> redis, Scripts script, ScriptOutputType output, String[] keys,
                 byte[]... args) {
        try {
            return (T) redis.evalsha(script.sha(), output, keys, args);
        } catch (RedisNoScriptException e) {
            return (T) redis.eval(script.body(), output, keys, args);
        }
    }

    /**
     * Runs {@code work} on the backend's connection, or, after {@link #close()}, on a connection of
     * its own that it closes again: reads keep working after close, without keeping a connection.
     */
    <T> T withConnection(Function<RedisCommands<String, byte[]>, T> work) {
        if (!closed) {
            return work.apply(connection.sync());
        }
        Connected own = connect(options);
        try {
            return work.apply(own.connection().sync());
        } finally {
            own.connection().close();
            own.client().shutdownAsync(0, options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ------------------------------------------------------------------------------------------ the rest

    @Override
    public RetentionPolicy retention() {
        return retention;
    }

    @Override
    public PersistenceMetrics metrics() {
        return metrics;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ScanReport scan() {
        try {
            flushForRead();
            ScanReport report = withConnection(redis -> maintenance(redis).scan().report());
            metrics.counts.scanned(report.anomalies().size());
            return report;
        } catch (RuntimeException e) {
            metrics.counts.scanFailed();
            throw e;
        }
    }

    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        requireWritable("recover");
        try {
            flushForRead();
            RecoveryReport report = withConnection(redis -> maintenance(redis).recover(config));
            metrics.counts.recovered();
            return report;
        } catch (RuntimeException e) {
            metrics.counts.recoveryFailed();
            throw e;
        }
    }

    @Override
    public CompactionReport compact() {
        requireWritable("compact");
        try {
            flushForRead();
            CompactionReport report = withConnection(redis -> maintenance(redis).compact(retention, clock.instant()));
            metrics.counts.compacted();
            return report;
        } catch (RuntimeException e) {
            metrics.counts.compactionFailed();
            throw e;
        }
    }

    private Maintenance maintenance(RedisCommands<String, byte[]> redis) {
        return new Maintenance(this, redis, codec, streams, indexes,
                options.prefix() + ":" + options.systemId() + ":quarantine");
    }

    private void requireWritable(String operation) {
        if (options.readOnly()) {
            throw new IllegalStateException("redis backend: " + operation + "() refused: the backend was opened "
                    + "read-only (option read_only=true)");
        }
    }

    /**
     * Closes the backend: refuses later appends (dropped and counted), lets the drainer send what is
     * queued and waits for the replies, for at most {@code close_timeout_ms} in all (plus
     * {@code timeout_ms} if the drainer is stuck), counts what it could not send in
     * {@code write_errors}, and closes the connection, which fails (and counts) the appends still
     * unanswered. Idempotent; reads keep working, each on a connection of its own.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closeCalled) {
                return;
            }
            closeCalled = true;
            queue.close();
            long bound = Math.max(1, options.closeTimeout().toMillis());
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound);
            try {
                drainer.join(bound); // returns at once when it never started (read-only)
                awaitProgress(queue.accepted(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), true);
                if (drainer.isAlive()) {
                    drainer.interrupt();
                    drainer.join(options.timeout().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            dispatchLock.lock();
            try {
                int n;
                while ((n = queue.drain(batch)) > 0) { // what the drainer could not send in time
                    Arrays.fill(batch, 0, n, null);
                    metrics.counts.writesFailed(n);
                    advance(n, false);
                    advance(n, true);
                }
            } finally {
                dispatchLock.unlock();
            }
            closed = true;
            connection.close();
            // Not awaited: with shared resources a client's shut-down only closes what it opened, all closed here.
            client.shutdownAsync(0, options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public boolean isClosed() {
        return closeCalled;
    }

    @Override
    public String toString() {
        return "RedisStreamsBackend[" + options.redactedUri() + ", " + streams[0] + ", ...]";
    }
}
