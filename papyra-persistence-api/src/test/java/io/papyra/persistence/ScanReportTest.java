package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanReportTest {

    private static final Anomaly TRUNCATED = new Anomaly(AnomalyType.TRUNCATED_LINE, "events.log:12", "cut short");
    private static final Anomaly CORRUPTED = new Anomaly(AnomalyType.CORRUPTED_LINE, "events.log:40", "not JSON");

    @Test
    void cleanHasNoAnomaly() {
        assertTrue(ScanReport.clean("memory").isClean());
        assertEquals(List.of(), ScanReport.clean("memory").anomalies());
        assertTrue(new ScanReport("memory", List.of()).isClean());
        assertEquals(ScanReport.clean("memory"), new ScanReport("memory", new ArrayList<>()));
    }

    @Test
    void theReportNamesItsBackend() {
        assertEquals("file", ScanReport.clean("file").backend());
        assertEquals("file", new ScanReport("file", List.of(TRUNCATED)).backend());
        assertNotEquals(ScanReport.clean("file"), ScanReport.clean("memory"));
    }

    @Test
    void aReportWithAnomaliesIsNotClean() {
        ScanReport report = new ScanReport("file", List.of(TRUNCATED, CORRUPTED));

        assertFalse(report.isClean());
        assertEquals(List.of(TRUNCATED, CORRUPTED), report.anomalies());
    }

    @Test
    void anomaliesAreAnUnmodifiableCopy() {
        List<Anomaly> found = new ArrayList<>(List.of(TRUNCATED));
        ScanReport report = new ScanReport("file", found);

        found.add(CORRUPTED);

        assertEquals(List.of(TRUNCATED), report.anomalies());
        assertThrows(UnsupportedOperationException.class, () -> report.anomalies().add(CORRUPTED));
    }

    @Test
    void nullsAreRejected() {
        Expect.npe("anomalies must not be null", () -> new ScanReport("file", null));
        Expect.npe("anomalies must not contain null (index 1)",
                () -> new ScanReport("file", Arrays.asList(TRUNCATED, null)));
        Expect.npe("backend must not be null", () -> new ScanReport(null, List.of()));
        Expect.npe("backend must not be null", () -> ScanReport.clean(null));
    }

    @Test
    void aBlankBackendNameIsRejected() {
        Expect.iae("backend must not be blank, was \"\"", () -> ScanReport.clean(""));
        Expect.iae("backend must not be blank, was \"\t\"", () -> new ScanReport("\t", List.of(TRUNCATED)));
    }
}
