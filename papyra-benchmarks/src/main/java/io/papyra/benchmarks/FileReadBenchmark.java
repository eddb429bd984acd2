package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.Query;
import io.papyra.persistence.file.FilePersistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latest-100 and since-100 reads of a file-backend log of {@code records} (1,000,000) events,
 * against the floors of the same run: {@code floorMemoryLatest100} (a copy of the last 100 records
 * of an in-memory list of the same records) and {@code floorRead100Lines} (one positional read of
 * the bytes of the last 100 lines of the last segment). Goal (issue 10): each read at most 3x the
 * sum of the two floors. {@code latest100} and {@code since100} read through a read-only backend
 * (as the CLI does, while the writer is open), which first checks whether the writer changed the
 * log; {@code latest100Writer} and {@code since100Writer} read through the writer's own backend.
 * Also {@code open}: opening the directory read-only (its index from the checkpoints), then closing it.
 *
 * <p>Run alone: {@code java -jar papyra-benchmarks/target/benchmarks.jar FileReadBenchmark}. The
 * setup writes the log with {@code fsync=never} (tens of seconds on a busy machine).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FileReadBenchmark {

    @Param("1000000")
    public int records;

    private Path dir;
    private PersistenceBackend backend;
    private PersistenceBackend writerBackend;
    private List<EventRecord> memory;
    private Instant since100;
    private FileChannel lastSegment;
    private long tailOffset;
    private int tailLength;

    @Setup(Level.Trial)
    public void build() throws IOException {
        dir = Files.createTempDirectory("papyra-file-read-bench");
        BackendConfig config = BackendConfig.defaults().withOption("dir", dir.toString()).withOption("fsync", "never")
                .withOption("queue_capacity", "1000000");
        memory = new ArrayList<>(records);
        EventRecord[] log = Fixtures.events(records);
        try (PersistenceBackend writer = new FilePersistence(config)) {
            for (EventRecord e : log) {
                writer.recordEvent(e);
                memory.add(e);
            }
        }
        since100 = log[records - 100].timestamp();
        writerBackend = new FilePersistence(config);
        settle();
        backend = new FilePersistence(config.withOption("read_only", "true"));
        for (PersistenceBackend b : List.of(backend, writerBackend)) {
            if (b.listEvents(Query.latest(100)).size() != 100 || b.listEvents(Query.since(since100)).size() != 100) {
                throw new IllegalStateException("the log does not hold the records it was given");
            }
        }
        Path last;
        try (Stream<Path> files = Files.walk(dir.resolve("events"))) {
            last = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(last);
        int lines = 0;
        int at = bytes.length - 1;
        while (at > 0 && lines <= 100) {
            if (bytes[at - 1] == '\n') {
                lines++;
            }
            if (lines <= 100) {
                at--;
            }
        }
        tailOffset = at;
        tailLength = bytes.length - at;
        lastSegment = FileChannel.open(last, StandardOpenOption.READ);
    }

    /**
     * Waits until the directories were last changed (the writer's checkpoints at its close) more than
     * the read-only backend's trust window (3 s) ago, as for a reader that has followed a writer for
     * a while: reads then look only at the directories' times and the last segment's size. Within
     * the window after a change (a new segment, a compaction) each read lists the directories.
     */
    private static void settle() {
        try {
            Thread.sleep(3500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while settling", e);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        backend.close();
        writerBackend.close();
        lastSegment.close();
        FileAppendBenchmark.delete(dir);
    }

    @Benchmark
    public List<EventRecord> latest100() {
        return backend.listEvents(Query.latest(100));
    }

    @Benchmark
    public List<EventRecord> since100() {
        return backend.listEvents(Query.since(since100));
    }

    /** {@link #latest100} through the writer's own backend (no change check against the directory). */
    @Benchmark
    public List<EventRecord> latest100Writer() {
        return writerBackend.listEvents(Query.latest(100));
    }

    /** {@link #since100} through the writer's own backend. */
    @Benchmark
    public List<EventRecord> since100Writer() {
        return writerBackend.listEvents(Query.since(since100));
    }

    /**
     * Before each invocation of {@link #latest100AfterAppend}: the writer appends 100 new events
     * and has written them (not measured).
     */
    @State(Scope.Thread)
    public static class Appended {
        private int next;

        @Setup(Level.Invocation)
        public void append100(FileReadBenchmark b) {
            for (int i = 0; i < 100; i++) {
                EventRecord e = Fixtures.EVENTS[next & Fixtures.CYCLE_MASK];
                b.writerBackend.recordEvent(new EventRecord(e.systemId(), e.actorAddress(), e.eventType(), e.payload(),
                        Fixtures.timestamp(b.records + next++)));
            }
            if (b.writerBackend.listEvents(Query.latest(1)).isEmpty()) { // returns once the 100 are written
                throw new IllegalStateException("the writer lost the appends");
            }
        }
    }

    /**
     * A follower's read: latest-100 through the read-only backend after the writer appended 100
     * records, so the read notices the growth, indexes the 100 new lines, reads and decodes them
     * (none is in its decoded cache): the uncached cost, against the same floors.
     */
    @Benchmark
    public List<EventRecord> latest100AfterAppend(Appended appended) {
        return backend.listEvents(Query.latest(100));
    }

    @Benchmark
    public List<EventRecord> floorMemoryLatest100() {
        return List.copyOf(memory.subList(memory.size() - 100, memory.size()));
    }

    @Benchmark
    public ByteBuffer floorRead100Lines() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(tailLength);
        while (buf.hasRemaining()) {
            lastSegment.read(buf, tailOffset + buf.position());
        }
        return buf;
    }

    @Benchmark
    @Measurement(iterations = 3, time = 1)
    public boolean open() {
        try (PersistenceBackend opened = new FilePersistence(BackendConfig.defaults().withOption("dir", dir.toString())
                .withOption("read_only", "true"))) {
            return opened.isClosed();
        }
    }
}
