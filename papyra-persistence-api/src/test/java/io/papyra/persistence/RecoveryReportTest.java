package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryReportTest {

    @Test
    void nothingToDoHasACleanScanOfTheSameBackendAndNoChanges() {
        RecoveryReport report = RecoveryReport.nothingToDo("memory", RecoveryMode.REBUILD);

        assertEquals("memory", report.backend());
        assertEquals(RecoveryMode.REBUILD, report.mode());
        assertEquals(ScanReport.clean("memory"), report.scan());
        assertEquals(List.of(), report.repaired());
        assertEquals(List.of(), report.quarantined());
    }

    @Test
    void listsAreUnmodifiableCopies() {
        List<String> repaired = new ArrayList<>(List.of("events.log"));
        List<String> quarantined = new ArrayList<>(List.of("audits.log.1"));
        RecoveryReport report = new RecoveryReport("file", RecoveryMode.QUARANTINE, ScanReport.clean("file"),
                repaired, quarantined);

        repaired.clear();
        quarantined.add("x");

        assertEquals(List.of("events.log"), report.repaired());
        assertEquals(List.of("audits.log.1"), report.quarantined());
        assertThrows(UnsupportedOperationException.class, () -> report.repaired().add("y"));
        assertThrows(UnsupportedOperationException.class, () -> report.quarantined().clear());
    }

    @Test
    void nullsAreRejected() {
        ScanReport clean = ScanReport.clean("file");
        List<String> none = List.of();

        Expect.npe("backend must not be null", () -> RecoveryReport.nothingToDo(null, RecoveryMode.REPAIR));
        Expect.npe("backend must not be null", () -> new RecoveryReport(null, RecoveryMode.REPAIR, clean, none, none));
        Expect.npe("mode must not be null", () -> RecoveryReport.nothingToDo("file", null));
        Expect.npe("mode must not be null", () -> new RecoveryReport("file", null, clean, none, none));
        Expect.npe("scan must not be null", () -> new RecoveryReport("file", RecoveryMode.REPAIR, null, none, none));
        Expect.npe("repaired must not be null",
                () -> new RecoveryReport("file", RecoveryMode.REPAIR, clean, null, none));
        Expect.npe("quarantined must not be null",
                () -> new RecoveryReport("file", RecoveryMode.REPAIR, clean, none, null));
        Expect.npe("repaired must not contain null (index 1)",
                () -> new RecoveryReport("file", RecoveryMode.REPAIR, clean, Arrays.asList("a", null), none));
        Expect.npe("quarantined must not contain null (index 0)",
                () -> new RecoveryReport("file", RecoveryMode.REPAIR, clean, none, Arrays.asList((String) null)));
    }

    @Test
    void aBlankBackendNameIsRejected() {
        Expect.iae("backend must not be blank, was \" \"", () -> RecoveryReport.nothingToDo(" ", RecoveryMode.REPAIR));
    }
}
