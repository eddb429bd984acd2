package io.papyra.benchmarks;

import io.papyra.persistence.EventRecord;

import java.time.Instant;
import java.util.ArrayList;
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
 * The floors and the naive way for the reads of {@link ReadBenchmark}, over the same log: a flat
 * array of the records in timestamp order, and an {@code ArrayList} of them.
 *
 * <ul>
 *   <li>{@link #copyLast100}: a plain copy of the last 100 references into a new array;</li>
 *   <li>{@link #binarySearchCopy100}: binary search on the records' timestamps for the first one
 *       at or after {@code since}, then a copy from there to the end (100 references);</li>
 *   <li>{@link #naiveLatest100} and {@link #naiveSince100}: what the Python original does, a
 *       linear filter over the whole list then the last {@code limit}.</li>
 * </ul>
 * No retention here: the floors ignore it, and the original applied none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class ReadFloorBenchmark {

    @Param({"1000", "1000000"})
    public int size;

    private EventRecord[] flat;
    private List<EventRecord> list;
    private Instant since;

    @Setup(Level.Trial)
    public void fill() {
        flat = Fixtures.log(size);
        list = new ArrayList<>(Arrays.asList(flat));
        since = Fixtures.timestamp(size - 100);
        if (binarySearchCopy100().length != 100 || naiveSince100().size() != 100) {
            throw new IllegalStateException("floors must return 100 records");
        }
        Fixtures.settle();
    }

    @Benchmark
    public Object[] copyLast100() {
        return Arrays.copyOfRange(flat, size - 100, size);
    }

    @Benchmark
    public Object[] binarySearchCopy100() {
        EventRecord[] records = flat;
        int lo = 0;
        int hi = records.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records[mid].timestamp().isBefore(since)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Arrays.copyOfRange(records, lo, records.length);
    }

    @Benchmark
    public List<EventRecord> naiveLatest100() {
        return naive(list, null, 100);
    }

    @Benchmark
    public List<EventRecord> naiveSince100() {
        return naive(list, since, Integer.MAX_VALUE);
    }

    /** {@code [r for r in records if since is None or r.timestamp >= since][-limit:]}. */
    private static List<EventRecord> naive(List<EventRecord> records, Instant since, int limit) {
        List<EventRecord> selected = new ArrayList<>();
        for (EventRecord record : records) {
            if (since == null || !record.timestamp().isBefore(since)) {
                selected.add(record);
            }
        }
        int from = Math.max(0, selected.size() - limit);
        return new ArrayList<>(selected.subList(from, selected.size()));
    }
}
