package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many short-lived writers: 10,000 platform threads appending 100 records each lose nothing, keep
 * each thread's order, and leave as many stripes as were in use at once, not one per thread.
 */
class ManyWritersTest {

    static final int THREADS = 10_000;
    static final int EACH = 100;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The records of writer {@code w}: its number in the actor address, its sequence in the timestamp. */
    static EventRecord record(int w, int i) {
        return new EventRecord("sys", "local://" + w, "E", Map.of(), T0.plusNanos(i));
    }

    /** Every writer's records are all there, in its order. */
    static void assertEveryWriterWhole(List<EventRecord> records, int writers, int each) {
        assertEquals((long) writers * each, records.size());
        Map<String, Integer> next = new HashMap<>();
        for (EventRecord record : records) {
            int expected = next.getOrDefault(record.actorAddress(), 0);
            if (expected != record.timestamp().getNano()) {
                throw new AssertionError(record.actorAddress() + " out of order: " + record.timestamp() + ", want " + expected);
            }
            next.put(record.actorAddress(), expected + 1);
        }
        assertEquals(writers, next.size());
    }

    @Test
    void tenThousandShortLivedPlatformThreadsLoseNothingAndReuseStripes() throws Exception {
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults().withRetention(RetentionPolicy.none()));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> batch = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < EACH; i++) {
                        backend.recordEvent(record(writer, i));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            thread.start();
            batch.add(thread);
            if (batch.size() == 500) { // at most 500 alive at once: the machine's limit, not the backend's
                join(batch);
            }
            if (w % 2_000 == 0) {
                backend.listEvents(); // merges race with the writers
            }
        }
        join(batch);
        assertTrue(failures.isEmpty(), failures::toString);
        assertEveryWriterWhole(backend.listEvents(), THREADS, EACH);
        assertEquals((long) THREADS * EACH, backend.metrics().snapshot().recordsWritten());
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!thread.isAlive(), "writer did not finish");
        }
        threads.clear();
    }

    @Test
    void stripesDoNotGrowWithTheNumberOfThreadsEverSeen() throws Exception {
        StripedAppender appender = new StripedAppender();
        for (int round = 0; round < 50; round++) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 20; i++) {
                        appender.append(i);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            join(threads);
        }
        // 2,000 threads, at most 40 alive at once.
        assertTrue(appender.stripesInUse() <= StripedAppender.STRIPES + 40,
                "stripes: " + appender.stripesInUse() + " for 2,000 threads");
        assertEquals(2_000L * 20, appender.drain(new StripedAppenderTest.Positions()));
    }
}
