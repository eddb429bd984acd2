package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction and clearing race with writers and optimistic readers: every read must still be a
 * window of the log in insertion order, whole records only.
 */
class ConcurrentMaintenanceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int WRITERS = 2;
    private static final int PER_WRITER = 60_000;
    private static final int KEEP = 3_000;

    @Test
    void readsStayConsistentWhileCompactionReleasesChunks() throws Exception {
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults()
                .withRetention(RetentionPolicy.none().withMaxRecords(KEEP)));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CyclicBarrier start = new CyclicBarrier(WRITERS + 2);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String actor = "writer-" + w;
            threads.add(thread(failures, () -> {
                start.await();
                for (int i = 0; i < PER_WRITER; i++) {
                    backend.recordEvent(new EventRecord("sys", actor, "E", Map.of(), T0.plusNanos(i)));
                }
            }));
        }
        threads.add(thread(failures, () -> {
            start.await();
            while (writing.get()) {
                checkWindow(backend.listEvents(Query.latest(500)), 500);
                checkWindow(backend.listEvents(), KEEP);
            }
        }));
        Thread compactor = thread(failures, () -> {
            start.await();
            while (writing.get()) {
                backend.compact();
            }
        });
        threads.add(compactor);
        threads.forEach(Thread::start);
        for (Thread t : threads.subList(0, WRITERS)) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        writing.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        List<EventRecord> all = backend.listEvents();
        assertEquals(KEEP, all.size());
        checkWindow(all, KEEP);
        assertEquals((long) WRITERS * PER_WRITER, backend.metrics().snapshot().recordsWritten());
        backend.compact();
        assertEquals(all, backend.listEvents(), "a compaction at rest removes nothing more");

        // Writers done: reads racing with compactions must all return exactly the settled window.
        Thread compactor2 = thread(failures, () -> {
            for (int i = 0; i < 2_000; i++) {
                backend.compact();
            }
        });
        Thread reader = thread(failures, () -> {
            for (int i = 0; i < 2_000; i++) {
                assertEquals(all, backend.listEvents());
                assertEquals(all.subList(KEEP - 10, KEEP), backend.listEvents(Query.latest(10)));
            }
        });
        compactor2.start();
        reader.start();
        compactor2.join(TimeUnit.SECONDS.toMillis(60));
        reader.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!compactor2.isAlive() && !reader.isAlive(), "maintenance race did not finish");
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    }

    /** No nulls, at most {@code max} records, and each writer's records consecutive and in its order. */
    private static void checkWindow(List<EventRecord> window, int max) {
        assertTrue(window.size() <= max, "window of " + window.size() + " > " + max);
        Map<String, Long> last = new HashMap<>();
        for (EventRecord record : window) {
            long nanos = record.timestamp().getNano();
            Long previous = last.put(record.actorAddress(), nanos);
            if (previous != null && nanos != previous + 1) {
                throw new AssertionError(record.actorAddress() + " jumped from " + previous + " to " + nanos);
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(ConcurrentLinkedQueue<Throwable> failures, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        thread.setDaemon(true);
        return thread;
    }
}
