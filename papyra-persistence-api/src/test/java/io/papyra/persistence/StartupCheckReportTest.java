package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartupCheckReportTest {

    private static final ScanReport DIRTY = new ScanReport("file", List.of(
            new Anomaly(AnomalyType.UNEXPECTED_FILE, "notes.txt", "not ours")));
    private static final RecoveryReport RECOVERED = RecoveryReport.nothingToDo("file", RecoveryMode.REPAIR);
    private static final ScanReport CLEAN = ScanReport.clean("file");

    @Test
    void carriesTheBackendNameAndItsParts() {
        StartupCheckReport report = new StartupCheckReport("file", StartupCheckMode.RECOVER, DIRTY, RECOVERED, CLEAN);

        assertEquals("file", report.backend());
        assertEquals(StartupCheckMode.RECOVER, report.mode());
        assertSame(DIRTY, report.scan());
        assertSame(RECOVERED, report.recovery());
        assertSame(CLEAN, report.rescan());
    }

    @Test
    void partsAreNullWhenTheModeDoesNotRunThem() {
        StartupCheckReport nothing = new StartupCheckReport("memory", StartupCheckMode.IGNORE, null, null, null);

        assertEquals("memory", nothing.backend());
        assertNull(nothing.scan());
        assertNull(nothing.recovery());
        assertNull(nothing.rescan());
    }

    @Test
    void isCleanLooksAtTheLastScan() {
        assertTrue(new StartupCheckReport("file", StartupCheckMode.IGNORE, null, null, null).isClean());
        assertTrue(new StartupCheckReport("file", StartupCheckMode.SCAN_ONLY, CLEAN, null, null).isClean());
        assertFalse(new StartupCheckReport("file", StartupCheckMode.SCAN_ONLY, DIRTY, null, null).isClean());
        assertTrue(new StartupCheckReport("file", StartupCheckMode.RECOVER, DIRTY, RECOVERED, CLEAN).isClean());
        assertFalse(new StartupCheckReport("file", StartupCheckMode.RECOVER, CLEAN, RECOVERED, DIRTY).isClean());
    }

    @Test
    void nullModeOrBackendIsRejected() {
        Expect.npe("mode must not be null", () -> new StartupCheckReport("file", null, null, null, null));
        Expect.npe("backend must not be null",
                () -> new StartupCheckReport(null, StartupCheckMode.IGNORE, null, null, null));
        Expect.iae("backend must not be blank, was \"\"",
                () -> new StartupCheckReport("", StartupCheckMode.IGNORE, null, null, null));
    }
}
