package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code compact()} of a memory backend holding {@value #SIZE} events under a
 * {@code maxRecords = keep} policy, against its floor: copying the {@code keep} newest references
 * of a flat array into a new one.
 *
 * <p>Compaction is destructive, so every call needs a freshly filled backend: {@link Filled}
 * refills one in a {@link Level#Invocation} setup, which JMH keeps outside the timed region. That
 * level is only sound for operations much longer than a timer read (tens of ns); a compaction of
 * 1M records takes tens to hundreds of microseconds, so it is. Each refill leaves the previous backend (about 1M references) as
 * garbage, so a young collection may land inside a timed call: that is part of the figure. The
 * GC profiler's B/op counts the refill too (the backend's chunks for 1M appends), not only the
 * compaction.
 *
 * <p>Two variants: {@link #memoryCompact} right after the appends, and
 * {@link #memoryCompactAfterRead} after one read. The backend does deferred per-append work on the
 * first read or compaction after appends (publishing them, or merging the writers' stripes), so
 * the first variant includes that work and the second shows the compaction alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class CompactBenchmark {

    static final int SIZE = 1_000_000;

    @Param({"1000", "100000"})
    public int keep;

    private EventRecord[] log;

    @Setup(Level.Trial)
    public void build() {
        log = Fixtures.log(SIZE);
        Fixtures.settle();
    }

    private PersistenceBackend filledBackend() {
        PersistenceBackend backend = Backends.memory(BackendConfig.defaults()
                .withRetention(RetentionPolicy.none().withMaxRecords(keep)));
        for (EventRecord record : log) {
            backend.recordEvent(record);
        }
        return backend;
    }

    private void check(CompactionReport report) {
        if (report.recordsBefore() != SIZE || report.recordsAfter() != keep) {
            throw new IllegalStateException("compact() of " + SIZE + " under maxRecords=" + keep + " reported " + report);
        }
    }

    /** A backend just filled with {@value #SIZE} events before every call, never read. */
    @State(Scope.Thread)
    public static class Filled {
        PersistenceBackend backend;
        CompactionReport report;

        @Setup(Level.Invocation)
        public void refill(CompactBenchmark bench) {
            backend = bench.filledBackend();
        }

        @TearDown(Level.Invocation)
        public void check(CompactBenchmark bench) {
            bench.check(report);
        }
    }

    /** The same, read once after filling, so that the appends are already published. */
    @State(Scope.Thread)
    public static class FilledAndRead {
        PersistenceBackend backend;
        CompactionReport report;

        @Setup(Level.Invocation)
        public void refill(CompactBenchmark bench) {
            backend = bench.filledBackend();
            backend.listEvents(Query.latest(1));
        }

        @TearDown(Level.Invocation)
        public void check(CompactBenchmark bench) {
            bench.check(report);
        }
    }

    /** Compaction right after the appends: includes the deferred per-append work (see the class comment). */
    @Benchmark
    public CompactionReport memoryCompact(Filled filled) {
        filled.report = filled.backend.compact();
        return filled.report;
    }

    /** Compaction of a log already read once: the compaction alone. */
    @Benchmark
    public CompactionReport memoryCompactAfterRead(FilledAndRead filled) {
        filled.report = filled.backend.compact();
        return filled.report;
    }

    @Benchmark
    public Object[] floorCopyTail() {
        return Arrays.copyOfRange(log, SIZE - keep, SIZE);
    }
}
