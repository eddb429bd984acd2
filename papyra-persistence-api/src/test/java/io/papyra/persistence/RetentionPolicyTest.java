package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    /**
     * An event of exactly {@code size} bytes (at least 16: timestamp 12, "s", "a" and the empty payload's
     * {@code {}}) stamped {@code secondsAgo} before {@link #NOW}.
     */
    private static EventRecord event(long secondsAgo, int size) {
        EventRecord event = new EventRecord("s", "a", "x".repeat(size - 16), Map.of(), NOW.minusSeconds(secondsAgo));
        assertEquals(size, event.sizeInBytes());
        return event;
    }

    private static EventRecord event(long secondsAgo) {
        return event(secondsAgo, 20);
    }

    @Test
    void noneHasNoBound() {
        RetentionPolicy none = RetentionPolicy.none();

        assertTrue(none.isUnbounded());
        assertEquals(RetentionPolicy.UNBOUNDED, none.maxRecords());
        assertNull(none.maxAge());
        assertEquals(RetentionPolicy.UNBOUNDED, none.maxTotalBytes());
        assertFalse(none.hasMaxRecords());
        assertFalse(none.hasMaxAge());
        assertFalse(none.hasMaxTotalBytes());
        assertNull(none.ageCutoff(NOW));
        assertEquals("RetentionPolicy[maxRecords=none, maxAge=none, maxTotalBytes=none]", none.toString());
    }

    @Test
    void withMethodsSetTheirBound() {
        RetentionPolicy policy = RetentionPolicy.none()
                .withMaxRecords(100).withMaxAge(Duration.ofHours(1)).withMaxTotalBytes(4096);

        assertFalse(policy.isUnbounded());
        assertEquals(100, policy.maxRecords());
        assertEquals(Duration.ofHours(1), policy.maxAge());
        assertEquals(4096, policy.maxTotalBytes());
        assertTrue(policy.hasMaxRecords());
        assertTrue(policy.hasMaxAge());
        assertTrue(policy.hasMaxTotalBytes());
        assertEquals("RetentionPolicy[maxRecords=100, maxAge=PT1H, maxTotalBytes=4096]", policy.toString());
    }

    @Test
    void eachBoundAloneMakesThePolicyBounded() {
        assertFalse(RetentionPolicy.none().withMaxRecords(1).isUnbounded());
        assertFalse(RetentionPolicy.none().withMaxAge(Duration.ofNanos(1)).isUnbounded());
        assertFalse(RetentionPolicy.none().withMaxTotalBytes(1).isUnbounded());
    }

    @Test
    void withMethodsReturnANewPolicyAndLeaveTheOriginalUnchanged() {
        RetentionPolicy base = RetentionPolicy.none().withMaxRecords(5);
        RetentionPolicy more = base.withMaxRecords(10);
        RetentionPolicy aged = base.withMaxAge(TEN_SECONDS);
        RetentionPolicy sized = base.withMaxTotalBytes(100);

        assertNotSame(base, more);
        assertEquals(5, base.maxRecords());
        assertNull(base.maxAge());
        assertFalse(base.hasMaxTotalBytes());
        assertEquals(10, more.maxRecords());
        assertEquals(5, aged.maxRecords());
        assertEquals(TEN_SECONDS, aged.maxAge());
        assertEquals(5, sized.maxRecords());
        assertEquals(100, sized.maxTotalBytes());
        assertTrue(RetentionPolicy.none().isUnbounded());
    }

    @Test
    void zeroOrNegativeBoundsAreRejectedNamingBoundAndValue() {
        RetentionPolicy none = RetentionPolicy.none();

        Expect.iae("maxRecords must be > 0, was 0", () -> none.withMaxRecords(0));
        Expect.iae("maxRecords must be > 0, was -1", () -> none.withMaxRecords(-1));
        Expect.iae("maxAge must be > 0, was PT0S", () -> none.withMaxAge(Duration.ZERO));
        Expect.iae("maxAge must be > 0, was PT-1S", () -> none.withMaxAge(Duration.ofSeconds(-1)));
        Expect.iae("maxTotalBytes must be > 0, was 0", () -> none.withMaxTotalBytes(0));
        Expect.iae("maxTotalBytes must be > 0, was -100", () -> none.withMaxTotalBytes(-100));
        Expect.npe("maxAge must not be null", () -> none.withMaxAge(null));
        assertTrue(none.isUnbounded());
    }

    @Test
    void ageCutoffIsNowMinusMaxAge() {
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofHours(1));

        assertEquals(Instant.parse("2024-05-01T11:00:00Z"), policy.ageCutoff(NOW));
        Expect.npe("now must not be null", () -> policy.ageCutoff(null));
    }

    @Test
    void retainRejectsANullRecordNamingItsIndex() {
        List<EventRecord> withNull = Arrays.asList(event(1), null);
        Expect.npe("records must not contain null (index 1)", () -> RetentionPolicy.none().retain(withNull, NOW));
    }

    @Test
    void retainWithoutBoundsKeepsEverythingInACopy() {
        List<EventRecord> log = new ArrayList<>(List.of(event(30), event(20), event(10)));

        List<EventRecord> kept = RetentionPolicy.none().retain(log, NOW);
        log.clear();

        assertEquals(3, kept.size());
    }

    @Test
    void retainByAgeKeepsARecordExactlyAtTheCutoff() {
        EventRecord tooOld = event(11);
        EventRecord atCutoff = event(10);
        EventRecord oneNanoTooOld = new EventRecord("s", "a", "t", Map.of(), NOW.minusSeconds(10).minusNanos(1));
        EventRecord recent = event(0);
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(TEN_SECONDS);

        assertEquals(List.of(atCutoff, recent), policy.retain(List.of(tooOld, oneNanoTooOld, atCutoff, recent), NOW));
    }

    @Test
    void retainByAgeFiltersOutOfOrderTimestampsOneByOne() {
        EventRecord young1 = event(5);
        EventRecord old1 = event(20);
        EventRecord young2 = event(10);
        EventRecord old2 = event(11);
        EventRecord young3 = event(0);
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(TEN_SECONDS);

        assertEquals(List.of(young1, young2, young3), policy.retain(List.of(young1, old1, young2, old2, young3), NOW));
    }

    @Test
    void retainByAgeKeepsRecordsFromTheFuture() {
        EventRecord future = new EventRecord("s", "a", "t", Map.of(), NOW.plusSeconds(60));

        assertEquals(List.of(future), RetentionPolicy.none().withMaxAge(TEN_SECONDS).retain(List.of(future), NOW));
    }

    @Test
    void retainByCountKeepsTheNewest() {
        List<EventRecord> log = List.of(event(5), event(4), event(3), event(2), event(1));
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(3);

        assertEquals(log.subList(2, 5), policy.retain(log, NOW));
        assertEquals(log, RetentionPolicy.none().withMaxRecords(5).retain(log, NOW));
        assertEquals(log, RetentionPolicy.none().withMaxRecords(Long.MAX_VALUE).retain(log, NOW));
        assertEquals(log.subList(4, 5), RetentionPolicy.none().withMaxRecords(1).retain(log, NOW));
    }

    @Test
    void retainBySizeWalksFromNewestAndStopsAtTheFirstRecordThatDoesNotFit() {
        EventRecord oldSmall = event(4, 16);
        EventRecord big = event(3, 50);
        EventRecord mid = event(2, 20);
        EventRecord newest = event(1, 30);
        // newest 30 + mid 20 = 50; big would make 100 > 70: stop, although oldSmall would still fit (66).
        RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(70);

        assertEquals(List.of(mid, newest), policy.retain(List.of(oldSmall, big, mid, newest), NOW));
    }

    @Test
    void retainBySizeKeepsRecordsThatFillTheLimitExactly() {
        EventRecord first = event(2, 20);
        EventRecord second = event(1, 30);

        assertEquals(List.of(first, second), RetentionPolicy.none().withMaxTotalBytes(50).retain(List.of(first, second), NOW));
        assertEquals(List.of(second), RetentionPolicy.none().withMaxTotalBytes(49).retain(List.of(first, second), NOW));
    }

    @Test
    void retainBySizeKeepsNothingWhenTheNewestRecordAloneIsTooBig() {
        List<EventRecord> log = List.of(event(2, 16), event(1, 40));

        assertEquals(List.of(), RetentionPolicy.none().withMaxTotalBytes(39).retain(log, NOW));
    }

    @Test
    void retainAppliesAgeBeforeCount() {
        EventRecord young1 = event(3);
        EventRecord young2 = event(2);
        EventRecord young3 = event(1);
        EventRecord old1 = event(100);
        EventRecord old2 = event(100);
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(TEN_SECONDS).withMaxRecords(2);

        // Count first would keep [old1, old2] and age would then drop both.
        assertEquals(List.of(young2, young3), policy.retain(List.of(young1, young2, young3, old1, old2), NOW));
    }

    @Test
    void retainAppliesAgeBeforeSize() {
        EventRecord young = event(1, 20);
        EventRecord old = event(100, 20);
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(TEN_SECONDS).withMaxTotalBytes(20);

        // Size first would keep [old] (the newest in the list) and age would then drop it.
        assertEquals(List.of(young), policy.retain(List.of(young, old), NOW));
    }

    @Test
    void retainAppliesAgeThenCountThenSize() {
        EventRecord a = event(9, 100);
        EventRecord b = event(8, 16);
        EventRecord tooOld = event(50, 16);
        EventRecord c = event(7, 30);
        EventRecord d = event(6, 20);
        EventRecord e = event(5, 25);
        RetentionPolicy policy = RetentionPolicy.none()
                .withMaxAge(TEN_SECONDS).withMaxRecords(4).withMaxTotalBytes(80);

        // age: [a, b, c, d, e]; count 4: [b, c, d, e]; size from newest: e 25, d 45, c 75, b 91 > 80 stop.
        assertEquals(List.of(c, d, e), policy.retain(List.of(a, b, tooOld, c, d, e), NOW));
    }

    @Test
    void retainWorksForEveryRecordType() {
        AuditRecord oldAudit = new AuditRecord("s", NOW.minusSeconds(60), 0, 0, 0, 0, 0, List.of(), List.of(), 0);
        AuditRecord audit = new AuditRecord("s", NOW, 0, 0, 0, 0, 0, List.of(), List.of(), 0);
        DeadLetterRecord letter = new DeadLetterRecord("s", null, "m", Map.of(), NOW);
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(TEN_SECONDS);

        assertEquals(List.of(audit), policy.retain(List.of(oldAudit, audit), NOW));
        assertEquals(List.of(letter), policy.retain(List.of(letter), NOW));
    }

    @Test
    void retainOfAnEmptyLogIsEmpty() {
        RetentionPolicy all = RetentionPolicy.none().withMaxAge(TEN_SECONDS).withMaxRecords(3).withMaxTotalBytes(10);

        assertEquals(List.of(), all.retain(List.<EventRecord>of(), NOW));
        assertEquals(List.of(), RetentionPolicy.none().retain(List.<EventRecord>of(), NOW));
    }

    @Test
    void retainReturnsAnUnmodifiableList() {
        List<EventRecord> log = new ArrayList<>(List.of(event(2), event(1)));

        List<EventRecord> unbounded = RetentionPolicy.none().retain(log, NOW);
        List<EventRecord> counted = RetentionPolicy.none().withMaxRecords(1).retain(log, NOW);

        assertThrows(UnsupportedOperationException.class, () -> unbounded.add(event(0)));
        assertThrows(UnsupportedOperationException.class, () -> counted.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> unbounded.clear());
    }

    @Test
    void retainRejectsNullArguments() {
        RetentionPolicy policy = RetentionPolicy.none();

        Expect.npe("records must not be null", () -> policy.retain(null, NOW));
        Expect.npe("now must not be null", () -> policy.retain(List.of(event(1)), null));
    }

    @Test
    void aRecordCountBeyondTheIntRangeIsKeptExactlyAndKeepsEverythingOfASmallLog() {
        long beyondInt = (1L << 32) + 3; // truncated to an int, this would be 3
        List<EventRecord> log = List.of(event(5), event(4), event(3), event(2), event(1));
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(beyondInt);

        assertEquals(4_294_967_299L, policy.maxRecords());
        assertTrue(policy.hasMaxRecords());
        assertEquals(log, policy.retain(log, NOW));
        assertEquals("RetentionPolicy[maxRecords=4294967299, maxAge=none, maxTotalBytes=none]", policy.toString());
    }

    @Test
    void theLongestAgeBoundsKeepEverythingAndNeverThrow() {
        EventRecord first = new EventRecord("s", "a", "t", Map.of(), Instant.MIN);
        EventRecord last = new EventRecord("s", "a", "t", Map.of(), Instant.MAX);
        List<EventRecord> log = List.of(first, event(1_000_000_000L), event(0), last);
        for (Duration age : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))) {
            RetentionPolicy policy = RetentionPolicy.none().withMaxAge(age);

            assertEquals(age, policy.maxAge());
            for (Instant now : List.of(NOW, Instant.MIN, Instant.MAX, Instant.EPOCH)) {
                assertEquals(Instant.MIN, policy.ageCutoff(now), () -> age + " at " + now);
                assertEquals(log, policy.retain(log, now), () -> age + " at " + now);
            }
        }
    }

    @Test
    void anAgeBoundJustShortOfAllTimeCutsOffOnlyTheEarliestInstant() {
        Duration allTime = Duration.between(Instant.MIN, NOW);
        EventRecord first = new EventRecord("s", "a", "t", Map.of(), Instant.MIN);
        EventRecord second = new EventRecord("s", "a", "t", Map.of(), Instant.MIN.plusNanos(1));

        assertEquals(Instant.MIN, RetentionPolicy.none().withMaxAge(allTime).ageCutoff(NOW));
        RetentionPolicy shorter = RetentionPolicy.none().withMaxAge(allTime.minusNanos(1));
        assertEquals(Instant.MIN.plusNanos(1), shorter.ageCutoff(NOW));
        assertEquals(List.of(second), shorter.retain(List.of(first, second), NOW));
    }

    @Test
    void agesJustBelowTheSpanSinceTheEarliestInstantCutExactly() {
        Instant now = Instant.MIN.plusSeconds(5);

        assertEquals(Instant.MIN.plusNanos(1),
                RetentionPolicy.none().withMaxAge(Duration.ofSeconds(4, 999_999_999)).ageCutoff(now));
        assertEquals(Instant.MIN.plusSeconds(1), RetentionPolicy.none().withMaxAge(Duration.ofSeconds(4)).ageCutoff(now));
        assertEquals(Instant.MIN, RetentionPolicy.none().withMaxAge(Duration.ofSeconds(5)).ageCutoff(now));
        assertEquals(Instant.MIN, RetentionPolicy.none().withMaxAge(Duration.ofSeconds(5, 1)).ageCutoff(now));
        assertEquals(Instant.MIN.plusSeconds(4).plusNanos(999_999_999),
                RetentionPolicy.none().withMaxAge(Duration.ofNanos(1)).ageCutoff(now));
    }

    @Test
    void aByteBoundJustBelowTheMaximumKeepsEverything() {
        List<EventRecord> log = List.of(event(3, 1_000), event(2, 20), event(1, 16));
        RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(Long.MAX_VALUE - 1);

        assertEquals(Long.MAX_VALUE - 1, policy.maxTotalBytes());
        assertTrue(policy.hasMaxTotalBytes());
        assertEquals(log, policy.retain(log, NOW));
    }

    @Test
    void unboundedIsTheSameAsNoBound() {
        RetentionPolicy unbounded = RetentionPolicy.none()
                .withMaxRecords(RetentionPolicy.UNBOUNDED).withMaxTotalBytes(RetentionPolicy.UNBOUNDED);

        assertEquals(Long.MAX_VALUE, RetentionPolicy.UNBOUNDED);
        assertEquals(RetentionPolicy.none(), unbounded);
        assertEquals(RetentionPolicy.none().hashCode(), unbounded.hashCode());
        assertTrue(unbounded.isUnbounded());
        assertFalse(unbounded.hasMaxRecords());
        assertFalse(unbounded.hasMaxTotalBytes());
        assertEquals(RetentionPolicy.none(), RetentionPolicy.none().withMaxRecords(3).withMaxRecords(RetentionPolicy.UNBOUNDED));
    }

    @Test
    void equalityIsByValue() {
        RetentionPolicy one = RetentionPolicy.none().withMaxRecords(5).withMaxAge(Duration.ofMinutes(60));
        RetentionPolicy two = RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxRecords(5);

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertSame(RetentionPolicy.none(), RetentionPolicy.none());
        assertNotEquals(one, two.withMaxRecords(6));
        assertNotEquals(one, two.withMaxAge(Duration.ofMinutes(61)));
        assertNotEquals(one, two.withMaxTotalBytes(1));
        assertNotEquals(RetentionPolicy.none(), RetentionPolicy.none().withMaxRecords(1));
        assertNotEquals(RetentionPolicy.none().withMaxRecords(7), RetentionPolicy.none().withMaxTotalBytes(7));
        assertNotEquals(RetentionPolicy.none(), "none");
    }
}
