package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default methods of the interface: reads without a query are reads of {@link Query#all()}. */
class PersistenceBackendTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    private final PersistenceBackend backend = mock(PersistenceBackend.class);

    @Test
    void listEventsReadsEverything() {
        List<EventRecord> events = List.of(new EventRecord("s", "a", "t", Map.of(), T));
        when(backend.listEvents()).thenCallRealMethod();
        when(backend.listEvents(Query.all())).thenReturn(events);

        assertSame(events, backend.listEvents());
        verify(backend).listEvents(Query.all());
    }

    @Test
    void listAuditsReadsEverything() {
        List<AuditRecord> audits = List.of(new AuditRecord("s", T, 0, 0, 0, 0, 0, List.of(), List.of(), 0));
        when(backend.listAudits()).thenCallRealMethod();
        when(backend.listAudits(Query.all())).thenReturn(audits);

        assertSame(audits, backend.listAudits());
        verify(backend).listAudits(Query.all());
    }

    @Test
    void listDeadLettersReadsEverything() {
        List<DeadLetterRecord> deadLetters = List.of(new DeadLetterRecord("s", null, "m", Map.of(), T));
        when(backend.listDeadLetters()).thenCallRealMethod();
        when(backend.listDeadLetters(Query.all())).thenReturn(deadLetters);

        assertSame(deadLetters, backend.listDeadLetters());
        verify(backend).listDeadLetters(Query.all());
    }
}
