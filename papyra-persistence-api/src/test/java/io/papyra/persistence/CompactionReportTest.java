package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CompactionReportTest {

    @Test
    void removedRecordsIsBeforeMinusAfter() {
        assertEquals(7, new CompactionReport(10, 3, 1000, 300).removedRecords());
        assertEquals(0, CompactionReport.ofRecords(5, 5).removedRecords());
        assertEquals(0, CompactionReport.ofRecords(0, 0).removedRecords());
    }

    @Test
    void reclaimedBytesWhenKnown() {
        assertEquals(OptionalLong.of(700), new CompactionReport(10, 3, 1000, 300).reclaimedBytes());
        assertEquals(OptionalLong.of(0), new CompactionReport(10, 10, 0, 0).reclaimedBytes());
    }

    @Test
    void reclaimedBytesMayBeNegativeWhenARewriteGrewTheStorage() {
        assertEquals(OptionalLong.of(-20), new CompactionReport(10, 10, 100, 120).reclaimedBytes());
    }

    @Test
    void reclaimedBytesIsEmptyWhenUnknown() {
        CompactionReport report = CompactionReport.ofRecords(10, 4);

        assertEquals(OptionalLong.empty(), report.reclaimedBytes());
        assertEquals(CompactionReport.UNKNOWN_BYTES, report.bytesBefore());
        assertEquals(CompactionReport.UNKNOWN_BYTES, report.bytesAfter());
        assertEquals(new CompactionReport(10, 4, -1, -1), report);
    }

    @Test
    void moreRecordsAfterThanBeforeIsRejected() {
        Expect.iae("recordsAfter (4) must not exceed recordsBefore (3)", () -> CompactionReport.ofRecords(3, 4));
    }

    @Test
    void negativeRecordCountsAreRejected() {
        Expect.iae("recordsBefore must be >= 0, was -1", () -> CompactionReport.ofRecords(-1, 0));
        Expect.iae("recordsAfter must be >= 0, was -1", () -> CompactionReport.ofRecords(3, -1));
    }

    @Test
    void exactlyOneUnknownByteCountIsRejected() {
        Expect.iae("bytesBefore and bytesAfter must both be known or both be -1, were -1 and 10",
                () -> new CompactionReport(1, 1, -1, 10));
        Expect.iae("bytesBefore and bytesAfter must both be known or both be -1, were 10 and -1",
                () -> new CompactionReport(1, 1, 10, -1));
    }

    @Test
    void negativeKnownByteCountsAreRejected() {
        Expect.iae("bytesBefore must be >= 0, was -2", () -> new CompactionReport(1, 1, -2, -2));
        Expect.iae("bytesAfter must be >= 0, was -5", () -> new CompactionReport(1, 1, 10, -5));
    }
}
