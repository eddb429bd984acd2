package io.papyra.persistence.memory;

import io.papyra.persistence.EventRecord;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The merge alone, per record: {@value #RECORDS} records stored by {@code writers} stripes with
 * perfectly interleaved stamps (writer {@code i % writers} holds stamp {@code i}: the worst case
 * for a merge that walks stripes), merged into a log. The baseline is the same merge of one
 * writer's records, in the same run: the issue asks that 64 writers cost at most 2x per record.
 *
 * <p>In this package (inside the benchmarks jar) because the appender is package-private. Every
 * invocation merges a freshly filled appender ({@link Level#Invocation} setup; an invocation takes
 * a few hundred microseconds, far above the setup's timing overhead). The stripes are filled from
 * one thread through {@code appendVia}, the real store path on shared stripes, so that the
 * interleaving is exact; the merge neither knows nor cares which thread stored a record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MergeBenchmark.RECORDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch"})
public class MergeBenchmark {

    static final int RECORDS = 1 << 16;
    private static final EventRecord[] EVENTS = new EventRecord[4096];

    static {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < EVENTS.length; i++) {
            EVENTS[i] = new EventRecord("orders", "local://" + (1000 + i), "ActorStarted", Map.of(), t.plusMillis(i));
        }
    }

    @Param({"1", "2", "16", "64"})
    int writers;

    private StripedAppender appender;
    private ArrayTarget target;

    /** The merge's destination: one array, as the log's chunks are for a reader. */
    static final class ArrayTarget implements StripedAppender.Target {
        final Object[] slots = new Object[RECORDS];

        @Override
        public void set(long index, Object record) {
            slots[(int) index] = record;
        }

        @Override
        public Object get(long index) {
            return slots[(int) index];
        }
    }

    @Setup(Level.Invocation)
    public void fill() {
        appender = new StripedAppender();
        for (int i = 0; i < RECORDS; i++) {
            appender.appendVia(i % writers, EVENTS[i & (EVENTS.length - 1)]);
        }
        target = new ArrayTarget();
    }

    @Benchmark
    public long merge() {
        long placed = appender.drain(target);
        if (placed != RECORDS) {
            throw new IllegalStateException("merged " + placed + " of " + RECORDS);
        }
        return placed;
    }
}
