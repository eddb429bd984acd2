package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryReportTest {

    @Test
    void nothingToDoHasACleanScanAndNoChanges() {
        RecoveryReport report = RecoveryReport.nothingToDo(RecoveryMode.REBUILD);

        assertEquals(RecoveryMode.REBUILD, report.mode());
        assertEquals(ScanReport.clean(), report.scan());
        assertEquals(List.of(), report.repaired());
        assertEquals(List.of(), report.quarantined());
    }

    @Test
    void listsAreUnmodifiableCopies() {
        List<String> repaired = new ArrayList<>(List.of("events.log"));
        List<String> quarantined = new ArrayList<>(List.of("audits.log.1"));
        RecoveryReport report = new RecoveryReport(RecoveryMode.QUARANTINE, ScanReport.clean(), repaired, quarantined);

        repaired.clear();
        quarantined.add("x");

        assertEquals(List.of("events.log"), report.repaired());
        assertEquals(List.of("audits.log.1"), report.quarantined());
        assertThrows(UnsupportedOperationException.class, () -> report.repaired().add("y"));
        assertThrows(UnsupportedOperationException.class, () -> report.quarantined().clear());
    }

    @Test
    void nullsAreRejected() {
        ScanReport clean = ScanReport.clean();
        List<String> none = List.of();

        Expect.npe("mode must not be null", () -> RecoveryReport.nothingToDo(null));
        Expect.npe("mode must not be null", () -> new RecoveryReport(null, clean, none, none));
        Expect.npe("scan must not be null", () -> new RecoveryReport(RecoveryMode.REPAIR, null, none, none));
        Expect.npe("repaired must not be null", () -> new RecoveryReport(RecoveryMode.REPAIR, clean, null, none));
        Expect.npe("quarantined must not be null", () -> new RecoveryReport(RecoveryMode.REPAIR, clean, none, null));
        Expect.npe("repaired must not contain null (index 1)",
                () -> new RecoveryReport(RecoveryMode.REPAIR, clean, Arrays.asList("a", null), none));
        Expect.npe("quarantined must not contain null (index 0)",
                () -> new RecoveryReport(RecoveryMode.REPAIR, clean, none, Arrays.asList((String) null)));
    }
}
