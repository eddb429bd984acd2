package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecoveryConfigTest {

    @ParameterizedTest
    @EnumSource(RecoveryMode.class)
    void ofUsesTheBackendsDefaultLocation(RecoveryMode mode) {
        RecoveryConfig config = RecoveryConfig.of(mode);

        assertEquals(mode, config.mode());
        assertNull(config.quarantineLocation());
    }

    @Test
    void quarantineTakesALocation() {
        RecoveryConfig config = new RecoveryConfig(RecoveryMode.QUARANTINE, "/var/papyra/quarantine");

        assertEquals(RecoveryMode.QUARANTINE, config.mode());
        assertEquals("/var/papyra/quarantine", config.quarantineLocation());
    }

    @ParameterizedTest
    @EnumSource(value = RecoveryMode.class, names = "QUARANTINE", mode = EnumSource.Mode.EXCLUDE)
    void aLocationIsRejectedWithAnyOtherMode(RecoveryMode mode) {
        Expect.iae("quarantineLocation is only used by mode QUARANTINE, mode was " + mode,
                () -> new RecoveryConfig(mode, "/tmp/q"));
    }

    @Test
    void blankLocationIsRejected() {
        Expect.iae("quarantineLocation must not be blank, was \" \t\"",
                () -> new RecoveryConfig(RecoveryMode.QUARANTINE, " \t"));
        Expect.iae("quarantineLocation must not be blank, was \"\"", () -> new RecoveryConfig(RecoveryMode.QUARANTINE, ""));
    }

    @Test
    void nullModeIsRejected() {
        Expect.npe("mode must not be null", () -> RecoveryConfig.of(null));
        Expect.npe("mode must not be null", () -> new RecoveryConfig(null, "/tmp/q"));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(RecoveryConfig.of(RecoveryMode.REPAIR), new RecoveryConfig(RecoveryMode.REPAIR, null));
    }
}
