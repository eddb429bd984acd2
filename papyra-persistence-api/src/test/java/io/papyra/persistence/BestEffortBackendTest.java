package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BestEffortBackendTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
    private static final EventRecord EVENT = new EventRecord("sys", "local://1", "ActorStarted", Map.of(), T);
    private static final AuditRecord AUDIT = new AuditRecord("sys", T, 1, 1, 0, 0, 1, List.of(), List.of(), 0);
    private static final DeadLetterRecord DEAD_LETTER = new DeadLetterRecord("sys", null, "Ping", Map.of(), T);

    private final MetricsRecorder delegateMetrics = new MetricsRecorder();
    private final PersistenceBackend delegate = named("file");
    private final BestEffortBackend backend = BestEffortBackend.wrap(delegate);

    /** A mock backend that has a name, as every backend has; the log messages use it. */
    private static PersistenceBackend named(String name) {
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.name()).thenReturn(name);
        return backend;
    }

    private void failEveryAppend() {
        RuntimeException failure = new IllegalStateException("disk full");
        doThrow(failure).when(delegate).recordEvent(any());
        doThrow(failure).when(delegate).recordAudit(any());
        doThrow(failure).when(delegate).recordDeadLetter(any());
    }

    @Test
    void appendsReachTheDelegate() {
        backend.recordEvent(EVENT);
        backend.recordAudit(AUDIT);
        backend.recordDeadLetter(DEAD_LETTER);

        verify(delegate).recordEvent(EVENT);
        verify(delegate).recordAudit(AUDIT);
        verify(delegate).recordDeadLetter(DEAD_LETTER);
    }

    @Test
    void failedAppendsAreSwallowedAndCountedOnTopOfTheDelegatesCounters() {
        when(delegate.metrics()).thenReturn(delegateMetrics);
        delegateMetrics.recordWritten(10);
        delegateMetrics.writeFailed();
        failEveryAppend();

        backend.recordEvent(EVENT);
        backend.recordAudit(AUDIT);
        backend.recordDeadLetter(DEAD_LETTER);
        backend.recordEvent(EVENT);

        MetricsSnapshot expected = new MetricsSnapshot(1, 10, 0, 0, 0, 0, 0, 1 + 4, 0, 0, 0);
        assertEquals(expected, backend.metrics().snapshot());
        assertEquals(1, delegateMetrics.snapshot().writeErrors());
    }

    @Test
    void writeErrorsAreCountedEvenWhenTheDelegateHasNoMetrics() {
        when(delegate.metrics()).thenReturn(null);
        failEveryAppend();

        backend.recordAudit(AUDIT);

        assertEquals(MetricsSnapshot.empty().plusWriteErrors(1), backend.metrics().snapshot());
        assertEquals(MetricsSnapshot.empty().plusWriteErrors(1), MetricsSnapshot.of(backend));
    }

    @Test
    void resetZeroesTheDecoratorsAndTheDelegatesCounters() {
        when(delegate.metrics()).thenReturn(delegateMetrics);
        delegateMetrics.recordWritten(10);
        delegateMetrics.scanFailed();
        failEveryAppend();
        backend.recordEvent(EVENT);

        backend.metrics().reset();

        assertEquals(MetricsSnapshot.empty(), backend.metrics().snapshot());
        assertEquals(MetricsSnapshot.empty(), delegateMetrics.snapshot());
    }

    @Test
    void aFailureWhoseOwnToStringThrowsIsStillSwallowedAndCounted() {
        when(delegate.metrics()).thenReturn(delegateMetrics);
        RuntimeException nasty = new IllegalStateException("disk gone") {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                throw new UnsupportedOperationException("toString of a failure");
            }

            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("getMessage of a failure");
            }
        };
        doThrow(nasty).when(delegate).recordEvent(any());
        for (int i = 0; i < 3; i++) {
            backend.recordEvent(EVENT); // the first is logged at WARNING, the others at DEBUG
        }
        assertEquals(3, backend.metrics().snapshot().writeErrors());
    }

    @Test
    void theFirstFailureIsAWarningThatNamesTheBackendAndWhatWasDropped() {
        List<String> logged = LogCapture.capture(BestEffortBackend.class.getName(), () -> {
            PersistenceBackend file = named("file");
            PersistenceBackend sqlite = named("sqlite");
            PersistenceBackend redis = named("redis");
            IllegalStateException failure = new IllegalStateException("disk full");
            doThrow(failure).when(file).recordEvent(any());
            doThrow(failure).when(sqlite).recordAudit(any());
            doThrow(failure).when(redis).recordDeadLetter(any());
            BestEffortBackend.wrap(file).recordEvent(EVENT);
            BestEffortBackend.wrap(sqlite).recordAudit(AUDIT);
            BestEffortBackend.wrap(redis).recordDeadLetter(DEAD_LETTER);
        });

        String dropped = "; it was dropped and counted in write_errors (further failures are logged at DEBUG)";
        assertEquals(List.of(
                "WARNING Persistence backend 'file' failed to record an event" + dropped + " | thrown: disk full",
                "WARNING Persistence backend 'sqlite' failed to record an audit" + dropped + " | thrown: disk full",
                "WARNING Persistence backend 'redis' failed to record a dead letter" + dropped + " | thrown: disk full"),
                logged);
    }

    @Test
    void laterFailuresAreDebugMessagesThatStillNameTheBackendAndWhatWasDropped() {
        failEveryAppend();

        List<String> logged = LogCapture.capture(BestEffortBackend.class.getName(), () -> {
            backend.recordEvent(EVENT);
            backend.recordDeadLetter(DEAD_LETTER);
            backend.recordAudit(AUDIT);
            backend.recordEvent(EVENT);
        });

        assertEquals(List.of(
                "WARNING Persistence backend 'file' failed to record an event; it was dropped and counted in "
                        + "write_errors (further failures are logged at DEBUG) | thrown: disk full",
                "FINE Persistence backend 'file' failed to record a dead letter | thrown: disk full",
                "FINE Persistence backend 'file' failed to record an audit | thrown: disk full",
                "FINE Persistence backend 'file' failed to record an event | thrown: disk full"),
                logged);
    }

    @Test
    void aFailureIsSwallowedAndCountedEvenWhenTheDelegatesNameThrows() {
        PersistenceBackend broken = mock(PersistenceBackend.class);
        when(broken.name()).thenThrow(new IllegalStateException("no name"));
        when(broken.metrics()).thenReturn(delegateMetrics);
        doThrow(new IllegalStateException("disk full")).when(broken).recordEvent(any());
        BestEffortBackend wrapped = BestEffortBackend.wrap(broken);

        wrapped.recordEvent(EVENT); // the WARNING's message needs the name
        wrapped.recordEvent(EVENT); // and so does the DEBUG one, enabled here or not

        assertEquals(2, wrapped.metrics().snapshot().writeErrors());
    }

    @Test
    void nullRecordIsRejectedWithoutCallingTheDelegate() {
        Expect.npe("event must not be null", () -> backend.recordEvent(null));
        Expect.npe("audit must not be null", () -> backend.recordAudit(null));
        Expect.npe("deadLetter must not be null", () -> backend.recordDeadLetter(null));

        verifyNoInteractions(delegate);
    }

    @Test
    void errorsAreNotSwallowed() {
        when(delegate.metrics()).thenReturn(delegateMetrics);
        OutOfMemoryError oom = new OutOfMemoryError("test");
        doThrow(oom).when(delegate).recordEvent(any());
        StackOverflowError overflow = new StackOverflowError("test");
        doThrow(overflow).when(delegate).recordDeadLetter(any());

        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> backend.recordEvent(EVENT)));
        assertSame(overflow, assertThrows(StackOverflowError.class, () -> backend.recordDeadLetter(DEAD_LETTER)));
        assertEquals(0, backend.metrics().snapshot().writeErrors());
    }

    @Test
    void readsPassThrough() {
        List<EventRecord> events = List.of(EVENT);
        List<AuditRecord> audits = List.of(AUDIT);
        List<DeadLetterRecord> deadLetters = List.of(DEAD_LETTER);
        Query query = Query.latest(3);
        when(delegate.listEvents(query)).thenReturn(events);
        when(delegate.listAudits(query)).thenReturn(audits);
        when(delegate.listDeadLetters(query)).thenReturn(deadLetters);
        when(delegate.listEvents()).thenReturn(events);

        assertSame(events, backend.listEvents(query));
        assertSame(audits, backend.listAudits(query));
        assertSame(deadLetters, backend.listDeadLetters(query));
        assertSame(events, backend.listEvents()); // the delegate's own read of everything, not the default
        verify(delegate).listEvents();
    }

    @Test
    void maintenancePassesThrough() {
        ScanReport scan = ScanReport.clean("file");
        RecoveryConfig config = RecoveryConfig.of(RecoveryMode.REBUILD);
        RecoveryReport recovery = RecoveryReport.nothingToDo("file", RecoveryMode.REBUILD);
        CompactionReport compaction = CompactionReport.ofRecords("file", 4, 2);
        when(delegate.scan()).thenReturn(scan);
        when(delegate.recover(config)).thenReturn(recovery);
        when(delegate.compact()).thenReturn(compaction);

        assertSame(scan, backend.scan());
        assertSame(recovery, backend.recover(config));
        assertSame(compaction, backend.compact());
        verify(delegate).recover(config);
    }

    @Test
    void maintenanceFailuresAreNotSwallowed() {
        UnsupportedOperationException unsupported = new UnsupportedOperationException("compact");
        when(delegate.compact()).thenThrow(unsupported);
        when(delegate.scan()).thenThrow(new IllegalStateException("unreadable"));

        assertSame(unsupported, assertThrows(UnsupportedOperationException.class, backend::compact));
        assertThrows(IllegalStateException.class, backend::scan);
    }

    @Test
    void lifecycleCapabilitiesAndRetentionPassThrough() {
        Set<Capability> capabilities = EnumSet.of(Capability.SCAN, Capability.DURABILITY);
        RetentionPolicy retention = RetentionPolicy.none().withMaxRecords(5);
        when(delegate.capabilities()).thenReturn(capabilities);
        when(delegate.retention()).thenReturn(retention);
        when(delegate.isClosed()).thenReturn(false, true);

        assertSame(capabilities, backend.capabilities());
        assertSame(retention, backend.retention());
        assertFalse(backend.isClosed());
        backend.close();
        assertTrue(backend.isClosed());
        verify(delegate, times(1)).close();
        verify(delegate, times(2)).isClosed();
    }

    @Test
    void theWrapperHasItsDelegatesName() {
        assertEquals("file", backend.name());
    }

    @Test
    void wrappingTwiceReturnsTheSameWrapper() {
        assertSame(backend, BestEffortBackend.wrap(backend));
        assertSame(delegate, backend.delegate());
        assertEquals("BestEffortBackend[" + delegate + "]", backend.toString());
    }

    @Test
    void wrappingNullIsRejected() {
        Expect.npe("backend must not be null", () -> BestEffortBackend.wrap(null));
    }

    @Test
    void concurrentFailedAppendsAreAllCounted() throws InterruptedException {
        when(delegate.metrics()).thenReturn(delegateMetrics);
        failEveryAppend();
        int threads = 8;
        int appends = 1_000;

        Threads.runConcurrently(threads, () -> {
            for (int i = 0; i < appends; i++) {
                backend.recordEvent(EVENT);
            }
        });

        assertEquals((long) threads * appends, backend.metrics().snapshot().writeErrors());
    }
}
