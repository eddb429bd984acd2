package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CompactionReportTest {

    @Test
    void removedRecordsIsBeforeMinusAfter() {
        assertEquals(7, new CompactionReport("file", 10, 3, 1000L, 300L).removedRecords());
        assertEquals(0, CompactionReport.ofRecords("memory", 5, 5).removedRecords());
        assertEquals(0, CompactionReport.ofRecords("memory", 0, 0).removedRecords());
    }

    @Test
    void theReportNamesItsBackend() {
        assertEquals("file", new CompactionReport("file", 10, 3, 1000L, 300L).backend());
        assertEquals("memory", CompactionReport.ofRecords("memory", 5, 5).backend());
    }

    @Test
    void reclaimedBytesWhenKnown() {
        assertEquals(700L, new CompactionReport("file", 10, 3, 1000L, 300L).reclaimedBytes());
        assertEquals(0L, new CompactionReport("file", 10, 10, 0L, 0L).reclaimedBytes());
    }

    @Test
    void reclaimedBytesMayBeNegativeWhenARewriteGrewTheStorage() {
        assertEquals(-20L, new CompactionReport("file", 10, 10, 100L, 120L).reclaimedBytes());
    }

    @Test
    void reclaimedBytesIsNullWhenUnknown() {
        CompactionReport report = CompactionReport.ofRecords("memory", 10, 4);

        assertNull(report.reclaimedBytes());
        assertNull(report.bytesBefore());
        assertNull(report.bytesAfter());
        assertEquals(new CompactionReport("memory", 10, 4, null, null), report);
    }

    @Test
    void moreRecordsAfterThanBeforeIsRejected() {
        Expect.iae("recordsAfter (4) must not exceed recordsBefore (3)", () -> CompactionReport.ofRecords("memory", 3, 4));
    }

    @Test
    void negativeRecordCountsAreRejected() {
        Expect.iae("recordsBefore must be >= 0, was -1", () -> CompactionReport.ofRecords("memory", -1, 0));
        Expect.iae("recordsAfter must be >= 0, was -1", () -> CompactionReport.ofRecords("memory", 3, -1));
    }

    @Test
    void exactlyOneUnknownByteCountIsRejected() {
        Expect.iae("bytesBefore and bytesAfter must both be known or both be null, were null and 10",
                () -> new CompactionReport("file", 1, 1, null, 10L));
        Expect.iae("bytesBefore and bytesAfter must both be known or both be null, were 10 and null",
                () -> new CompactionReport("file", 1, 1, 10L, null));
    }

    @Test
    void negativeKnownByteCountsAreRejected() {
        Expect.iae("bytesBefore must be >= 0, was -2", () -> new CompactionReport("file", 1, 1, -2L, -2L));
        Expect.iae("bytesAfter must be >= 0, was -5", () -> new CompactionReport("file", 1, 1, 10L, -5L));
    }

    @Test
    void aMissingOrBlankBackendNameIsRejected() {
        Expect.npe("backend must not be null", () -> CompactionReport.ofRecords(null, 1, 1));
        Expect.iae("backend must not be blank, was \" \"", () -> new CompactionReport(" ", 1, 1, null, null));
    }
}
