package io.papyra.persistence;

import java.util.concurrent.atomic.LongAdder;

/**
 * A thread-safe {@link PersistenceMetrics} for backend authors: one striped counter
 * ({@link LongAdder}) per metric, so that concurrent writers do not contend on one cache line.
 *
 * <p>Every method is safe to call from any thread.
 *
 * @since 0.1
 */
public final class MetricsRecorder implements PersistenceMetrics {

    private final LongAdder recordsWritten = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder recordsDropped = new LongAdder();
    private final LongAdder scans = new LongAdder();
    private final LongAdder anomaliesDetected = new LongAdder();
    private final LongAdder recoveries = new LongAdder();
    private final LongAdder compactions = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private final LongAdder scanErrors = new LongAdder();
    private final LongAdder recoveryErrors = new LongAdder();
    private final LongAdder compactionErrors = new LongAdder();

    /** Creates a recorder with every counter at zero. */
    public MetricsRecorder() {
    }

    /**
     * Counts one record appended, of {@code bytes} bytes written to storage.
     *
     * @param bytes bytes written, &gt;= 0 (0 for a backend without storage)
     * @throws IllegalArgumentException if {@code bytes} is negative; nothing is counted then
     */
    public void recordWritten(long bytes) {
        Checks.notNegative(bytes, "bytes");
        recordsWritten.increment();
        if (bytes != 0) {
            bytesWritten.add(bytes);
        }
    }

    /**
     * Counts {@code bytes} written to storage without counting a record: for a backend that counts
     * each record when it accepts it ({@code recordWritten(0)}) and its bytes when it writes them.
     *
     * @param bytes bytes written, &gt;= 0
     * @throws IllegalArgumentException if {@code bytes} is negative; nothing is counted then
     */
    public void bytesWritten(long bytes) {
        Checks.notNegative(bytes, "bytes");
        bytesWritten.add(bytes);
    }

    /**
     * Counts one append not stored although nothing failed: refused because the backend was closed
     * or opened read-only, or dropped because a write queue was full.
     */
    public void recordDropped() {
        recordsDropped.increment();
    }

    /**
     * Counts one scan and the anomalies it found.
     *
     * @param anomalies anomalies found, &gt;= 0
     * @throws IllegalArgumentException if {@code anomalies} is negative; nothing is counted then
     */
    public void scanned(long anomalies) {
        Checks.notNegative(anomalies, "anomalies");
        scans.increment();
        anomaliesDetected.add(anomalies);
    }

    /** Counts one recovery. */
    public void recovered() {
        recoveries.increment();
    }

    /** Counts one compaction. */
    public void compacted() {
        compactions.increment();
    }

    /** Counts one failed append. */
    public void writeFailed() {
        writeErrors.increment();
    }

    /**
     * Counts {@code appends} failed appends at once: what a backend that writes in batches learns
     * when a batch fails. The same as calling {@link #writeFailed()} that many times.
     *
     * @param appends failed appends, &gt;= 0
     * @throws IllegalArgumentException if {@code appends} is negative; nothing is counted then
     */
    public void writesFailed(long appends) {
        Checks.notNegative(appends, "appends");
        writeErrors.add(appends);
    }

    /** Counts one failed scan. */
    public void scanFailed() {
        scanErrors.increment();
    }

    /** Counts one failed recovery. */
    public void recoveryFailed() {
        recoveryErrors.increment();
    }

    /** Counts one failed compaction. */
    public void compactionFailed() {
        compactionErrors.increment();
    }

    @Override
    public MetricsSnapshot snapshot() {
        return new MetricsSnapshot(recordsWritten.sum(), bytesWritten.sum(), recordsDropped.sum(), scans.sum(),
                anomaliesDetected.sum(), recoveries.sum(), compactions.sum(), writeErrors.sum(), scanErrors.sum(),
                recoveryErrors.sum(), compactionErrors.sum());
    }

    @Override
    public void reset() {
        recordsWritten.reset();
        bytesWritten.reset();
        recordsDropped.reset();
        scans.reset();
        anomaliesDetected.reset();
        recoveries.reset();
        compactions.reset();
        writeErrors.reset();
        scanErrors.reset();
        recoveryErrors.reset();
        compactionErrors.reset();
    }

    @Override
    public String toString() {
        return "MetricsRecorder" + snapshot().asMap();
    }
}
