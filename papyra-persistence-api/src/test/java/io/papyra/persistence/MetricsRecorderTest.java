package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MetricsRecorderTest {

    private final MetricsRecorder recorder = new MetricsRecorder();

    private static MetricsSnapshot snapshot(long recordsWritten, long bytesWritten, long recordsDropped, long scans,
                                            long anomaliesDetected, long recoveries, long compactions,
                                            long writeErrors, long scanErrors, long recoveryErrors,
                                            long compactionErrors) {
        return new MetricsSnapshot(recordsWritten, bytesWritten, recordsDropped, scans, anomaliesDetected, recoveries,
                compactions, writeErrors, scanErrors, recoveryErrors, compactionErrors);
    }

    /** The snapshot after applying {@code action} twice to a fresh recorder. */
    private static MetricsSnapshot afterTwice(Consumer<MetricsRecorder> action) {
        MetricsRecorder fresh = new MetricsRecorder();
        action.accept(fresh);
        action.accept(fresh);
        return fresh.snapshot();
    }

    @Test
    void startsAtZero() {
        assertEquals(MetricsSnapshot.empty(), recorder.snapshot());
    }

    @Test
    void eachMethodIncrementsExactlyItsCounters() {
        assertEquals(snapshot(2, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0), afterTwice(r -> r.recordWritten(15)));
        assertEquals(snapshot(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), afterTwice(r -> r.recordWritten(0)));
        assertEquals(snapshot(0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0), afterTwice(r -> r.bytesWritten(15)));
        assertEquals(snapshot(0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0), afterTwice(MetricsRecorder::recordDropped));
        assertEquals(snapshot(0, 0, 0, 2, 6, 0, 0, 0, 0, 0, 0), afterTwice(r -> r.scanned(3)));
        assertEquals(snapshot(0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), afterTwice(r -> r.scanned(0)));
        assertEquals(snapshot(0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0), afterTwice(MetricsRecorder::recovered));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0), afterTwice(MetricsRecorder::compacted));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0), afterTwice(MetricsRecorder::writeFailed));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0), afterTwice(r -> r.writesFailed(3)));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), afterTwice(r -> r.writesFailed(0)));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0), afterTwice(MetricsRecorder::scanFailed));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0), afterTwice(MetricsRecorder::recoveryFailed));
        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2), afterTwice(MetricsRecorder::compactionFailed));
    }

    @Test
    void resetZeroesAllElevenCounters() {
        incrementEveryCounter(recorder);
        assertEquals(snapshot(1, 7, 1, 1, 2, 1, 1, 1, 1, 1, 1), recorder.snapshot());

        recorder.reset();

        assertEquals(MetricsSnapshot.empty(), recorder.snapshot());
    }

    @Test
    void countsAgainAfterReset() {
        incrementEveryCounter(recorder);
        recorder.reset();

        recorder.writeFailed();

        assertEquals(snapshot(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0), recorder.snapshot());
    }

    @Test
    void negativeArgumentsAreRejectedWithoutCounting() {
        Expect.iae("bytes must be >= 0, was -1", () -> recorder.recordWritten(-1));
        Expect.iae("anomalies must be >= 0, was -2", () -> recorder.scanned(-2));
        Expect.iae("appends must be >= 0, was -3", () -> recorder.writesFailed(-3));
        Expect.iae("bytes must be >= 0, was -4", () -> recorder.bytesWritten(-4));

        assertEquals(MetricsSnapshot.empty(), recorder.snapshot());
    }

    @Test
    void snapshotIsACopy() {
        recorder.recordWritten(1);
        MetricsSnapshot before = recorder.snapshot();

        recorder.recordWritten(1);

        assertEquals(1, before.recordsWritten());
        assertEquals(2, recorder.snapshot().recordsWritten());
        assertNotSame(before, recorder.snapshot());
    }

    @Test
    void toStringShowsTheCounters() {
        recorder.recordWritten(5);

        assertEquals("MetricsRecorder{records_written=1, bytes_written=5, records_dropped=0, scans=0, "
                + "anomalies_detected=0, recoveries=0, compactions=0, write_errors=0, scan_errors=0, "
                + "recovery_errors=0, compaction_errors=0}", recorder.toString());
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws InterruptedException {
        int threads = 8;
        int rounds = 10_000;

        Threads.runConcurrently(threads, () -> {
            for (int i = 0; i < rounds; i++) {
                incrementEveryCounter(recorder);
            }
        });

        long n = (long) threads * rounds;
        assertEquals(snapshot(n, 7 * n, n, n, 2 * n, n, n, n, n, n, n), recorder.snapshot());
    }

    private static void incrementEveryCounter(MetricsRecorder r) {
        r.recordWritten(7);
        r.recordDropped();
        r.scanned(2);
        r.recovered();
        r.compacted();
        r.writeFailed();
        r.scanFailed();
        r.recoveryFailed();
        r.compactionFailed();
    }
}
