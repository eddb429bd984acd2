package io.papyra.persistence.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stripes: claims, overflow when writers outnumber stripes, and reuse after a writer dies. */
class StripedAppenderTest {

    /** A merge target that checks it receives every number once, in order. */
    private static final class Collected implements StripedAppender.Sink {
        final List<Object> records = new ArrayList<>();

        @Override
        public void place(long sequence, Object record) {
            assertEquals(records.size(), sequence, "sequence numbers arrive in order, without gaps");
            records.add(record);
        }
    }

    private record Entry(int writer, int index) {
    }

    @Test
    void moreLiveWritersThanStripesAllKeepEveryRecordInTheirOrder() throws Exception {
        StripedAppender appender = new StripedAppender();
        int writers = StripedAppender.STRIPES + 16; // more than the stripes: some must use the overflow stripe
        int each = 3_000;
        CyclicBarrier start = new CyclicBarrier(writers);
        CyclicBarrier finish = new CyclicBarrier(writers); // all alive until all are done: no stripe is reused
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < each; i++) {
                        appender.append(new Entry(writer, i));
                    }
                    finish.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), "writer did not finish");
        }
        assertTrue(failures.isEmpty(), () -> failures.toString());
        assertTrue(appender.overflowUsed(), "writers beyond the stripes share the overflow stripe");

        Collected collected = new Collected();
        assertEquals((long) writers * each, appender.reserved());
        assertEquals((long) writers * each, appender.drain(0, collected));
        Map<Integer, Integer> next = new HashMap<>();
        for (Object o : collected.records) {
            Entry entry = (Entry) o;
            int expected = next.getOrDefault(entry.writer(), 0);
            assertEquals(expected, entry.index(), "writer " + entry.writer() + " out of order");
            next.put(entry.writer(), expected + 1);
        }
        assertEquals(writers, next.size());
        next.values().forEach(count -> assertEquals(each, count));
    }

    @Test
    void stripesOfTerminatedWritersAreReusedWithoutReorderingAnything() throws Exception {
        StripedAppender appender = new StripedAppender();
        List<Entry> expected = new ArrayList<>();
        Collected collected = new Collected();
        long merged = 0;
        for (int w = 0; w < 100; w++) { // far more writers, one after another, than stripes
            int writer = w;
            int count = 1 + (w * 37) % (2 * StripedAppender.STRIPE_CHUNK);
            Thread thread = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    appender.append(new Entry(writer, i));
                }
            });
            thread.start();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(thread.isAlive());
            for (int i = 0; i < count; i++) {
                expected.add(new Entry(writer, i));
            }
            if (w % 7 == 0) {
                merged = appender.drain(merged, collected); // merge now and then, mid-stripe too
            }
        }
        appender.drain(merged, collected);
        assertEquals(expected, collected.records);
        assertTrue(appender.stripesInUse() <= StripedAppender.STRIPES, "stripes of terminated writers are reused");
        assertFalse(appender.overflowUsed(), "one live writer at a time never needs the overflow stripe");
    }

    @Test
    void concurrentWritersEachAppendToAStripeOfTheirOwn() throws Exception {
        StripedAppender appender = new StripedAppender();
        CyclicBarrier bothStarted = new CyclicBarrier(2);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread thread = new Thread(() -> {
                try {
                    bothStarted.await(30, TimeUnit.SECONDS); // both alive: neither can take the other's stripe
                    for (int i = 0; i < 3 * StripedAppender.STRIPE_CHUNK; i++) {
                        appender.append(i);
                    }
                    bothStarted.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(2, appender.stripesInUse());
        assertFalse(appender.overflowUsed());
        assertEquals(6L * StripedAppender.STRIPE_CHUNK, appender.drain(0, new Collected()));
    }

    @Test
    void homeSlotsSpreadConsecutiveThreadIds() {
        Set<Integer> homes = new HashSet<>();
        for (int i = 0; i < StripedAppender.STRIPES; i++) {
            int home = StripedAppender.home(new Thread(() -> { }));
            assertTrue(home >= 0 && home < StripedAppender.STRIPES, "home slot in range: " + home);
            homes.add(home);
        }
        assertTrue(homes.size() >= StripedAppender.STRIPES / 2, "homes of consecutive threads: " + homes);
    }

    @Test
    void aMergeStopsAtTheFirstRecordNotYetStoredAndResumesThere() {
        StripedAppender appender = new StripedAppender();
        Collected collected = new Collected();
        assertEquals(0, appender.drain(0, collected));
        appender.append("a");
        appender.append("b");
        assertEquals(2, appender.drain(0, collected));
        assertEquals(2, appender.drain(2, collected), "nothing new: the merge stays put");
        appender.append("c");
        assertEquals(3, appender.drain(2, collected));
        assertEquals(List.of("a", "b", "c"), collected.records);
    }
}
