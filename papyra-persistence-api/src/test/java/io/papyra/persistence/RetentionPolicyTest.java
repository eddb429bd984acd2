package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    /** An event of exactly {@code size} bytes (at least 14) stamped {@code secondsAgo} before {@link #NOW}. */
    private static EventRecord event(long secondsAgo, int size) {
        return new EventRecord("s", "a", "x".repeat(size - 14), Map.of(), NOW.minusSeconds(secondsAgo));
    }

    private static EventRecord event(long secondsAgo) {
        return event(secondsAgo, 20);
    }

    @Test
    void noneHasNoBound() {
        RetentionPolicy none = RetentionPolicy.none();

        assertTrue(none.isUnbounded());
        assertEquals(OptionalLong.empty(), none.maxRecords());
        assertEquals(Optional.empty(), none.maxAge());
        assertEquals(OptionalLong.empty(), none.maxTotalBytes());
        assertEquals(Optional.empty(), none.ageCutoff(NOW));
        assertEquals("RetentionPolicy[maxRecords=none, maxAge=none, maxTotalBytes=none]", none.toString());
    }

    @Test
    void withMethodsSetTheirBound() {
        RetentionPolicy policy = RetentionPolicy.none()
                .withMaxRecords(100).withMaxAge(Duration.ofHours(1)).withMaxTotalBytes(4096);

        assertFalse(policy.isUnbounded());
        assertEquals(OptionalLong.of(100), policy.maxRecords());
        assertEquals(Optional.of(Duration.ofHours(1)), policy.maxAge());
        assertEquals(OptionalLong.of(4096), policy.maxTotalBytes());
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
        assertEquals(OptionalLong.of(5), base.maxRecords());
        assertEquals(Optional.empty(), base.maxAge());
        assertEquals(OptionalLong.empty(), base.maxTotalBytes());
        assertEquals(OptionalLong.of(10), more.maxRecords());
        assertEquals(OptionalLong.of(5), aged.maxRecords());
        assertEquals(OptionalLong.of(5), sized.maxRecords());
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

        assertEquals(Optional.of(Instant.parse("2024-05-01T11:00:00Z")), policy.ageCutoff(NOW));
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
        EventRecord oldSmall = event(4, 15);
        EventRecord big = event(3, 50);
        EventRecord mid = event(2, 20);
        EventRecord newest = event(1, 30);
        // newest 30 + mid 20 = 50; big would make 100 > 60: stop, although oldSmall (15) would still fit.
        RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(60);

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
        List<EventRecord> log = List.of(event(2, 14), event(1, 40));

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
        EventRecord b = event(8, 15);
        EventRecord tooOld = event(50, 15);
        EventRecord c = event(7, 30);
        EventRecord d = event(6, 20);
        EventRecord e = event(5, 25);
        RetentionPolicy policy = RetentionPolicy.none()
                .withMaxAge(TEN_SECONDS).withMaxRecords(4).withMaxTotalBytes(80);

        // age: [a, b, c, d, e]; count 4: [b, c, d, e]; size from newest: e 25, d 45, c 75, b 90 > 80 stop.
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
