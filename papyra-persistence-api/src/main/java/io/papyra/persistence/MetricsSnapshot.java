package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a backend's counters at one moment: an immutable, value-based copy that later
 * activity never changes.
 *
 * <p>Monitoring code that must never fail reads one through {@link #of(PersistenceBackend)}.
 *
 * @param recordsWritten    records appended to a log
 * @param bytesWritten      bytes written to storage (0 for a backend without storage)
 * @param recordsDropped    appends not stored although nothing failed: the backend was closed or
 *                          opened read-only, or its write queue was full (each backend documents which)
 * @param scans             scans run
 * @param anomaliesDetected anomalies that scans found
 * @param recoveries        recoveries run
 * @param compactions       compactions run
 * @param writeErrors       appends that failed
 * @param scanErrors        scans that failed
 * @param recoveryErrors    recoveries that failed
 * @param compactionErrors  compactions that failed
 *
 * @since 0.1
 */
public record MetricsSnapshot(long recordsWritten, long bytesWritten, long recordsDropped, long scans,
                              long anomaliesDetected, long recoveries, long compactions, long writeErrors,
                              long scanErrors, long recoveryErrors, long compactionErrors) {

    private static final MetricsSnapshot EMPTY = new MetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Creates the value, validating every field.
     *
     * @param recordsWritten    records appended to a log
     * @param bytesWritten      bytes written to storage (0 for a backend without storage)
     * @param recordsDropped    appends not stored although nothing failed: the backend was closed or
     *                          opened read-only, or its write queue was full
     * @param scans             scans run
     * @param anomaliesDetected anomalies that scans found
     * @param recoveries        recoveries run
     * @param compactions       compactions run
     * @param writeErrors       appends that failed
     * @param scanErrors        scans that failed
     * @param recoveryErrors    recoveries that failed
     * @param compactionErrors  compactions that failed
     * @throws IllegalArgumentException if a counter is negative; the message names it and its value
     */
    public MetricsSnapshot {
        Checks.notNegative(recordsWritten, "recordsWritten");
        Checks.notNegative(bytesWritten, "bytesWritten");
        Checks.notNegative(recordsDropped, "recordsDropped");
        Checks.notNegative(scans, "scans");
        Checks.notNegative(anomaliesDetected, "anomaliesDetected");
        Checks.notNegative(recoveries, "recoveries");
        Checks.notNegative(compactions, "compactions");
        Checks.notNegative(writeErrors, "writeErrors");
        Checks.notNegative(scanErrors, "scanErrors");
        Checks.notNegative(recoveryErrors, "recoveryErrors");
        Checks.notNegative(compactionErrors, "compactionErrors");
    }

    /**
     * Returns the snapshot whose counters are all zero.
     *
     * @return the empty snapshot
     */
    public static MetricsSnapshot empty() {
        return EMPTY;
    }

    /**
     * Returns a snapshot of {@code backend}'s metrics and never throws: a null backend, a backend
     * without metrics, or one whose metrics fail, gives {@link #empty()}.
     *
     * @param backend any backend, may be null
     * @return the backend's snapshot, or the empty snapshot
     */
    public static MetricsSnapshot of(@Nullable PersistenceBackend backend) {
        if (backend == null) {
            return EMPTY;
        }
        try {
            PersistenceMetrics metrics = backend.metrics();
            if (metrics == null) {
                return EMPTY;
            }
            MetricsSnapshot snapshot = metrics.snapshot();
            return snapshot == null ? EMPTY : snapshot;
        } catch (RuntimeException | LinkageError e) {
            return EMPTY;
        }
    }

    /**
     * Returns the counters by their snake_case names ({@code records_written},
     * {@code bytes_written}, {@code records_dropped}, {@code scans}, {@code anomalies_detected},
     * {@code recoveries}, {@code compactions}, {@code write_errors}, {@code scan_errors},
     * {@code recovery_errors}, {@code compaction_errors}), in that order.
     *
     * @return an unmodifiable map of the eleven counters
     */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>(32);
        map.put("records_written", recordsWritten);
        map.put("bytes_written", bytesWritten);
        map.put("records_dropped", recordsDropped);
        map.put("scans", scans);
        map.put("anomalies_detected", anomaliesDetected);
        map.put("recoveries", recoveries);
        map.put("compactions", compactions);
        map.put("write_errors", writeErrors);
        map.put("scan_errors", scanErrors);
        map.put("recovery_errors", recoveryErrors);
        map.put("compaction_errors", compactionErrors);
        return Collections.unmodifiableMap(map);
    }

    /**
     * Returns a copy of this snapshot with {@code extra} more write errors; for decorators that
     * count failures of their own.
     *
     * @param extra how many write errors to add, &gt;= 0
     * @return the new snapshot
     * @throws IllegalArgumentException if {@code extra} is negative
     */
    public MetricsSnapshot plusWriteErrors(long extra) {
        Checks.notNegative(extra, "extra");
        return new MetricsSnapshot(recordsWritten, bytesWritten, recordsDropped, scans, anomaliesDetected,
                recoveries, compactions, writeErrors + extra, scanErrors, recoveryErrors, compactionErrors);
    }
}
