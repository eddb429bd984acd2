package io.papyra.benchmarks;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.Query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One writer appending while one reader keeps asking for the latest 100 records (goal 2, second
 * half): two threads per group, throughput mode. JMH reports the group's total and, as secondary
 * results, each thread's own rate; the writer's rate is the one compared.
 *
 * <p>The writer replaces the log by an empty one every {@link Fixtures#RENEW_MASK 2^20} appends
 * (and each iteration starts with a new one); the reader then briefly sees fewer than 100 records.
 * The baseline reads under the list's own lock, as {@link Collections#synchronizedList} requires,
 * and copies into an immutable list like the backend's snapshot.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class WriterReaderBenchmark {

    private static final Query LATEST_100 = Query.latest(100);

    private volatile PersistenceBackend memory;
    private volatile List<EventRecord> synchronizedList;


    /**
     * Moves the pre-built records to the old generation first: while they are young, every
     * humongous array that references them (the ArrayList baselines' backing arrays, over 512 KiB)
     * is a root of the next young collection, which then took seconds.
     */
    @Setup(Level.Trial)
    public void settle() {
        Fixtures.settle();
    }

    @Setup(Level.Iteration)
    public void newLogs() {
        memory = Backends.memory();
        synchronizedList = Collections.synchronizedList(new ArrayList<>());
    }

    @Benchmark
    @Group("memory")
    @GroupThreads(1)
    public void memoryWriter(Cursor c) {
        memory.recordEvent(Fixtures.EVENTS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            memory = Backends.memory();
        }
    }

    @Benchmark
    @Group("memory")
    @GroupThreads(1)
    public List<EventRecord> memoryReader() {
        return memory.listEvents(LATEST_100);
    }

    @Benchmark
    @Group("synchronizedList")
    @GroupThreads(1)
    public boolean synchronizedListWriter(Cursor c) {
        boolean added = synchronizedList.add(Fixtures.EVENTS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            synchronizedList = Collections.synchronizedList(new ArrayList<>());
        }
        return added;
    }

    @Benchmark
    @Group("synchronizedList")
    @GroupThreads(1)
    public List<EventRecord> synchronizedListReader() {
        List<EventRecord> list = synchronizedList;
        synchronized (list) {
            int n = list.size();
            return List.copyOf(list.subList(Math.max(0, n - 100), n));
        }
    }
}
