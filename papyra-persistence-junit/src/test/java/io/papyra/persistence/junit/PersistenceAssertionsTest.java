package io.papyra.persistence.junit;

import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.memory.InMemoryPersistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.junit.PersistenceAssertions.assertAuditCount;
import static io.papyra.persistence.junit.PersistenceAssertions.assertDeadLetterCount;
import static io.papyra.persistence.junit.PersistenceAssertions.assertDeadLetterRecorded;
import static io.papyra.persistence.junit.PersistenceAssertions.assertEventCount;
import static io.papyra.persistence.junit.PersistenceAssertions.assertEventRecorded;
import static io.papyra.persistence.junit.PersistenceAssertions.assertNoEventRecorded;
import static io.papyra.persistence.junit.PersistenceAssertions.assertNothingDropped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The assertion helpers on a real memory backend: what they accept and what their failures say. */
class PersistenceAssertionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final InMemoryPersistence backend = new InMemoryPersistence();

    @AfterEach
    void close() {
        backend.close();
    }

    private EventRecord event(String actor, String type, int second) {
        return new EventRecord("sys", actor, type, Map.of("n", second), T0.plusSeconds(second));
    }

    private static String message(Runnable failing) {
        return assertThrows(AssertionFailedError.class, failing::run).getMessage();
    }

    @Test
    void eventRecordedReturnsTheMostRecentMatch() {
        backend.recordEvent(event("local://1", "ActorStarted", 0));
        EventRecord latest = event("local://1", "ActorStarted", 5);
        backend.recordEvent(latest);
        backend.recordEvent(event("local://2", "ActorStarted", 6));
        assertSame(latest, assertEventRecorded(backend, "ActorStarted", "local://1"));
        assertNoEventRecorded(backend, "ActorStopped", "local://1");
        assertEventCount(backend, 3);
    }

    @Test
    void eventFailuresListTheLastTenRecordsNewestLast() {
        assertEquals("Expected an event ActorStarted for actor local://1, but none was recorded. no event was recorded.",
                message(() -> assertEventRecorded(backend, "ActorStarted", "local://1")));
        for (int i = 0; i < 12; i++) {
            backend.recordEvent(event("local://9", "ActorStarted", i));
        }
        String text = message(() -> assertEventRecorded(backend, "ActorStarted", "local://1"));
        List<String> lines = List.of(text.split("\n"));
        assertEquals("Expected an event ActorStarted for actor local://1, but none was recorded. "
                + "12 events were recorded (the last 10 shown):", lines.get(0));
        assertEquals(11, lines.size());
        assertEquals("  2026-01-01T00:00:02Z local://9 ActorStarted {\"n\":2}", lines.get(1));
        assertEquals("  2026-01-01T00:00:11Z local://9 ActorStarted {\"n\":11}", lines.get(10));
    }

    @Test
    void noEventFailureCountsTheMatches() {
        backend.recordEvent(event("local://1", "ActorCrashed", 0));
        backend.recordEvent(event("local://1", "ActorCrashed", 1));
        assertEquals("Expected no event ActorCrashed for actor local://1, but 2 were recorded. 2 events were recorded:\n"
                        + "  2026-01-01T00:00:00Z local://1 ActorCrashed {\"n\":0}\n"
                        + "  2026-01-01T00:00:01Z local://1 ActorCrashed {\"n\":1}",
                message(() -> assertNoEventRecorded(backend, "ActorCrashed", "local://1")));
    }

    @Test
    void countFailuresSayExpectedAndActual() {
        backend.recordEvent(event("local://1", "ActorStarted", 0));
        assertEquals("Expected 2 events, but 1 event was recorded:\n  2026-01-01T00:00:00Z local://1 ActorStarted {\"n\":0}",
                message(() -> assertEventCount(backend, 2)));
        assertEquals("Expected 1 dead letter, but no dead letter was recorded.",
                message(() -> assertDeadLetterCount(backend, 1)));
        assertEquals("Expected 3 audits, but no audit was recorded.", message(() -> assertAuditCount(backend, 3)));
        assertDeadLetterCount(backend, 0);
        assertAuditCount(backend, 0);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> assertEventCount(backend, -1));
        assertEquals("expected must be >= 0, was -1", negative.getMessage());
    }

    @Test
    void deadLettersMatchByTypeAndOptionallyTarget() {
        DeadLetterRecord noTarget = new DeadLetterRecord("sys", null, "Ping", "ping", T0);
        DeadLetterRecord toSeven = new DeadLetterRecord("sys", "local://7", "PlaceOrder", Map.of("id", "42"), T0.plusSeconds(1));
        backend.recordDeadLetter(noTarget);
        backend.recordDeadLetter(toSeven);
        assertSame(noTarget, assertDeadLetterRecorded(backend, "Ping"));
        assertSame(toSeven, assertDeadLetterRecorded(backend, "PlaceOrder", "local://7"));
        assertEquals("Expected a dead letter PlaceOrder to local://8, but none was recorded. 2 dead letters were recorded:\n"
                        + "  2026-01-01T00:00:00Z (no target) Ping \"ping\"\n"
                        + "  2026-01-01T00:00:01Z local://7 PlaceOrder {\"id\":\"42\"}",
                message(() -> assertDeadLetterRecorded(backend, "PlaceOrder", "local://8")));
        assertEquals("Expected a dead letter Pong, but none was recorded. 2 dead letters were recorded:\n"
                        + "  2026-01-01T00:00:00Z (no target) Ping \"ping\"\n"
                        + "  2026-01-01T00:00:01Z local://7 PlaceOrder {\"id\":\"42\"}",
                message(() -> assertDeadLetterRecorded(backend, "Pong")));
    }

    @Test
    void droppedAppendsAreReported() {
        assertNothingDropped(backend);
        backend.close();
        backend.recordEvent(event("local://1", "ActorStarted", 0));
        assertEquals("Expected no dropped appends, but records_dropped is 1: something appended after the backend was closed",
                message(() -> assertNothingDropped(backend)));
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("backend must not be null",
                assertThrows(NullPointerException.class, () -> assertEventCount(null, 0)).getMessage());
        assertEquals("eventType must not be null", assertThrows(NullPointerException.class,
                () -> assertEventRecorded(backend, null, "local://1")).getMessage());
        assertEquals("targetAddress must not be null", assertThrows(NullPointerException.class,
                () -> assertDeadLetterRecorded(backend, "Ping", null)).getMessage());
    }
}
