package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads of the memory backend (goal 4): the latest 100 events, and the events {@code since} a
 * timestamp that selects exactly the last 100, on logs of {@code size} records, under each
 * retention bound and all three together (see {@link Fixtures#retention}). The backend's clock is
 * fixed 1 ms after the last record, so age retention cuts at the same record in every read.
 *
 * <p>The log is filled once per fork ({@link Level#Trial}); reads do not change it. Before
 * measuring, each read is checked against the API's reference implementation
 * ({@link RetentionPolicy#retain}), so a wrong answer fails the run instead of being timed. The
 * floors are in {@link ReadFloorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class ReadBenchmark {

    @Param({"1000", "1000000"})
    public int size;

    @Param({"none", "maxRecords", "maxAge", "maxBytes", "all"})
    public String retention;

    private PersistenceBackend backend;
    private Query latest;
    private Query since;

    @Setup(Level.Trial)
    public void fill() {
        EventRecord[] log = Fixtures.log(size);
        RetentionPolicy policy = Fixtures.retention(retention, size);
        Instant now = Fixtures.readTime(size);
        backend = Backends.memory(BackendConfig.defaults()
                .withRetention(policy)
                .withClock(InstantSource.fixed(now)));
        for (EventRecord record : log) {
            backend.recordEvent(record);
        }
        latest = Query.latest(100);
        since = Query.since(Fixtures.timestamp(size - 100));

        List<EventRecord> retained = policy.retain(Arrays.asList(log), now);
        check("latest", backend.listEvents(latest), retained.subList(retained.size() - 100, retained.size()));
        check("since", backend.listEvents(since), List.of(log).subList(size - 100, size));
        Fixtures.settle();
    }

    private void check(String read, List<EventRecord> actual, List<EventRecord> expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException(read + " read of " + size + " records under retention " + retention
                    + " returned " + actual.size() + " records that differ from the reference ("
                    + expected.size() + ")");
        }
    }

    @Benchmark
    public List<EventRecord> memoryLatest100() {
        return backend.listEvents(latest);
    }

    @Benchmark
    public List<EventRecord> memorySince100() {
        return backend.listEvents(since);
    }
}
