package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendConfigTest {

    @Test
    void defaultsHaveNoRetentionTheSystemClockAndNoOptions() {
        BackendConfig defaults = BackendConfig.defaults();

        assertSame(RetentionPolicy.none(), defaults.retention());
        assertEquals(InstantSource.system(), defaults.clock());
        assertEquals(Map.of(), defaults.options());
    }

    @Test
    void withMethodsReturnACopyAndLeaveTheOriginalUnchanged() {
        RetentionPolicy retention = RetentionPolicy.none().withMaxRecords(10);
        InstantSource clock = InstantSource.fixed(Instant.parse("2024-05-01T12:00:00Z"));

        BackendConfig config = BackendConfig.defaults().withRetention(retention).withClock(clock).withOption("path", "/p");

        assertSame(retention, config.retention());
        assertSame(clock, config.clock());
        assertEquals(Map.of("path", "/p"), config.options());
        assertSame(RetentionPolicy.none(), BackendConfig.defaults().retention());
        assertEquals(InstantSource.system(), BackendConfig.defaults().clock());
        assertEquals(Map.of(), BackendConfig.defaults().options());
    }

    @Test
    void optionsKeepTheirOrderAndALaterValueReplacesAnEarlierOne() {
        BackendConfig config = BackendConfig.defaults()
                .withOption("z", "1").withOption("a", "2").withOption("m", "3").withOption("z", "4");

        assertEquals(List.of("z", "a", "m"), List.copyOf(config.options().keySet()));
        assertEquals("4", config.option("z"));
        assertNull(config.option("missing"));
    }

    @Test
    void withOptionDoesNotChangeTheConfigurationItWasCalledOn() {
        BackendConfig one = BackendConfig.defaults().withOption("a", "1");

        one.withOption("b", "2");

        assertEquals(Map.of("a", "1"), one.options());
    }

    @Test
    void optionsAreUnmodifiable() {
        BackendConfig config = BackendConfig.defaults().withOption("a", "1");

        assertThrows(UnsupportedOperationException.class, () -> config.options().put("b", "2"));
        assertThrows(UnsupportedOperationException.class, () -> BackendConfig.defaults().options().put("b", "2"));
    }

    @Test
    void badArgumentsAreRejected() {
        BackendConfig defaults = BackendConfig.defaults();

        Expect.npe("retention must not be null", () -> defaults.withRetention(null));
        Expect.npe("clock must not be null", () -> defaults.withClock(null));
        Expect.npe("key must not be null", () -> defaults.withOption(null, "v"));
        Expect.npe("value must not be null", () -> defaults.withOption("k", null));
        Expect.iae("key must not be blank, was \" \"", () -> defaults.withOption(" ", "v"));
        Expect.npe("key must not be null", () -> defaults.option(null));
    }
}
