package io.papyra.benchmarks;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many short-lived writers (goal: at most 2x the time of two platform threads appending the same
 * total). One operation appends {@value #TOTAL} events to a new backend and waits until every
 * writer is done:
 * <ul>
 *   <li>{@code platform2}: two platform threads, half each (the baseline);</li>
 *   <li>{@code virtual10k}: 10,000 virtual threads, {@value #EACH} each (JDK 21+; on older JDKs it
 *       throws, and the suite leaves it out);</li>
 *   <li>{@code platform10k}: 10,000 short-lived platform threads, {@value #EACH} each, at most
 *       {@value #ALIVE} started at once;</li>
 *   <li>{@code virtual10kNoAppend} and {@code platform10kNoAppend}: the same threads doing the same
 *       loop without appending, so that the cost of the threads alone is visible.</li>
 * </ul>
 * Milliseconds per operation (lower is better).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.XMS, Jvm.XMX, Jvm.XMN, Jvm.PRETOUCH})
public class ManyWritersBenchmark {

    static final int THREADS = 10_000;
    static final int EACH = 100;
    static final int TOTAL = THREADS * EACH;
    static final int ALIVE = 256;

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, or null before JDK 21. */
    private static final MethodHandle VIRTUAL_EXECUTOR = virtualExecutor();

    private static MethodHandle virtualExecutor() {
        try {
            return MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Whether this JDK has virtual threads. */
    static boolean hasVirtualThreads() {
        return VIRTUAL_EXECUTOR != null;
    }

    private PersistenceBackend backend;
    /** Sink of the loops that do not append, so that the JIT cannot drop them. */
    private volatile long sink;

    @Setup(Level.Trial)
    public void settle() {
        Fixtures.settle();
    }

    @Setup(Level.Invocation)
    public void newBackend() {
        backend = Backends.memory();
    }

    private void append(int writer, int count) {
        PersistenceBackend b = backend;
        for (int i = 0; i < count; i++) {
            b.recordEvent(Fixtures.EVENTS[(writer + i) & Fixtures.CYCLE_MASK]);
        }
    }

    private void noAppend(int writer, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            EventRecord e = Fixtures.EVENTS[(writer + i) & Fixtures.CYCLE_MASK];
            sum += e.actorAddress().length();
        }
        sink = sum;
    }

    @Benchmark
    public void platform2() throws InterruptedException {
        Thread a = new Thread(() -> append(0, TOTAL / 2));
        Thread b = new Thread(() -> append(1, TOTAL / 2));
        a.start();
        b.start();
        a.join();
        b.join();
    }

    @Benchmark
    public void virtual10k() throws Throwable {
        virtual(true);
    }

    @Benchmark
    public void virtual10kNoAppend() throws Throwable {
        virtual(false);
    }

    private void virtual(boolean appending) throws Throwable {
        if (VIRTUAL_EXECUTOR == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+; this is " + Runtime.version());
        }
        ExecutorService executor = (ExecutorService) VIRTUAL_EXECUTOR.invokeExact();
        try {
            for (int t = 0; t < THREADS; t++) {
                int writer = t;
                executor.execute(appending ? () -> append(writer, EACH) : () -> noAppend(writer, EACH));
            }
        } finally {
            executor.shutdown();
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("virtual writers did not finish");
            }
        }
    }

    @Benchmark
    public void platform10k() throws InterruptedException {
        platform(true);
    }

    @Benchmark
    public void platform10kNoAppend() throws InterruptedException {
        platform(false);
    }

    private void platform(boolean appending) throws InterruptedException {
        Thread[] window = new Thread[ALIVE];
        for (int t = 0; t < THREADS; t++) {
            int writer = t;
            Thread previous = window[t % ALIVE];
            if (previous != null) {
                previous.join();
            }
            Thread thread = new Thread(appending ? () -> append(writer, EACH) : () -> noAppend(writer, EACH));
            window[t % ALIVE] = thread;
            thread.start();
        }
        for (Thread thread : window) {
            if (thread != null) {
                thread.join();
            }
        }
    }
}
