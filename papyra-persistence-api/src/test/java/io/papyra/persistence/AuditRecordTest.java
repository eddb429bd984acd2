package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    private static AuditRecord audit(List<String> orphans, List<String> dead) {
        return new AuditRecord("sys", T, 10, 7, 1, 2, 9, orphans, dead, 4);
    }

    private static AuditRecord counts(int total, int alive, int stopping, int restarting, int registry, long deadLetters) {
        return new AuditRecord("sys", T, total, alive, stopping, restarting, registry, List.of(), List.of(), deadLetters);
    }

    @Test
    void keepsItsFields() {
        AuditRecord audit = audit(List.of("o"), List.of("d1", "d2"));

        assertEquals("sys", audit.systemId());
        assertEquals(T, audit.timestamp());
        assertEquals(10, audit.totalActors());
        assertEquals(7, audit.aliveActors());
        assertEquals(1, audit.stoppingActors());
        assertEquals(2, audit.restartingActors());
        assertEquals(9, audit.registrySize());
        assertEquals(List.of("o"), audit.registryOrphans());
        assertEquals(List.of("d1", "d2"), audit.registryDead());
        assertEquals(4, audit.deadLetterCount());
    }

    @Test
    void nullFieldIsRejectedByName() {
        Expect.npe("systemId must not be null",
                () -> new AuditRecord(null, T, 0, 0, 0, 0, 0, List.of(), List.of(), 0));
        Expect.npe("timestamp must not be null",
                () -> new AuditRecord("s", null, 0, 0, 0, 0, 0, List.of(), List.of(), 0));
        Expect.npe("registryOrphans must not be null", () -> audit(null, List.of()));
        Expect.npe("registryDead must not be null", () -> audit(List.of(), null));
    }

    @Test
    void nullListElementIsRejectedNamingItsIndex() {
        Expect.npe("registryOrphans must not contain null (index 1)", () -> audit(Arrays.asList("a", null), List.of()));
        Expect.npe("registryDead must not contain null (index 0)", () -> audit(List.of(), Arrays.asList(null, "b")));
    }

    @Test
    void negativeCountIsRejectedNamingFieldAndValue() {
        Expect.iae("totalActors must be >= 0, was -1", () -> counts(-1, 0, 0, 0, 0, 0));
        Expect.iae("aliveActors must be >= 0, was -2", () -> counts(0, -2, 0, 0, 0, 0));
        Expect.iae("stoppingActors must be >= 0, was -3", () -> counts(0, 0, -3, 0, 0, 0));
        Expect.iae("restartingActors must be >= 0, was -4", () -> counts(0, 0, 0, -4, 0, 0));
        Expect.iae("registrySize must be >= 0, was -5", () -> counts(0, 0, 0, 0, -5, 0));
        Expect.iae("deadLetterCount must be >= 0, was " + Long.MIN_VALUE,
                () -> counts(0, 0, 0, 0, 0, Long.MIN_VALUE));
    }

    @Test
    void zeroCountsAreAccepted() {
        assertEquals(0, counts(0, 0, 0, 0, 0, 0).totalActors());
    }

    @Test
    void listsAreCopiesThatTheCallerCannotChange() {
        List<String> orphans = new ArrayList<>(List.of("o1"));
        List<String> dead = new ArrayList<>(List.of("d1"));
        AuditRecord audit = audit(orphans, dead);

        orphans.add("o2");
        dead.set(0, "changed");

        assertEquals(List.of("o1"), audit.registryOrphans());
        assertEquals(List.of("d1"), audit.registryDead());
    }

    @Test
    void listsAreUnmodifiable() {
        AuditRecord audit = audit(new ArrayList<>(List.of("o")), new ArrayList<>(List.of("d")));

        assertThrows(UnsupportedOperationException.class, () -> audit.registryOrphans().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> audit.registryDead().remove(0));
        assertThrows(UnsupportedOperationException.class, () -> audit(List.of(), List.of()).registryDead().add("x"));
    }

    @Test
    void listsKeepTheirOrder() {
        assertEquals(List.of("c", "a", "b"), audit(new ArrayList<>(List.of("c", "a", "b")), List.of()).registryOrphans());
    }

    @Test
    void equalityIsByValue() {
        AuditRecord one = audit(new ArrayList<>(List.of("o")), List.of("d"));
        AuditRecord two = audit(List.of("o"), new ArrayList<>(List.of("d")));

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, audit(List.of("o"), List.of()));
        assertNotEquals(one, new AuditRecord("sys", T, 10, 7, 1, 2, 9, List.of("o"), List.of("d"), 5));
    }

    @Test
    void sizeIsTimestampSixCountersAndTheUtf8OfItsStrings() {
        // 12 (timestamp) + 6 * 8 (counters) + "sys" 3 + "a" 1 + "bc" 2 + "é" 2
        assertEquals(12 + 48 + 3 + 1 + 2 + 2, audit(List.of("a", "bc"), List.of("é")).sizeInBytes());
        assertEquals(12 + 48 + 3, audit(List.of(), List.of()).sizeInBytes());
    }

    @Test
    void sizeDoesNotDependOnCounterValues() {
        assertEquals(counts(0, 0, 0, 0, 0, 0).sizeInBytes(),
                counts(Integer.MAX_VALUE, 5, 6, 7, 8, Long.MAX_VALUE).sizeInBytes());
    }
}
