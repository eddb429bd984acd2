package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class StartupCheckTest {

    private static final String NAME = "file";
    private static final ScanReport CLEAN = ScanReport.clean(NAME);
    private static final ScanReport DIRTY = new ScanReport(NAME, List.of(
            new Anomaly(AnomalyType.TRUNCATED_LINE, "events.log:12", "cut short")));
    private static final Duration LONG_ENOUGH = Duration.ofSeconds(30);

    private static PersistenceBackend backend(Capability... capabilities) {
        PersistenceBackend backend = named();
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(List.of(capabilities));
        when(backend.capabilities()).thenReturn(set);
        return backend;
    }

    /** A mock backend that has a name, as every backend has; reports and messages use it. */
    private static PersistenceBackend named() {
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.name()).thenReturn(NAME);
        return backend;
    }

    private static PersistenceBackend scanning(ScanReport first, ScanReport... then) {
        PersistenceBackend backend = backend(Capability.SCAN, Capability.RECOVERY);
        when(backend.scan()).thenReturn(first, then);
        return backend;
    }

    @Test
    void ofHasRepairRecoveryAndNoTimeout() {
        StartupCheck check = StartupCheck.of(StartupCheckMode.SCAN_ONLY);

        assertEquals(StartupCheckMode.SCAN_ONLY, check.mode());
        assertEquals(RecoveryConfig.of(RecoveryMode.REPAIR), check.recovery());
        assertNull(check.timeout());
    }

    @Test
    void withMethodsReturnANewCheck() {
        StartupCheck base = StartupCheck.of(StartupCheckMode.RECOVER);
        RecoveryConfig quarantine = new RecoveryConfig(RecoveryMode.QUARANTINE, "/q");

        StartupCheck timed = base.withTimeout(Duration.ofSeconds(5));
        StartupCheck quarantining = timed.withRecovery(quarantine);

        assertNotSame(base, timed);
        assertNull(base.timeout());
        assertEquals(Duration.ofSeconds(5), timed.timeout());
        assertEquals(RecoveryConfig.of(RecoveryMode.REPAIR), timed.recovery());
        assertEquals(quarantine, quarantining.recovery());
        assertEquals(Duration.ofSeconds(5), quarantining.timeout());
        assertEquals(StartupCheckMode.RECOVER, quarantining.mode());
        assertEquals("StartupCheck[mode=RECOVER, recovery=" + quarantine + ", timeout=PT5S]", quarantining.toString());
    }

    @Test
    void badArgumentsAreRejected() {
        StartupCheck check = StartupCheck.of(StartupCheckMode.SCAN_ONLY);

        Expect.npe("mode must not be null", () -> StartupCheck.of(null));
        Expect.npe("config must not be null", () -> check.withRecovery(null));
        Expect.npe("timeout must not be null", () -> check.withTimeout(null));
        Expect.iae("timeout must be > 0, was PT0S", () -> check.withTimeout(Duration.ZERO));
        Expect.iae("timeout must be > 0, was PT-0.001S", () -> check.withTimeout(Duration.ofMillis(-1)));
        Expect.npe("backend must not be null", () -> check.run(null));
    }

    @Test
    void ignoreCallsNothingButTheBackendsName() {
        PersistenceBackend backend = named();

        StartupCheckReport report = StartupCheck.of(StartupCheckMode.IGNORE).run(backend);

        verify(backend, atLeastOnce()).name();
        verifyNoMoreInteractions(backend);
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.IGNORE, null, null, null), report);
        assertTrue(report.isClean());
    }

    @Test
    void ignoreWithTimeoutCallsNothingButTheBackendsNameEither() {
        PersistenceBackend backend = named();

        StartupCheckReport report = StartupCheck.of(StartupCheckMode.IGNORE).withTimeout(LONG_ENOUGH).run(backend);

        verify(backend, atLeastOnce()).name();
        verifyNoMoreInteractions(backend);
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.IGNORE, null, null, null), report);
    }

    @Test
    void scanOnlyScansOnceAndNeverFails() {
        PersistenceBackend backend = scanning(DIRTY);

        StartupCheckReport report = StartupCheck.of(StartupCheckMode.SCAN_ONLY).run(backend);

        verify(backend, times(1)).scan();
        verify(backend, never()).recover(any());
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.SCAN_ONLY, DIRTY, null, null), report);
        assertFalse(report.isClean());
    }

    @Test
    void failOnAnomalyPassesWhenClean() {
        PersistenceBackend backend = scanning(CLEAN);

        StartupCheckReport report = StartupCheck.of(StartupCheckMode.FAIL_ON_ANOMALY).run(backend);

        verify(backend, times(1)).scan();
        assertEquals(CLEAN, report.scan());
        assertEquals(NAME, report.backend());
        assertTrue(report.isClean());
    }

    @Test
    void failOnAnomalyThrowsWithTheReport() {
        PersistenceBackend backend = scanning(DIRTY);

        StartupCheckException e = assertThrows(StartupCheckException.class,
                () -> StartupCheck.of(StartupCheckMode.FAIL_ON_ANOMALY).run(backend));

        verify(backend, times(1)).scan();
        verify(backend, never()).recover(any());
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.FAIL_ON_ANOMALY, DIRTY, null, null), e.report());
        assertTrue(e.getMessage().startsWith("Startup check found 1 anomalies in backend 'file': "), e.getMessage());
        assertTrue(e.getMessage().contains("events.log:12"), e.getMessage());
    }

    @Test
    void recoverScansRecoversAndScansAgain() {
        RecoveryConfig config = new RecoveryConfig(RecoveryMode.QUARANTINE, "/q");
        RecoveryReport recovered = new RecoveryReport(NAME, RecoveryMode.QUARANTINE, DIRTY, List.of(), List.of("events.log"));
        PersistenceBackend backend = scanning(DIRTY, CLEAN);
        when(backend.recover(config)).thenReturn(recovered);

        StartupCheckReport report = StartupCheck.of(StartupCheckMode.RECOVER).withRecovery(config).run(backend);

        InOrder order = inOrder(backend);
        order.verify(backend).scan();
        order.verify(backend).recover(config);
        order.verify(backend).scan();
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.RECOVER, DIRTY, recovered, CLEAN), report);
        assertTrue(report.isClean());
    }

    @Test
    void recoverUsesRepairByDefault() {
        PersistenceBackend backend = scanning(CLEAN, CLEAN);
        when(backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR)))
                .thenReturn(RecoveryReport.nothingToDo(NAME, RecoveryMode.REPAIR));

        StartupCheck.of(StartupCheckMode.RECOVER).run(backend);

        verify(backend).recover(RecoveryConfig.of(RecoveryMode.REPAIR));
    }

    @Test
    void recoverThrowsWithTheReportWhenAnomaliesRemain() {
        RecoveryReport recovered = RecoveryReport.nothingToDo(NAME, RecoveryMode.REPAIR);
        PersistenceBackend backend = scanning(DIRTY, DIRTY);
        when(backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR))).thenReturn(recovered);

        StartupCheckException e = assertThrows(StartupCheckException.class,
                () -> StartupCheck.of(StartupCheckMode.RECOVER).run(backend));

        verify(backend, times(2)).scan();
        verify(backend).recover(RecoveryConfig.of(RecoveryMode.REPAIR));
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.RECOVER, DIRTY, recovered, DIRTY), e.report());
        assertTrue(e.getMessage().startsWith("1 anomalies remain in backend 'file' after recovery REPAIR: "),
                e.getMessage());
    }

    @Test
    void aModeThatScansNeedsTheScanCapability() {
        for (StartupCheckMode mode : List.of(StartupCheckMode.SCAN_ONLY, StartupCheckMode.FAIL_ON_ANOMALY,
                StartupCheckMode.RECOVER)) {
            PersistenceBackend backend = backend(Capability.RECOVERY, Capability.COMPACTION);

            StartupCheckException e = assertThrows(StartupCheckException.class,
                    () -> StartupCheck.of(mode).run(backend));

            assertEquals("Startup check " + mode + " needs capability SCAN, which backend 'file' does not support;"
                    + " use mode IGNORE for this backend", e.getMessage());
            assertNull(e.report());
            verify(backend, never()).scan();
        }
    }

    @Test
    void recoverNeedsTheRecoveryCapability() {
        PersistenceBackend backend = backend(Capability.SCAN);

        StartupCheckException e = assertThrows(StartupCheckException.class,
                () -> StartupCheck.of(StartupCheckMode.RECOVER).run(backend));

        assertTrue(e.getMessage().startsWith("Startup check RECOVER needs capability RECOVERY,"), e.getMessage());
        verify(backend, atLeastOnce()).capabilities();
        verify(backend, atLeastOnce()).name();
        verifyNoMoreInteractions(backend);
    }

    @Test
    void aMissingCapabilityFailsBeforeTheTimeoutThreadStarts() {
        PersistenceBackend backend = backend();

        assertThrows(StartupCheckException.class,
                () -> StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(LONG_ENOUGH).run(backend));

        verify(backend, never()).scan();
    }

    @Test
    void withTimeoutTheCheckRunsOnADaemonThreadAndReturnsItsReport() {
        PersistenceBackend backend = backend(Capability.SCAN);
        CompletableFuture<Thread> scanningThread = new CompletableFuture<>();
        when(backend.scan()).thenAnswer(invocation -> {
            scanningThread.complete(Thread.currentThread());
            return DIRTY;
        });

        StartupCheckReport report = StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(LONG_ENOUGH).run(backend);

        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.SCAN_ONLY, DIRTY, null, null), report);
        Thread worker = scanningThread.getNow(null);
        assertNotSame(Thread.currentThread(), worker);
        assertEquals("papyra-startup-check", worker.getName());
        assertTrue(worker.isDaemon());
    }

    @Test
    void withTimeoutAnomaliesStillFailTheCheck() {
        PersistenceBackend backend = scanning(DIRTY);

        StartupCheckException e = assertThrows(StartupCheckException.class,
                () -> StartupCheck.of(StartupCheckMode.FAIL_ON_ANOMALY).withTimeout(LONG_ENOUGH).run(backend));

        StartupCheckReport report = e.report();
        assertEquals(new StartupCheckReport(NAME, StartupCheckMode.FAIL_ON_ANOMALY, DIRTY, null, null), report);
    }

    @Test
    void aScanThatOutlivesTheTimeoutFailsTheCheckAndIsInterrupted() throws InterruptedException {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PersistenceBackend backend = backend(Capability.SCAN);
        when(backend.scan()).thenAnswer(invocation -> {
            try {
                neverReleased.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return CLEAN;
        });
        try {
            StartupCheckException e = assertThrows(StartupCheckException.class,
                    () -> StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(Duration.ofMillis(100)).run(backend));

            assertEquals("Startup check SCAN_ONLY of backend 'file' did not finish within PT0.1S", e.getMessage());
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertNull(e.report());
            assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the scanning thread was not interrupted");
        } finally {
            neverReleased.countDown();
        }
    }

    @Test
    void anInterruptedCallerStopsWaitingKeepsItsInterruptAndInterruptsTheCheck() throws InterruptedException {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PersistenceBackend backend = backend(Capability.SCAN);
        when(backend.scan()).thenAnswer(invocation -> {
            try {
                neverReleased.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return CLEAN;
        });
        try {
            Thread.currentThread().interrupt();
            StartupCheckException e = assertThrows(StartupCheckException.class,
                    () -> StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(LONG_ENOUGH).run(backend));

            assertTrue(Thread.interrupted(), "the caller's interrupt status was not restored");
            assertEquals("Interrupted while waiting for startup check SCAN_ONLY", e.getMessage());
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the check's thread was not interrupted");
        } finally {
            Thread.interrupted();
            neverReleased.countDown();
        }
    }

    @Test
    void aFailingScanPropagatesItsException() {
        IllegalStateException failure = new IllegalStateException("disk unreadable");
        PersistenceBackend backend = backend(Capability.SCAN);
        when(backend.scan()).thenThrow(failure);

        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> StartupCheck.of(StartupCheckMode.SCAN_ONLY).run(backend)));
    }

    @Test
    void aFailingScanPropagatesItsExceptionWithATimeout() {
        IllegalStateException failure = new IllegalStateException("disk unreadable");
        PersistenceBackend backend = backend(Capability.SCAN);
        when(backend.scan()).thenThrow(failure);

        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(LONG_ENOUGH).run(backend)));
    }

    @Test
    void aFailingRecoveryPropagatesItsException() {
        UnsupportedOperationException failure = new UnsupportedOperationException("REBUILD");
        PersistenceBackend backend = scanning(DIRTY);
        when(backend.recover(RecoveryConfig.of(RecoveryMode.REBUILD))).thenThrow(failure);
        StartupCheck check = StartupCheck.of(StartupCheckMode.RECOVER).withRecovery(RecoveryConfig.of(RecoveryMode.REBUILD));

        assertSame(failure, assertThrows(UnsupportedOperationException.class, () -> check.run(backend)));
        assertSame(failure, assertThrows(UnsupportedOperationException.class,
                () -> check.withTimeout(LONG_ENOUGH).run(backend)));
    }

    @Test
    void anErrorInTheCheckThreadPropagates() {
        AssertionError failure = new AssertionError("broken backend");
        PersistenceBackend backend = backend(Capability.SCAN);
        when(backend.scan()).thenThrow(failure);

        assertSame(failure, assertThrows(AssertionError.class,
                () -> StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(LONG_ENOUGH).run(backend)));
    }
}
