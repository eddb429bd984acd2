package io.papyra.benchmarks;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.json.RecordCodec;
import io.papyra.persistence.redis.RedisLog;
import io.papyra.persistence.redis.RedisPersistence;
import io.papyra.persistence.redis.RedisServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis Streams backend against a real redis-server started in each fork as the module's tests
 * start theirs ({@code -Dpapyra.redis.server=PATH}, else {@code redis-server} on {@code PATH}, else
 * the binary of {@code embedded-redis}), with its baselines in the same run:
 *
 * <ul>
 *   <li>{@code appendsOneWriter} / {@code appendsTwoWriters}: sustained appends per second, each
 *       invocation {@value #BATCH} appends then {@code flush()} (so every append counted was confirmed
 *       by the server), from 1 and 2 threads; each record is made and stamped with {@code Instant.now()}
 *       as it is appended, as a runtime does, so that the timestamp index grows at its end as a live
 *       system's does; against {@code rawPipelinedXadd} /
 *       {@code rawPipelinedXaddTwoConnections}: Lettuce pipelining {@value #BATCH} raw
 *       {@code XADD key * data <the same JSON>} per flush, the server's own ceiling for this record;</li>
 *   <li>{@code appendCallerLatency}: what the caller of one append waits, sampled, while the drainer
 *       runs; every {@value #ROOM} appends, outside the timed part, it waits until the server has
 *       them, so the queue never fills and every sampled append is an accepted one (a full queue's
 *       drop is cheaper and would flatter the figure; {@code records_dropped} is reported at tear-down);</li>
 *   <li>{@code latest100}, {@code since100}: reads of the newest 100 of a stream of {@code entries}
 *       records (a since that selects the last 100), against {@code rawXrevrange100}, a raw
 *       {@code XREVRANGE key + - COUNT 100} of the same stream (no decoding). Repeated, they find the
 *       records decoded by the read before ({@code read_cache}); {@code latest100Uncached} and
 *       {@code since100Uncached} read through a backend that keeps none, so they decode every record.</li>
 * </ul>
 * Not part of the {@link Suite}: run it by name, for example
 * {@code java -jar papyra-benchmarks/target/benchmarks.jar RedisBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisBenchmark {

    /** Appends per invocation of the append benchmarks. */
    public static final int BATCH = 1_000;
    /** Appends of appendCallerLatency between two waits for the server (far below the queue's capacity). */
    public static final int ROOM = 10_000;

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** One server per fork, with a backend for the appends. */
    @State(Scope.Benchmark)
    public static class Server {
        RedisServer server;
        RedisPersistence backend;
        RedisClient client;
        final AtomicInteger rawKeys = new AtomicInteger();

        /** Starts the server and opens the backend. */
        @Setup(Level.Trial)
        public void start() {
            server = RedisServer.start();
            backend = RedisPersistence.open(BackendConfig.defaults().withOption(RedisPersistence.URL, server.uri())
                    .withOption(RedisPersistence.PREFIX, "bench").withOption(RedisPersistence.QUEUE_CAPACITY, "1048576"));
            client = RedisClient.create(server.uri());
            client.setOptions(ClientOptions.builder().maintNotificationsConfig(MaintNotificationsConfig.disabled()).build());
        }

        /** Reports what was dropped (appendCallerLatency can fill the queue), then stops everything. */
        @TearDown(Level.Trial)
        public void stop() {
            backend.flush(Duration.ofSeconds(60));
            System.out.println("\n[redis backend] " + backend.metrics().snapshot().asMap());
            backend.close();
            client.shutdown();
            server.close();
        }
    }

    /** One writer's records and, for the baselines, its own pipelining connection. */
    @State(Scope.Thread)
    public static class Writer {
        EventRecord[] records;
        String[] addresses;
        List<Map<String, Object>> payloads;
        byte[][] data;
        int next;
        StatefulRedisConnection<String, byte[]> raw;
        String rawKey;

        /** Builds 1,000 distinct records of about 200 bytes of JSON each. */
        @Setup(Level.Trial)
        public void prepare(Server server) {
            records = new EventRecord[BATCH];
            addresses = new String[BATCH];
            payloads = new ArrayList<>(BATCH);
            data = new byte[BATCH][];
            RecordCodec codec = RecordCodec.standard();
            for (int i = 0; i < BATCH; i++) {
                addresses[i] = "local://" + i;
                payloads.add(Map.of("class", "OrderActor", "attempt", i, "reason", "benchmark"));
                records[i] = new EventRecord("bench", addresses[i], "ActorStarted", payloads.get(i), T.plusMillis(i));
                data[i] = codec.encode(records[i]);
            }
            raw = server.client.connect(CODEC);
            raw.setAutoFlushCommands(false);
            rawKey = "raw:" + server.rawKeys.incrementAndGet();
        }

        /**
         * Record {@code i} of the batch stamped now, as a runtime makes each record when it happens: the
         * timestamps go forward, as a live system's do, so the index grows at its end.
         */
        EventRecord stampedNow(int i) {
            return new EventRecord("bench", addresses[i], "ActorStarted", payloads.get(i), Instant.now());
        }

        EventRecord next() {
            EventRecord record = records[next];
            next = next + 1 == BATCH ? 0 : next + 1;
            return record;
        }

        /** Closes the baseline's connection. */
        @TearDown(Level.Trial)
        public void close() {
            raw.close();
        }
    }

    /**
     * Sustained appends from one thread: 1,000 appends, then a flush.
     *
     * @param server the server and backend
     * @param writer the thread's records
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(1)
    public void appendsOneWriter(Server server, Writer writer) {
        appendBatch(server, writer);
    }

    /**
     * Sustained appends from two threads at once.
     *
     * @param server the server and backend
     * @param writer the thread's records
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(2)
    public void appendsTwoWriters(Server server, Writer writer) {
        appendBatch(server, writer);
    }

    private static void appendBatch(Server server, Writer writer) {
        for (int i = 0; i < BATCH; i++) {
            server.backend.recordEvent(writer.stampedNow(i));
        }
        if (!server.backend.flush(Duration.ofSeconds(60))) {
            throw new IllegalStateException("flush timed out");
        }
    }

    /**
     * The baseline: 1,000 raw XADDs of the same JSON pipelined on one connection, then every reply.
     *
     * @param writer the thread's records and connection
     * @throws Exception if a reply fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(1)
    public void rawPipelinedXadd(Writer writer) throws Exception {
        rawBatch(writer);
    }

    /**
     * The baseline from two threads, each on its own connection.
     *
     * @param writer the thread's records and connection
     * @throws Exception if a reply fails
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Threads(2)
    public void rawPipelinedXaddTwoConnections(Writer writer) throws Exception {
        rawBatch(writer);
    }

    private static void rawBatch(Writer writer) throws InterruptedException, ExecutionException {
        List<RedisFuture<String>> replies = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            replies.add(writer.raw.async().xadd(writer.rawKey, Map.of("data", writer.data[i])));
        }
        writer.raw.flushCommands();
        for (RedisFuture<String> reply : replies) {
            reply.get();
        }
    }

    /**
     * What the caller of one append waits.
     *
     * @param server the server and backend
     * @param writer the thread's records
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Threads(1)
    public void appendCallerLatency(Server server, Writer writer, Room room) {
        server.backend.recordEvent(writer.next());
    }

    /** Keeps appendCallerLatency's queue from filling, outside the timed part. */
    @State(Scope.Thread)
    public static class Room {
        int sinceWait;

        /** Every {@value #ROOM} appends, waits until the server has every queued append. */
        @Setup(Level.Invocation)
        public void makeRoom(Server server) {
            if (++sinceWait == ROOM) {
                sinceWait = 0;
                if (!server.backend.flush(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the server did not take the queued appends within 60 s: "
                            + server.backend.metrics().snapshot().asMap());
                }
            }
        }
    }

    /** A stream of {@code entries} events with increasing timestamps, for the reads. */
    @State(Scope.Benchmark)
    public static class Stream {
        /** How many records the stream holds. */
        @Param("1000000")
        public int entries;

        RedisServer server;
        RedisPersistence backend;
        RedisPersistence uncached;
        RedisClient client;
        StatefulRedisConnection<String, byte[]> raw;
        String key;
        Instant since;

        /** Starts a server and fills the stream through the backend. */
        @Setup(Level.Trial)
        public void fill() {
            server = RedisServer.start();
            backend = RedisPersistence.open(BackendConfig.defaults().withOption(RedisPersistence.URL, server.uri())
                    .withOption(RedisPersistence.PREFIX, "reads").withOption(RedisPersistence.QUEUE_CAPACITY, "1048576"));
            for (int i = 0; i < entries; i++) {
                backend.recordEvent(new EventRecord("bench", "local://" + (i % 100), "ActorStarted",
                        Map.of("seq", i), T.plusMillis(i)));
                if (i % 100_000 == 99_999 && !backend.flush(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("flush timed out while filling the stream");
                }
            }
            backend.flush(Duration.ofMinutes(5));
            long stored = backend.metrics().snapshot().recordsWritten() - backend.metrics().snapshot().writeErrors();
            if (stored != entries) {
                throw new IllegalStateException("the stream holds " + stored + " records, not " + entries);
            }
            since = T.plusMillis(entries - 100L);
            uncached = RedisPersistence.open(BackendConfig.defaults().withOption(RedisPersistence.URL, server.uri())
                    .withOption(RedisPersistence.PREFIX, "reads").withOption(RedisPersistence.READ_CACHE, "0"));
            key = backend.streamKey(RedisLog.EVENTS);
            client = RedisClient.create(server.uri());
            client.setOptions(ClientOptions.builder().maintNotificationsConfig(MaintNotificationsConfig.disabled()).build());
            raw = client.connect(CODEC);
        }

        /** Stops everything. */
        @TearDown(Level.Trial)
        public void stop() {
            raw.close();
            client.shutdown();
            uncached.close();
            backend.close();
            server.close();
        }
    }

    /**
     * The newest 100 records, decoded.
     *
     * @param stream the stream
     * @return the records
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<EventRecord> latest100(Stream stream) {
        return stream.backend.listEvents(Query.latest(100));
    }

    /**
     * The records at or after a timestamp that selects the last 100, through the index.
     *
     * @param stream the stream
     * @return the records
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<EventRecord> since100(Stream stream) {
        return stream.backend.listEvents(Query.since(stream.since));
    }

    /**
     * The newest 100 records through a backend on the same keys that keeps nothing decoded
     * ({@code read_cache = 0}): every read decodes all 100, as a read of entries never read before does.
     *
     * @param stream the stream
     * @return the records
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<EventRecord> latest100Uncached(Stream stream) {
        return stream.uncached.listEvents(Query.latest(100));
    }

    /**
     * {@link #since100} through the backend that keeps nothing decoded.
     *
     * @param stream the stream
     * @return the records
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<EventRecord> since100Uncached(Stream stream) {
        return stream.uncached.listEvents(Query.since(stream.since));
    }

    /**
     * The baseline: a raw {@code XREVRANGE key + - COUNT 100}, not decoded.
     *
     * @param stream the stream
     * @return the entries
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<StreamMessage<String, byte[]>> rawXrevrange100(Stream stream) {
        return stream.raw.sync().xrevrange(stream.key, Range.unbounded(), Limit.from(100));
    }
}
