package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

/** Runs a task on several threads at once, for tests of thread-safety. */
final class Threads {

    private static final long JOIN_TIMEOUT_MILLIS = 30_000;

    private Threads() {
    }

    /**
     * Starts {@code threads} threads that wait on a common barrier and then run {@code task}; waits
     * for all of them and fails if one threw or did not finish in time.
     */
    static void runConcurrently(int threads, Runnable task) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(threads);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    task.run();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "test-worker-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(JOIN_TIMEOUT_MILLIS);
            if (worker.isAlive()) {
                worker.interrupt();
            }
            assertFalse(worker.isAlive(), worker.getName() + " did not finish within " + JOIN_TIMEOUT_MILLIS + " ms");
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " worker(s) failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
