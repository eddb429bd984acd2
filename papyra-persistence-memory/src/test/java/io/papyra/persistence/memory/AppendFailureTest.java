package io.papyra.persistence.memory;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An append that fails at any step (a writer that dies, runs out of stack or memory mid-append)
 * blocks no read, compaction or clear, leaves the log gap-free, and loses nothing appended after it.
 */
class AppendFailureTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration BOUNDED = Duration.ofSeconds(1);
    private static final InstantSource CLOCK = InstantSource.fixed(T0.plusSeconds(1_000_000));

    /** The failure the seams throw. */
    static final class InjectedFailure extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String where) {
            super("injected at " + where, null, false, false);
        }
    }

    /** An appender that fails once, at a chosen step of an append or at a chunk allocation. */
    static final class Failing extends StripedAppender {
        volatile int failAtStep;
        volatile int failAllocations;

        Failing(Runnable onNewChunk) {
            super(onNewChunk);
        }

        @Override
        void step(int step) {
            if (step == failAtStep) {
                failAtStep = 0;
                throw new InjectedFailure("step " + step);
            }
        }

        @Override
        Chunk newChunk() {
            if (failAllocations > 0) {
                failAllocations--;
                throw new InjectedFailure("chunk allocation");
            }
            return super.newChunk();
        }
    }

    private static EventRecord event(String actor, int i) {
        return new EventRecord("sys", actor, "E", Map.of(), T0.plusSeconds(i));
    }

    private static ChunkedLog<EventRecord> log(RetentionPolicy policy, AtomicReference<Failing> appender) {
        return new ChunkedLog<>(policy, CLOCK, relieve -> {
            Failing failing = new Failing(relieve);
            appender.set(failing);
            return failing;
        });
    }

    /** Reads, compacts and reads again, each within a second; returns the first read. */
    private static List<EventRecord> readBounded(ChunkedLog<EventRecord> log) {
        return assertTimeoutPreemptively(BOUNDED, () -> {
            List<EventRecord> read = log.read(Query.all());
            log.compact();
            assertEquals(read, log.read(Query.all()), "compaction changed a read at the same instant");
            return read;
        }, "a read or a compaction waited for a failed writer");
    }

    @ParameterizedTest(name = "failure after step {0}")
    @ValueSource(ints = {StripedAppender.STAMPED, StripedAppender.STAMP_STORED, StripedAppender.PUBLISHED})
    void aFailureAtAnyStepBlocksNothingAndLosesNothingAfterIt(int step) throws Exception {
        for (RetentionPolicy policy : List.of(RetentionPolicy.none(), RetentionPolicy.none().withMaxRecords(700),
                RetentionPolicy.none().withMaxTotalBytes(20_000).withMaxAge(Duration.ofDays(365)))) {
            AtomicReference<Failing> appender = new AtomicReference<>();
            ChunkedLog<EventRecord> log = log(policy, appender);
            List<EventRecord> expected = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                EventRecord e = event("main", i);
                log.append(e);
                expected.add(e);
            }
            appender.get().failAtStep = step;
            EventRecord failed = event("failed", 600);
            assertThrows(InjectedFailure.class, () -> log.append(failed));
            if (step == StripedAppender.PUBLISHED) {
                expected.add(failed); // stored whole before the failure: kept
            }
            assertEquals(policy.retain(expected, CLOCK.instant()), readBounded(log), policy + ", step " + step);

            // A writer that dies mid-append: its stripe is taken over by the next thread.
            appender.get().failAtStep = step;
            EventRecord dying = event("dying", 601);
            Thread dies = new Thread(() -> log.append(dying));
            dies.setUncaughtExceptionHandler((t, e) -> { });
            dies.start();
            dies.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(dies.isAlive());
            if (step == StripedAppender.PUBLISHED) {
                expected.add(dying);
            }
            for (int i = 0; i < 1500; i++) {
                EventRecord e = event("after", 602 + i);
                log.append(e);
                expected.add(e);
            }
            Thread other = new Thread(() -> {
                for (int i = 0; i < 700; i++) {
                    log.append(event("other", 3000 + i));
                }
            });
            other.start();
            other.join(TimeUnit.SECONDS.toMillis(10));
            for (int i = 0; i < 700; i++) {
                expected.add(event("other", 3000 + i));
            }
            assertEquals(policy.retain(expected, CLOCK.instant()), readBounded(log), policy + ", step " + step);
            assertTimeoutPreemptively(BOUNDED, log::clear);
            assertEquals(List.of(), log.read(Query.all()));
            EventRecord last = event("last", 5000);
            log.append(last);
            assertEquals(List.of(last), readBounded(log));
        }
    }

    @Test
    void aFailingFirstAllocationLeavesNoStripeBehind() {
        AtomicReference<Failing> appender = new AtomicReference<>();
        ChunkedLog<EventRecord> log = log(RetentionPolicy.none(), appender);
        appender.get().failAllocations = 1;
        assertThrows(InjectedFailure.class, () -> log.append(event("a", 0)));
        assertEquals(0, appender.get().stripesInUse(), "no stripe without storage is visible");
        EventRecord b = event("b", 1);
        EventRecord c = event("c", 2);
        log.append(b);
        log.append(c);
        assertEquals(List.of(b, c), readBounded(log));
        assertEquals(1, appender.get().stripesInUse());
    }

    @Test
    void aFailingChunkAllocationMidStripeLosesNothing() {
        AtomicReference<Failing> appender = new AtomicReference<>();
        ChunkedLog<EventRecord> log = log(RetentionPolicy.none(), appender);
        List<EventRecord> expected = new ArrayList<>();
        for (int i = 0; i < StripedAppender.STRIPE_CHUNK; i++) {
            EventRecord e = event("a", i);
            log.append(e);
            expected.add(e);
        }
        appender.get().failAllocations = 2;
        assertThrows(InjectedFailure.class, () -> log.append(event("lost", -1)));
        assertThrows(InjectedFailure.class, () -> log.append(event("lost", -2)));
        for (int i = 0; i < StripedAppender.STRIPE_CHUNK; i++) {
            EventRecord e = event("b", i);
            log.append(e);
            expected.add(e);
        }
        assertEquals(expected, readBounded(log));
    }

    @Test
    void realStackOverflowsInsideAppendsLeaveNoGap() {
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none(), CLOCK);
        int n = 200_000;
        EventRecord[] records = new EventRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = event("r", i);
        }
        int[] returned = {0};
        for (int attempt = 0; attempt < 40 && returned[0] < n - 20_000; attempt++) {
            try {
                dive(log, records, returned, attempt % 7);
            } catch (StackOverflowError expected) {
                // somewhere inside an append, or between two
            }
            int done = returned[0];
            List<EventRecord> read = assertTimeoutPreemptively(BOUNDED, () -> log.read(Query.all()));
            // The append that overflowed may have stored its record before the error: whole, in order.
            assertTrue(read.size() == done || read.size() == done + 1, "read " + read.size() + " of " + done);
            assertEquals(List.of(records).subList(0, read.size()), read);
            returned[0] = read.size();
        }
        assertTrue(returned[0] > 0);
    }

    /** Appends one record per frame, deeper and deeper, until the stack overflows. */
    private static void dive(ChunkedLog<EventRecord> log, EventRecord[] records, int[] returned, int pad) {
        long a = pad;
        long b = a + 1; // frames of slightly different sizes, so the overflow lands at different points
        log.append(records[returned[0]]);
        returned[0]++;
        dive(log, records, returned, (int) (a + b) % 7);
    }
}
