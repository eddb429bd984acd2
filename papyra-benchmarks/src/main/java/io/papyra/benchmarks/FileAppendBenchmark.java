package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.file.FilePersistence;
import io.papyra.persistence.json.RecordCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends to the file backend under each fsync policy, against raw {@link FileChannel} loops doing
 * the same work in the same run: {@code rawBuffered} encodes each record with the same codec and
 * writes it through a 256 KiB buffer (no force), {@code rawWriteForce} encodes, writes and forces
 * each record on its own. Goals (issue 10): {@code append} with {@code fsync=never} at least 50 % of
 * {@code rawBuffered}'s throughput; {@code appendTwoWriters} with {@code fsync=always} at least 10x
 * {@code rawWriteForce} (group commit). {@code appendEightWriters} and {@code appendSixteenWriters}
 * show how group commit scales with more waiting writers: as each append under {@code always}
 * waits for its force, n writers can share a force n ways at most (2 writers: at most 2x).
 * Throughput mode: operations per second (all threads together).
 *
 * <p>Run alone: {@code java -jar papyra-benchmarks/target/benchmarks.jar FileAppendBenchmark}
 * (the suite leaves it out: it measures the disk as much as the code). Files go to
 * {@code java.io.tmpdir}, deleted after each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FileAppendBenchmark {

    private static final RecordCodec CODEC = RecordCodec.standard();

    /** One backend shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Backend {
        @Param({"never", "interval", "always"})
        public String fsync;
        Path dir;
        PersistenceBackend backend;
        final AtomicInteger cursor = new AtomicInteger();

        /** Appends the next record of the fixture cycle; what every append benchmark does, from 1 to 16 threads. */
        void appendNext() {
            backend.recordEvent(Fixtures.EVENTS[cursor.getAndIncrement() & Fixtures.CYCLE_MASK]);
        }

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("papyra-file-bench");
            backend = new FilePersistence(BackendConfig.defaults().withOption("dir", dir.toString())
                    .withOption("fsync", fsync).withOption("fsync_interval_ms", "100")
                    .withOption("queue_capacity", "1000000"));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            backend.close();
            delete(dir);
        }
    }

    /** A raw channel per thread, the baselines'. */
    @State(Scope.Thread)
    public static class Raw {
        Path dir;
        FileChannel channel;
        final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        int i;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("papyra-raw-bench");
            channel = FileChannel.open(dir.resolve("raw.jsonl"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    @Benchmark
    public void append(Backend b) {
        b.appendNext();
    }

    @Benchmark
    @Threads(2)
    public void appendTwoWriters(Backend b) {
        b.appendNext();
    }

    /**
     * 8 threads appending to one backend: under {@code fsync=always} each thread waits for its force,
     * so a force can cover at most 8 appends; how close group commit comes is the point of this row.
     */
    @Benchmark
    @Threads(8)
    public void appendEightWriters(Backend b) {
        b.appendNext();
    }

    /** As {@link #appendEightWriters} with 16 threads (at most 16 appends per force). */
    @Benchmark
    @Threads(16)
    public void appendSixteenWriters(Backend b) {
        b.appendNext();
    }

    @Benchmark
    public void rawBuffered(Raw raw) throws IOException {
        EventRecord record = Fixtures.EVENTS[raw.i++ & Fixtures.CYCLE_MASK];
        byte[] line = CODEC.encode(record);
        if (raw.buffer.remaining() < line.length + 1) {
            raw.buffer.flip();
            while (raw.buffer.hasRemaining()) {
                raw.channel.write(raw.buffer);
            }
            raw.buffer.clear();
        }
        raw.buffer.put(line).put((byte) '\n');
    }

    @Benchmark
    public void rawWriteForce(Raw raw) throws IOException {
        EventRecord record = Fixtures.EVENTS[raw.i++ & Fixtures.CYCLE_MASK];
        byte[] line = CODEC.encode(record);
        ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        while (buf.hasRemaining()) {
            raw.channel.write(buf);
        }
        raw.channel.force(false);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
