package io.papyra.persistence.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stripes: claims, shared stripes when writers outnumber owned ones, reuse after a writer
 * dies, and the merge: stamp order, no waiting for a writer mid-append, O(n + k) scatter.
 */
class StripedAppenderTest {

    /** A merge target: a growable list of positions. */
    static class Positions implements StripedAppender.Target {
        final List<Object> slots = new ArrayList<>();

        @Override
        public void set(long index, Object record) {
            while (slots.size() <= index) {
                slots.add(null);
            }
            Object previous = slots.set((int) index, record);
            if (previous != null && record != null) {
                throw new AssertionError("position " + index + " written twice: " + previous + " then " + record);
            }
        }

        @Override
        public Object get(long index) {
            return index < slots.size() ? slots.get((int) index) : null;
        }

        /** The first {@code n} positions, which must all be filled. */
        List<Object> first(long n) {
            List<Object> out = new ArrayList<>(slots.subList(0, (int) n));
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) == null) {
                    throw new AssertionError("placed position " + i + " of " + n + " is empty");
                }
            }
            for (int i = (int) n; i < slots.size(); i++) {
                assertNull(slots.get(i), "nothing beyond the placed records");
            }
            return out;
        }
    }

    /** Positions whose {@code n}th write (counting from 1) fails, as a merge that runs out of stack would. */
    static Positions failingAt(int n) {
        int[] sets = {0};
        return new Positions() {
            @Override
            public void set(long index, Object record) {
                if (++sets[0] == n) {
                    throw new StackOverflowError("injected");
                }
                super.set(index, record);
            }
        };
    }

    /** A merge into {@code target} that fails part-way: it does not commit. */
    private static void drainFailing(StripedAppender appender, Positions target) {
        try {
            appender.drain(target);
        } catch (StackOverflowError expected) {
            // the merge did not commit
        }
    }

    record Entry(int writer, int index) {
    }

    /** Each writer's entries appear in its order, and all of them. */
    static void assertEachWriterInOrder(List<Object> records, int writers, int each) {
        Map<Integer, Integer> next = new HashMap<>();
        for (Object o : records) {
            Entry entry = (Entry) o;
            int expected = next.getOrDefault(entry.writer(), 0);
            if (expected != entry.index()) {
                throw new AssertionError("writer " + entry.writer() + " out of order: " + entry.index() + ", want " + expected);
            }
            next.put(entry.writer(), expected + 1);
        }
        assertEquals(writers, next.size());
        next.values().forEach(count -> assertEquals(each, count));
    }

    @Test
    void moreLiveWritersThanStripesShareStripesAndKeepEveryRecordInTheirOrder() throws Exception {
        StripedAppender appender = new StripedAppender();
        int writers = StripedAppender.STRIPES + 16; // more than the owned stripes: some must lease shared ones
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
        Positions positions = new Positions();
        long placed = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            placed = appender.drain(positions); // merges race with the writers
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertTrue(failures.isEmpty(), () -> failures.toString());
        assertTrue(appender.sharedStripes() > 0, "writers beyond the owned stripes lease shared ones");
        assertTrue(appender.sharedStripes() <= writers, "shared stripes: " + appender.sharedStripes());
        assertEquals((long) writers * each, appender.reserved());
        placed = appender.drain(positions);
        assertEquals((long) writers * each, placed);
        assertTrue(appender.upToDate());
        assertEachWriterInOrder(positions.first(placed), writers, each);
    }

    @Test
    void stripesOfTerminatedWritersAreReusedWithoutReorderingAnything() throws Exception {
        StripedAppender appender = new StripedAppender();
        List<Entry> expected = new ArrayList<>();
        Positions positions = new Positions();
        for (int w = 0; w < 300; w++) { // far more writers, one after another, than stripes
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
                appender.drain(positions); // merge now and then, mid-stripe too
            }
        }
        long placed = appender.drain(positions);
        assertEquals(expected, positions.first(placed));
        assertTrue(appender.stripesInUse() <= StripedAppender.STRIPES, "stripes of terminated writers are reused");
        assertEquals(0, appender.sharedStripes(), "one live writer at a time never needs a shared stripe");
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
        assertEquals(0, appender.sharedStripes());
        assertEquals(6L * StripedAppender.STRIPE_CHUNK, appender.drain(new Positions()));
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
    void ownedStripesAreSizedToTheMachine() {
        assertEquals(8, StripedAppender.stripesFor(1));
        assertEquals(8, StripedAppender.stripesFor(2));
        assertEquals(16, StripedAppender.stripesFor(3));
        assertEquals(64, StripedAppender.stripesFor(16));
        assertEquals(256, StripedAppender.stripesFor(64));
        assertEquals(256, StripedAppender.stripesFor(1000));
        int stripes = StripedAppender.STRIPES;
        assertEquals(StripedAppender.stripesFor(Runtime.getRuntime().availableProcessors()), stripes);
        assertEquals(1, Integer.bitCount(stripes), "a power of two");
    }

    @Test
    void aMergePlacesWhatIsPublishedAndResumesThere() {
        StripedAppender appender = new StripedAppender();
        Positions positions = new Positions();
        assertEquals(0, appender.drain(positions));
        assertTrue(appender.upToDate());
        appender.append("a");
        appender.append("b");
        assertFalse(appender.upToDate());
        assertEquals(2, appender.backlog());
        assertEquals(new StripedAppender.Holding(1, 2, 0), appender.holding(), "one stripe, with a and b");
        assertEquals(2, appender.drain(positions));
        assertEquals(0, appender.backlog());
        assertEquals(new StripedAppender.Holding(1, 0, 0), appender.holding(), "placed records are let go");
        assertEquals(2, appender.drain(positions), "nothing new: the merge stays put");
        appender.append("c");
        assertEquals(3, appender.drain(positions));
        assertEquals(List.of("a", "b", "c"), positions.first(3));
        assertEquals(3, appender.placed());
    }

    @Test
    void recordsOfInterleavedWritersArePlacedInStampOrderAcrossBlocks() throws Exception {
        // Writers take turns, one record each, so stamps alternate between stripes; more stamps than a block.
        StripedAppender appender = new StripedAppender();
        int writers = 5;
        int rounds = StripedAppender.BLOCK / 2 + 17;
        Object turn = new Object();
        int[] next = {0};
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        synchronized (turn) {
                            while (next[0] % writers != writer) {
                                turn.wait();
                            }
                            appender.append(new Entry(writer, i));
                            next[0]++;
                            turn.notifyAll();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertTrue(failures.isEmpty(), failures::toString);
        Positions positions = new Positions();
        long placed = appender.drain(positions);
        List<Object> records = positions.first(placed);
        assertEquals((long) writers * rounds, placed);
        for (int k = 0; k < records.size(); k++) {
            assertEquals(new Entry(k % writers, k / writers), records.get(k), "position " + k);
        }
    }

    /** An appender whose appends stop, on request, right after taking their stamp. */
    private static final class Stalling extends StripedAppender {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        volatile Thread stallIn;

        @Override
        void step(int step) {
            if (step == STAMPED && Thread.currentThread() == stallIn) {
                stallIn = null;
                stalled.countDown();
                try {
                    assertTrue(resume.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void aMergeNeverWaitsForAWriterMidAppendAndPlacesItsRecordLater() throws Exception {
        Stalling appender = new Stalling();
        Positions positions = new Positions();
        appender.append("before");
        Thread slow = new Thread(() -> appender.append("slow"));
        appender.stallIn = slow;
        slow.start();
        assertTrue(appender.stalled.await(30, TimeUnit.SECONDS));
        appender.append("after"); // a stamp above the stalled one, published first
        long placed = appender.drain(positions);
        assertEquals(List.of("before", "after"), positions.first(placed), "the merge moves on");
        assertFalse(appender.upToDate(), "a stamp below the horizon is not placed yet");
        appender.resume.countDown();
        slow.join(TimeUnit.SECONDS.toMillis(30));
        appender.append("last");
        placed = appender.drain(positions);
        assertEquals(List.of("before", "after", "slow", "last"), positions.first(placed),
                "the late record goes after what was placed, before what came after it");
        assertTrue(appender.upToDate());
        assertEquals(new StripedAppender.Holding(appender.stripesInUse(), 0, 0), appender.holding(),
                "neither the stripes nor the merge keep placed records: each stripe keeps its chunk");
    }

    @Test
    void aLateRecordPublishedDuringAMergeIsLeftToTheNextMerge() throws Exception {
        Stalling appender = new Stalling();
        Runnable[] onNextSet = {null};
        Positions positions = new Positions() {
            @Override
            public void set(long index, Object record) {
                Runnable hook = onNextSet[0];
                onNextSet[0] = null;
                if (hook != null) {
                    hook.run();
                }
                super.set(index, record);
            }
        };
        appender.append("a"); // the main thread's stripe is registered first: its cursor comes first
        Thread slow = new Thread(() -> appender.append("slow"));
        appender.stallIn = slow;
        slow.start();
        assertTrue(appender.stalled.await(30, TimeUnit.SECONDS));
        appender.append("b");
        assertEquals(List.of("a", "b"), positions.first(appender.drain(positions)));
        appender.append("c");
        // The next merge finds no late record, then, while it places c, the slow append completes.
        onNextSet[0] = () -> {
            appender.resume.countDown();
            try {
                slow.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals(List.of("a", "b", "c"), positions.first(appender.drain(positions)),
                "a record older than the merge's horizon, published during it, waits");
        assertFalse(slow.isAlive());
        assertEquals(List.of("a", "b", "c", "slow"), positions.first(appender.drain(positions)));
        assertTrue(appender.upToDate());
    }

    /** An appender whose appends in the registered threads stop right after taking their stamp. */
    private static final class StallingMany extends StripedAppender {
        final Map<Thread, CountDownLatch> resume = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Thread, CountDownLatch> stalled = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        void step(int step) {
            CountDownLatch latch = resume.get(Thread.currentThread());
            if (step == STAMPED && latch != null) {
                stalled.get(Thread.currentThread()).countDown();
                try {
                    assertTrue(latch.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Starts a thread that runs {@code append} and returns once it has stalled right after taking its stamp. */
    private static Thread startStalled(StallingMany appender, Runnable append) throws InterruptedException {
        Thread thread = new Thread(append);
        appender.resume.put(thread, new CountDownLatch(1));
        appender.stalled.put(thread, new CountDownLatch(1));
        thread.start();
        assertTrue(appender.stalled.get(thread).await(30, TimeUnit.SECONDS), "the append did not take its stamp");
        return thread;
    }

    @Test
    void lateRecordsFromSeveralStripesArePlacedInStampOrder() throws Exception {
        StallingMany appender = new StallingMany();
        Positions positions = new Positions();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch registered = new CountDownLatch(3);
        CountDownLatch done = new CountDownLatch(1);
        for (int w = 0; w < 3; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                appender.append("first-" + writer); // registers this thread's stripe: stripes 0, 1, 2 in order
                registered.countDown();
                try {
                    assertTrue(done.await(30, TimeUnit.SECONDS)); // stay alive: keep the stripe
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writers.add(thread);
        }
        for (Thread thread : writers) { // one at a time, so that the stripes register in this order
            thread.start();
            while (appender.reserved() < writers.indexOf(thread) + 1) {
                Thread.onSpinWait();
            }
        }
        assertTrue(registered.await(30, TimeUnit.SECONDS));
        // Second appends, stamps taken in the reverse order of the stripes, all stalled.
        List<Thread> late = new ArrayList<>();
        for (int w = 2; w >= 0; w--) {
            int writer = w;
            Thread thread = startStalled(appender, () -> appender.appendVia(writer, "late-" + writer));
            late.add(thread);
        }
        appender.append("fresh");
        long placed = appender.drain(positions);
        assertEquals(4, placed, "the three first records and the fresh one; three stamps in flight");
        for (Thread thread : late) {
            appender.resume.get(thread).countDown();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        placed = appender.drain(positions);
        assertEquals(List.of("late-2", "late-1", "late-0"), positions.first(placed).subList(4, 7),
                "late records sorted by stamp, whatever the order of their stripes");
        assertTrue(appender.upToDate());
        done.countDown();
    }

    @Test
    void aMergeThatFailsPartWayIsRolledBackByTheNext() {
        StripedAppender appender = new StripedAppender();
        for (int i = 0; i < 3 * StripedAppender.STRIPE_CHUNK; i++) {
            appender.append(i);
        }
        Positions failing = failingAt(700);
        drainFailing(appender, failing);
        assertEquals(0, appender.placed());
        long placed = appender.drain(failing);
        assertEquals(3L * StripedAppender.STRIPE_CHUNK, placed);
        List<Object> records = failing.first(placed);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, records.get(i));
        }
    }

    @Test
    void aLateRecordAndAnUnusedStampInOneMergeAreSqueezedAndRolledBackTogether() throws Exception {
        StallingMany appender = new StallingMany();
        Positions positions = new Positions();
        appender.appendVia(0, "a");                                                  // stamp 0
        Thread first = startStalled(appender, () -> appender.appendVia(1, "late")); // stamp 1
        appender.appendVia(0, "b");                                                  // stamp 2
        assertEquals(List.of("a", "b"), positions.first(appender.drain(positions)));
        Thread second = startStalled(appender, () -> appender.appendVia(2, "slow")); // stamp 3
        appender.appendVia(0, "c");                                                  // stamp 4
        appender.resume.get(first).countDown();
        first.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(first.isAlive());
        // This merge places the late record, then c after the unused position of stamp 3, then
        // closes that gap. It fails once while closing it: the next merge starts over, clean.
        Positions failing = failingAt(3); // the late record, c, then the move of c
        failing.slots.addAll(positions.slots);
        drainFailing(appender, failing);
        assertEquals(2, appender.placed());
        assertEquals(List.of("a", "b", "late", "c"), failing.first(appender.drain(failing)));
        appender.resume.get(second).countDown();
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(second.isAlive());
        assertEquals(List.of("a", "b", "late", "c", "slow"), failing.first(appender.drain(failing)));
        assertTrue(appender.upToDate());
    }

    @Test
    void aMergeThatFailsInItsSecondStripeRewindsTheFirstToo() {
        StripedAppender appender = new StripedAppender();
        int each = 600;
        for (int i = 0; i < 2 * each; i++) {
            appender.appendVia(i / each, i); // stripe 0 holds 0..599, stripe 1 600..1199
        }
        Positions failing = failingAt(each + 100); // after stripe 0 was placed whole, in stripe 1
        drainFailing(appender, failing);
        assertEquals(0, appender.placed());
        List<Object> records = failing.first(appender.drain(failing));
        assertEquals(2 * each, records.size(), "both stripes were placed again, whole");
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, records.get(i));
        }
    }

    @Test
    void aWriterThatFoundEveryStripeHeldProbesAgainEvery1024AppendsAndTakesAFreedOne() throws Exception {
        StripedAppender appender = new StripedAppender();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> holders = new ArrayList<>();
        for (int i = 0; i < StripedAppender.STRIPES; i++) { // every owned slot held by a live thread
            Thread holder = holdingThread(appender, "holder-" + i, i == 0 ? firstDone : done, failures);
            holders.add(holder);
            holder.start();
            for (int wait = 0; appender.reserved() < i + 1; wait++) {
                assertTrue(wait < 30_000 && holder.isAlive(), "holder " + i + " did not append: " + failures);
                holder.join(1);
            }
        }
        Thread me = Thread.currentThread();
        appender.append("miss");
        assertFalse(appender.owns(me), "every owned stripe is held: the append went to a shared one");
        firstDone.countDown(); // one owner ends: its stripe can be taken over
        holders.get(0).join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(holders.get(0).isAlive());
        for (int i = 1; i < 1024; i++) {
            appender.append("shared-" + i);
        }
        assertFalse(appender.owns(me), "a writer that missed does not probe on every append");
        appender.append("owned");
        assertTrue(appender.owns(me), "the 1,024th append after the miss probes again and takes the freed stripe");
        done.countDown();
        for (Thread holder : holders) {
            holder.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertTrue(failures.isEmpty(), failures::toString);
        Positions positions = new Positions();
        List<Object> records = positions.first(appender.drain(positions));
        assertEquals(StripedAppender.STRIPES + 1025, records.size());
        assertEquals("miss", records.get(StripedAppender.STRIPES));
        assertEquals("owned", records.get(records.size() - 1));
    }

    @Test
    void moreLateRecordsThanTheMergeFirstMakesRoomForArePlacedInStampOrder() throws Exception {
        StallingMany appender = new StallingMany();
        Positions positions = new Positions();
        int stalled = 40; // beyond the merge's first late arrays (16), so they must grow
        for (int k = 0; k < stalled; k++) {
            appender.appendVia(k, "first-" + k); // shared stripes 0..39, registered in this order
        }
        // Stamps taken in the reverse order of the stripes, every append stalled after its stamp.
        List<Thread> late = new ArrayList<>();
        for (int k = stalled - 1; k >= 0; k--) {
            int stripe = k;
            Thread thread = startStalled(appender, () -> appender.appendVia(stripe, "late-" + stripe));
            late.add(thread);
        }
        appender.appendVia(stalled, "fresh"); // every other shared stripe is leased by a stalled append
        assertEquals(stalled + 1, appender.drain(positions), "the first records and the fresh one");
        for (Thread thread : late) {
            appender.resume.get(thread).countDown();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(thread.isAlive());
        }
        long placed = appender.drain(positions);
        List<Object> expected = new ArrayList<>();
        for (int k = stalled - 1; k >= 0; k--) {
            expected.add("late-" + k);
        }
        assertEquals(expected, positions.first(placed).subList(stalled + 1, 2 * stalled + 1),
                "every late record, sorted by stamp, after what was placed before");
        assertTrue(appender.upToDate());
        assertEquals(new StripedAppender.Holding(appender.stripesInUse(), 0, 0), appender.holding(),
                "neither the stripes nor the merge keep placed records: each stripe keeps its chunk");
    }

    @Test
    void aMergeLookingForLateRecordsFollowsAStripeIntoItsNextChunk() throws Exception {
        StallingMany appender = new StallingMany();
        Positions positions = new Positions();
        Thread slow = startStalled(appender, () -> appender.appendVia(0, "slow"));
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < StripedAppender.STRIPE_CHUNK; i++) { // exactly one full chunk of stripe 1
            appender.appendVia(1, i);
            expected.add(i);
        }
        assertEquals(StripedAppender.STRIPE_CHUNK, appender.drain(positions), "the merge stops at the chunk's end");
        // A merge looking for late records finds stripe 1 at the end of a full chunk, with no next one yet.
        assertEquals(StripedAppender.STRIPE_CHUNK, appender.drain(positions), "nothing new");
        appender.appendVia(1, "next"); // the first record of stripe 1's second chunk
        expected.add("next");
        // One stamp is still unplaced, so this merge first looks for late records in every stripe,
        // stripe 1 from the end of its first chunk on.
        assertEquals(StripedAppender.STRIPE_CHUNK + 1, appender.drain(positions));
        appender.resume.get(slow).countDown();
        slow.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(slow.isAlive());
        expected.add("slow");
        assertEquals(expected, positions.first(appender.drain(positions)));
        assertTrue(appender.upToDate());
    }

    @Test
    void aStripeBuiltForAClaimLostToAnotherThreadServesAsASharedStripe() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread[] rival = {null};
        Thread[] claimer = {null}; // set below: the thread whose claim loses the race
        StripedAppender appender = new StripedAppender() {
            private boolean raced;

            @Override
            Chunk newChunk() {
                Chunk chunk = super.newChunk();
                if (Thread.currentThread() == claimer[0] && !raced) {
                    raced = true; // the claimer found the last free slot: a rival takes it first
                    rival[0] = holdingThread(this, "rival", done, failures);
                    rival[0].start();
                    try {
                        for (int wait = 0; reserved() < STRIPES; wait++) { // until the rival owns the slot
                            if (wait == 30_000 || !rival[0].isAlive()) {
                                throw new AssertionError("the rival stopped: " + failures);
                            }
                            rival[0].join(1);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return chunk;
            }
        };
        List<Thread> holders = new ArrayList<>();
        for (int i = 0; i < StripedAppender.STRIPES - 1; i++) { // every owned slot but one held by a live thread
            Thread holder = holdingThread(appender, "holder-" + i, done, failures);
            holders.add(holder);
            holder.start();
            for (int wait = 0; appender.reserved() < i + 1; wait++) {
                assertTrue(wait < 30_000 && holder.isAlive(), "holder " + i + " did not append: " + failures);
                holder.join(1);
            }
        }
        claimer[0] = new Thread(() -> appender.append("claimer"));
        claimer[0].start();
        claimer[0].join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(claimer[0].isAlive());
        assertTrue(failures.isEmpty(), () -> failures.toString());
        assertEquals(1, appender.sharedStripes(), "the stripe built for the lost claim was reused, not a second one");
        assertEquals(StripedAppender.STRIPES + 1, appender.stripesInUse(), "the owned stripes and that one");
        Positions positions = new Positions();
        List<Object> records = positions.first(appender.drain(positions));
        assertEquals(StripedAppender.STRIPES + 1, records.size());
        assertEquals("claimer", records.get(records.size() - 1));
        done.countDown();
        for (Thread holder : holders) {
            holder.join(TimeUnit.SECONDS.toMillis(30));
        }
        rival[0].join(TimeUnit.SECONDS.toMillis(30));
    }

    /** A thread that appends one record, then stays alive (keeping its stripe) until {@code done}. */
    private static Thread holdingThread(StripedAppender appender, String name, CountDownLatch done,
                                        ConcurrentLinkedQueue<Throwable> failures) {
        return new Thread(() -> {
            try {
                appender.append(name);
                assertTrue(done.await(30, TimeUnit.SECONDS));
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
    }
}
