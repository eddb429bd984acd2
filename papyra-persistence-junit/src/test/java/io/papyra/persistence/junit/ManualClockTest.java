package io.papyra.persistence.junit;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManualClockTest {

    @Test
    void startsAtTheDefaultAndMovesOnlyWhenTold() {
        ManualClock clock = new ManualClock();
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), clock.instant());
        assertEquals(clock.instant(), clock.instant());
        assertEquals(Instant.parse("2026-01-01T00:01:30Z"), clock.advance(Duration.ofSeconds(90)));
        assertEquals(Instant.parse("2026-01-01T00:01:30Z"), clock.instant());
        clock.set(Instant.EPOCH);
        assertEquals(Instant.EPOCH, clock.instant());
        assertEquals(Instant.EPOCH, clock.advance(Duration.ZERO));
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> clock.advance(Duration.ofSeconds(-1)));
        assertEquals("amount must not be negative, was PT-1S; use set(Instant) to move the clock back",
                negative.getMessage());
        assertEquals("amount must not be null", assertThrows(NullPointerException.class, () -> clock.advance(null)).getMessage());
        assertEquals("instant must not be null", assertThrows(NullPointerException.class, () -> clock.set(null)).getMessage());
        assertEquals("start must not be null",
                assertThrows(NullPointerException.class, () -> new ManualClock(null)).getMessage());
        clock.set(Instant.MAX);
        assertThrows(DateTimeException.class, () -> clock.advance(Duration.ofNanos(1)));
        assertEquals(Instant.MAX, clock.instant(), "unchanged after a failed move");
        assertTrue(clock.toString().contains(Instant.MAX.toString()));
    }
}
