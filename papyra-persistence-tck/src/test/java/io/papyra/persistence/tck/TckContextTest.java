package io.papyra.persistence.tck;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TckContextTest {

    @Test
    @DisplayName("config() is the defaults with the context's retention and clock, and no options")
    void configCarriesRetentionAndClock() {
        ManualClock clock = new ManualClock();
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(5).withMaxAge(Duration.ofMinutes(1));
        TckContext context = TckContext.of(clock, policy);
        assertSame(clock, context.clock());
        assertSame(policy, context.retention());
        BackendConfig config = context.config();
        assertSame(clock, config.clock());
        assertEquals(policy, config.retention());
        assertEquals(Map.of(), config.options());
    }

    @Test
    @DisplayName("of() refuses null arguments")
    void refusesNull() {
        assertThrows(NullPointerException.class, () -> TckContext.of(null, RetentionPolicy.none()));
        assertThrows(NullPointerException.class, () -> TckContext.of(new ManualClock(), null));
    }
}
