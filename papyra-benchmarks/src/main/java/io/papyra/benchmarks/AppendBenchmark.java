package io.papyra.benchmarks;

import io.papyra.persistence.PersistenceBackend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One writer appending pre-built records (goal 1, and goal 3 with {@code -prof gc}): the memory
 * backend's three appends, metrics included, against the baselines.
 *
 * <p>Every contender starts a new log each iteration ({@link Setup @Setup(Level.Iteration)}) and
 * every {@link Fixtures#RENEW_MASK 2^20} appends, so logs never grow without bound; the record is
 * {@code Fixtures.X[i & CYCLE_MASK]}, one array load, the same for all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class AppendBenchmark {

    private int i;
    private PersistenceBackend memory;
    private ChunkedArrayLog floor;
    private List<Object> arrayList;
    private List<Object> synchronizedList;
    private Queue<Object> queue;
    private AtomicLong counter;

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
        floor = new ChunkedArrayLog();
        arrayList = new ArrayList<>();
        synchronizedList = Collections.synchronizedList(new ArrayList<>());
        queue = new ConcurrentLinkedQueue<>();
        counter = new AtomicLong();
    }

    /** Advances the cursor; true when the log must be replaced by an empty one. */
    private boolean renew() {
        return (++i & Fixtures.RENEW_MASK) == 0;
    }

    @Benchmark
    public void memoryEvent() {
        memory.recordEvent(Fixtures.EVENTS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            memory = Backends.memory();
        }
    }

    @Benchmark
    public void memoryAudit() {
        memory.recordAudit(Fixtures.AUDITS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            memory = Backends.memory();
        }
    }

    @Benchmark
    public void memoryDeadLetter() {
        memory.recordDeadLetter(Fixtures.DEAD_LETTERS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            memory = Backends.memory();
        }
    }

    /** Floor: chunked {@code Object[]} with an int cursor, single writer. */
    @Benchmark
    public void floorChunkedArray() {
        floor.add(Fixtures.EVENTS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            floor = new ChunkedArrayLog();
        }
    }

    @Benchmark
    public boolean arrayList() {
        boolean added = arrayList.add(Fixtures.EVENTS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            arrayList = new ArrayList<>();
        }
        return added;
    }

    @Benchmark
    public boolean synchronizedList() {
        boolean added = synchronizedList.add(Fixtures.EVENTS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            synchronizedList = Collections.synchronizedList(new ArrayList<>());
        }
        return added;
    }

    @Benchmark
    public boolean concurrentLinkedQueue() {
        boolean added = queue.add(Fixtures.EVENTS[i & Fixtures.CYCLE_MASK]);
        if (renew()) {
            queue = new ConcurrentLinkedQueue<>();
        }
        return added;
    }

    /** A sequence number alone: the least a thread-safe log must do per append. */
    @Benchmark
    public long atomicLong() {
        long n = counter.getAndIncrement();
        renew();
        return n;
    }
}
