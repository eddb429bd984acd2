package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupCheckReportTest {

    private static final ScanReport DIRTY = new ScanReport(List.of(
            new Anomaly(AnomalyType.UNEXPECTED_FILE, "notes.txt", "not ours")));
    private static final RecoveryReport RECOVERED = RecoveryReport.nothingToDo(RecoveryMode.REPAIR);

    @Test
    void optionalViewsOfItsParts() {
        StartupCheckReport report = new StartupCheckReport(StartupCheckMode.RECOVER, DIRTY, RECOVERED, ScanReport.clean());

        assertEquals(Optional.of(DIRTY), report.initialScan());
        assertEquals(Optional.of(RECOVERED), report.recoveryReport());
        assertEquals(Optional.of(ScanReport.clean()), report.finalScan());

        StartupCheckReport nothing = new StartupCheckReport(StartupCheckMode.IGNORE, null, null, null);
        assertEquals(Optional.empty(), nothing.initialScan());
        assertEquals(Optional.empty(), nothing.recoveryReport());
        assertEquals(Optional.empty(), nothing.finalScan());
    }

    @Test
    void isCleanLooksAtTheLastScan() {
        assertTrue(new StartupCheckReport(StartupCheckMode.IGNORE, null, null, null).isClean());
        assertTrue(new StartupCheckReport(StartupCheckMode.SCAN_ONLY, ScanReport.clean(), null, null).isClean());
        assertFalse(new StartupCheckReport(StartupCheckMode.SCAN_ONLY, DIRTY, null, null).isClean());
        assertTrue(new StartupCheckReport(StartupCheckMode.RECOVER, DIRTY, RECOVERED, ScanReport.clean()).isClean());
        assertFalse(new StartupCheckReport(StartupCheckMode.RECOVER, ScanReport.clean(), RECOVERED, DIRTY).isClean());
    }

    @Test
    void nullModeIsRejected() {
        Expect.npe("mode must not be null", () -> new StartupCheckReport(null, null, null, null));
    }
}
