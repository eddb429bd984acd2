package io.papyra.persistence.junit;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.memory.InMemoryPersistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.papyra.persistence.junit.PersistenceAssertions.assertDeadLetterCount;
import static io.papyra.persistence.junit.PersistenceAssertions.assertEventCount;
import static io.papyra.persistence.junit.PersistenceAssertions.assertEventRecorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Test classes that {@link PersistenceExtensionTest} runs through the EngineTestKit. They are nested
 * (so Surefire, which skips nested classes, does not run them on their own) and report what they saw
 * through static queues that the outer test reads after the run.
 */
final class Samples {

    /** Every backend a sample received, in the order received. */
    static final Queue<PersistenceBackend> BACKENDS = new ConcurrentLinkedQueue<>();
    /** Every clock a sample received. */
    static final Queue<ManualClock> CLOCKS = new ConcurrentLinkedQueue<>();

    private Samples() {
    }

    static void reset() {
        BACKENDS.clear();
        CLOCKS.clear();
    }

    static EventRecord started(String actor, ManualClock clock) {
        return new EventRecord("test", actor, "ActorStarted", Map.of("class", "Worker"), clock.instant());
    }

    @ExtendWith(PersistenceExtension.class)
    static class Passing {
        private PersistenceBackend seenInBeforeEach;

        @BeforeEach
        void before(PersistenceBackend backend, ManualClock clock) {
            seenInBeforeEach = backend;
            assertFalse(backend.isClosed(), "open before the test");
            backend.recordEvent(started("local://0", clock));
        }

        @Test
        void sameObjectsEverywhereInOneTest(PersistenceBackend backend, InMemoryPersistence memory, ManualClock clock) {
            BACKENDS.add(backend);
            CLOCKS.add(clock);
            assertSame(seenInBeforeEach, backend);
            assertSame(backend, memory);
            assertEventRecorded(backend, "ActorStarted", "local://0");
        }

        @Test
        void freshBackendPerTest(PersistenceBackend backend, ManualClock clock) {
            BACKENDS.add(backend);
            CLOCKS.add(clock);
            assertEventCount(backend, 1);   // only what @BeforeEach wrote for this test
            assertEquals(ManualClock.DEFAULT_START, clock.instant());
        }

        @Test
        @WithRetention(maxAge = "PT1H")
        void clockDrivesAgeRetention(PersistenceBackend backend, ManualClock clock) {
            BACKENDS.add(backend);
            backend.recordDeadLetter(new DeadLetterRecord("test", "local://7", "Ping", "ping", clock.instant()));
            assertDeadLetterCount(backend, 1);
            clock.advance(Duration.ofMinutes(61));
            assertDeadLetterCount(backend, 0);
            assertEventCount(backend, 0);
        }

        @AfterEach
        void after(PersistenceBackend backend) {
            assertFalse(backend.isClosed(), "still open in @AfterEach");
        }
    }

    @ExtendWith(PersistenceExtension.class)
    static class Failing {
        @Test
        void expectsAnEventThatWasNotRecorded(PersistenceBackend backend, ManualClock clock) {
            BACKENDS.add(backend);
            backend.recordEvent(started("local://2", clock));
            assertEventRecorded(backend, "ActorStarted", "local://1");
        }

        @Test
        void throwsSomethingElse(PersistenceBackend backend) {
            BACKENDS.add(backend);
            throw new IllegalStateException("boom");
        }
    }

    @ExtendWith(PersistenceExtension.class)
    @WithRetention(maxRecords = 2)
    static class ClassRetention {
        @Test
        void classBoundApplies(PersistenceBackend backend, ManualClock clock) {
            BACKENDS.add(backend);
            for (int i = 0; i < 5; i++) {
                backend.recordEvent(started("local://" + i, clock));
            }
            assertEventCount(backend, 2);
        }

        @Test
        @WithRetention(maxRecords = 3)
        void methodBoundWins(PersistenceBackend backend, ManualClock clock) {
            BACKENDS.add(backend);
            for (int i = 0; i < 5; i++) {
                backend.recordEvent(started("local://" + i, clock));
            }
            assertEventCount(backend, 3);
        }

        @Nested
        class Inner {
            @Test
            void enclosingClassBoundApplies(PersistenceBackend backend, ManualClock clock) {
                BACKENDS.add(backend);
                for (int i = 0; i < 5; i++) {
                    backend.recordAudit(new AuditRecord("test", clock.instant(), 1, 1, 0, 0, 1, List.of(), List.of(), 0));
                }
                PersistenceAssertions.assertAuditCount(backend, 2);
            }
        }
    }

    @ExtendWith(PersistenceExtension.class)
    static class ConstructorInjection {
        ConstructorInjection(PersistenceBackend backend) {
            BACKENDS.add(backend);
        }

        @Test
        void never() {
        }
    }

    @ExtendWith(PersistenceExtension.class)
    static class BeforeAllInjection {
        @BeforeAll
        static void once(ManualClock clock) {
            CLOCKS.add(clock);
        }

        @Test
        void never() {
        }
    }

    @ExtendWith(PersistenceExtension.class)
    static class BadRetention {
        @Test
        @WithRetention(maxRecords = 0)
        void zeroRecords(PersistenceBackend backend) {
            BACKENDS.add(backend);
        }

        @Test
        @WithRetention(maxAge = "1 hour")
        void unparsableAge(PersistenceBackend backend) {
            BACKENDS.add(backend);
        }

        @Test
        @WithRetention(maxAge = "-PT1H")
        void negativeAge(PersistenceBackend backend) {
            BACKENDS.add(backend);
        }
    }

    /** Run with parallel execution on; each test waits at a barrier until all have their backend. */
    @ExtendWith(PersistenceExtension.class)
    @Execution(ExecutionMode.CONCURRENT)
    static class Parallel {
        static final int TESTS = 4;
        static volatile CyclicBarrier barrier = new CyclicBarrier(TESTS);

        private static void run(PersistenceBackend backend, ManualClock clock, int id)
                throws InterruptedException, BrokenBarrierException, TimeoutException {
            BACKENDS.add(backend);
            CLOCKS.add(clock);
            String actor = "local://" + id;
            backend.recordEvent(started(actor, clock));
            clock.advance(Duration.ofSeconds(id));
            // All four tests hold their backends at once here, or the barrier times out and they fail.
            barrier.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                backend.recordEvent(started(actor, clock));
            }
            barrier.await(30, TimeUnit.SECONDS);
            assertEquals(101, backend.listEvents().stream().filter(e -> e.actorAddress().equals(actor)).count());
            assertEventCount(backend, 101);
            assertEquals(ManualClock.DEFAULT_START.plusSeconds(id), clock.instant());
        }

        @Test
        void one(PersistenceBackend backend, ManualClock clock) throws Exception {
            run(backend, clock, 1);
        }

        @Test
        void two(PersistenceBackend backend, ManualClock clock) throws Exception {
            run(backend, clock, 2);
        }

        @Test
        void three(PersistenceBackend backend, ManualClock clock) throws Exception {
            run(backend, clock, 3);
        }

        @Test
        void four(PersistenceBackend backend, ManualClock clock) throws Exception {
            run(backend, clock, 4);
        }
    }
}
