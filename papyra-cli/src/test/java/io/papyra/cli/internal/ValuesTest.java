package io.papyra.cli.internal;

import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.StartupCheckMode;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parsers of option values: every duration form, --since, and enums in command-line spelling. */
class ValuesTest {

    @Test
    void durationsInEveryForm() {
        assertEquals(Duration.ofMillis(500), Values.duration("500ms"));
        assertEquals(Duration.ofSeconds(30), Values.duration("30s"));
        assertEquals(Duration.ofMinutes(15), Values.duration("15m"));
        assertEquals(Duration.ofHours(2), Values.duration("2h"));
        assertEquals(Duration.ofDays(1), Values.duration("1d"));
        assertEquals(Duration.ofDays(14), Values.duration("2w"));
        assertEquals(Duration.ofMinutes(15), Values.duration("PT15M"));
        assertEquals(Duration.ofDays(1), Values.duration(" p1d "));
    }

    @Test
    void badDurationsSayWhatIsAllowed() {
        for (String bad : List.of("15", "15 m", "m", "-5m", "1.5h", "PTX", "1y", "")) {
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> Values.duration(bad), bad);
            assertEquals("'" + bad + "' is not a duration such as 500ms, 30s, 15m, 2h, 1d, 1w or PT15M", e.getMessage());
        }
        assertEquals("'0s' must be a positive duration",
                assertThrows(TypeConversionException.class, () -> Values.duration("0s")).getMessage());
        assertEquals("'-PT1M' must be a positive duration",
                assertThrows(TypeConversionException.class, () -> Values.duration("-PT1M")).getMessage());
    }

    @Test
    void sinceIsAnInstantOrATimeAgo() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        Values.SinceConverter converter = new Values.SinceConverter();
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), converter.convert("2026-01-01T00:00:00Z").resolve(() -> now));
        assertEquals(now.minus(Duration.ofMinutes(15)), converter.convert("15m").resolve(() -> now));
        assertEquals("'2026-01-01' is neither an ISO-8601 instant such as 2026-01-01T00:00:00Z nor a duration such as"
                        + " 500ms, 30s, 15m, 2h, 1d, 1w or PT15M (meaning that long ago)",
                assertThrows(TypeConversionException.class, () -> converter.convert("2026-01-01")).getMessage());
    }

    @Test
    void enumsAreSpelledInLowerCaseWithHyphens() {
        assertEquals(StartupCheckMode.FAIL_ON_ANOMALY, Values.parse("fail-on-anomaly", StartupCheckMode.class));
        assertEquals(StartupCheckMode.SCAN_ONLY, Values.parse("SCAN_ONLY", StartupCheckMode.class));
        assertEquals(RecoveryMode.QUARANTINE, Values.parse("Quarantine", RecoveryMode.class));
        assertEquals(List.of("ignore", "scan-only", "recover", "fail-on-anomaly"), Values.names(StartupCheckMode.class));
        assertEquals("'scan' is not one of [ignore, scan-only, recover, fail-on-anomaly]",
                assertThrows(TypeConversionException.class, () -> Values.parse("scan", StartupCheckMode.class)).getMessage());
    }
}
