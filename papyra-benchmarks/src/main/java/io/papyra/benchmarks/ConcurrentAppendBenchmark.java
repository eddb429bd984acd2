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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two writers on two threads appending to one shared log (goal 2). Throughput mode: the score is
 * the total of both threads, in appends per microsecond (higher is better).
 *
 * <p>Each writer has its own cursor ({@link Cursor}); when a writer has made
 * {@link Fixtures#RENEW_MASK 2^20} appends it replaces the shared log by an empty one (the other
 * writer may still finish an append on the old one, which is then garbage: harmless), so the live
 * log stays under about 2^21 records. The shared fields are volatile so that a replacement is seen.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class ConcurrentAppendBenchmark {

    private volatile PersistenceBackend memory;
    private volatile List<Object> synchronizedList;
    private volatile Queue<Object> queue;
    private final AtomicLong counter = new AtomicLong();


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
        queue = new ConcurrentLinkedQueue<>();
    }

    @Benchmark
    public void memoryEvent(Cursor c) {
        memory.recordEvent(Fixtures.EVENTS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            memory = Backends.memory();
        }
    }

    @Benchmark
    public void memoryAudit(Cursor c) {
        memory.recordAudit(Fixtures.AUDITS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            memory = Backends.memory();
        }
    }

    @Benchmark
    public void memoryDeadLetter(Cursor c) {
        memory.recordDeadLetter(Fixtures.DEAD_LETTERS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            memory = Backends.memory();
        }
    }

    @Benchmark
    public boolean synchronizedList(Cursor c) {
        boolean added = synchronizedList.add(Fixtures.EVENTS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            synchronizedList = Collections.synchronizedList(new ArrayList<>());
        }
        return added;
    }

    @Benchmark
    public boolean concurrentLinkedQueue(Cursor c) {
        boolean added = queue.add(Fixtures.EVENTS[c.i & Fixtures.CYCLE_MASK]);
        if (c.renew()) {
            queue = new ConcurrentLinkedQueue<>();
        }
        return added;
    }

    /** A shared sequence number alone, contended by both threads. */
    @Benchmark
    public long atomicLong() {
        return counter.getAndIncrement();
    }
}
