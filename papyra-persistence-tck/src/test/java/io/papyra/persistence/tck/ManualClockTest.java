package io.papyra.persistence.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManualClockTest {

    @Test
    @DisplayName("starts at 2026-01-01T00:00:00Z, or at the given instant, and stays there")
    void startsAtFixedInstant() {
        ManualClock clock = new ManualClock();
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), clock.now());
        assertEquals(clock.now(), clock.instant());
        assertEquals(ManualClock.DEFAULT_START.toEpochMilli(), clock.millis());
        Instant start = Instant.parse("1999-12-31T23:59:59Z");
        assertEquals(start, new ManualClock(start).instant());
    }

    @Test
    @DisplayName("advance moves forward by the amount and returns the new instant; zero is allowed")
    void advance() {
        ManualClock clock = new ManualClock();
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(90), clock.advance(Duration.ofSeconds(90)));
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(90), clock.advance(Duration.ZERO));
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(90).plusNanos(1), clock.advance(Duration.ofNanos(1)));
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(90).plusNanos(1), clock.now());
    }

    @Test
    @DisplayName("advance refuses a negative amount and null, leaving the clock where it was")
    void advanceRefusesBadInput() {
        ManualClock clock = new ManualClock();
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> clock.advance(null));
        assertEquals(ManualClock.DEFAULT_START, clock.now());
    }

    @Test
    @DisplayName("set jumps anywhere, backwards included; null is refused")
    void set() {
        ManualClock clock = new ManualClock();
        clock.set(Instant.EPOCH);
        assertEquals(Instant.EPOCH, clock.now());
        clock.set(Instant.parse("2100-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2100-01-01T00:00:00Z"), clock.instant());
        assertThrows(NullPointerException.class, () -> clock.set(null));
        assertThrows(NullPointerException.class, () -> new ManualClock(null));
    }

    @Test
    @DisplayName("concurrent advances all add up")
    void concurrentAdvancesAddUp() throws InterruptedException {
        ManualClock clock = new ManualClock();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(4), clock.now());
    }
}
