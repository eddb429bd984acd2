package io.papyra.persistence.redis.internal;

import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The backend's counters. {@code records_written} counts appends accepted by the queue (on the
 * caller's thread, so that it is exact when the appends return), {@code bytes_written} the bytes of
 * their {@code data} (the JSON, counted where it is encoded: on the thread that hands the appends to
 * the connection), {@code write_errors} accepted appends the server did not confirm (or that could
 * not be encoded), {@code records_dropped} appends refused (closed, read-only, queue full).
 * {@link #snapshot()} and {@link #reset()} first run the backend's {@code settle} step, which hands
 * every append accepted so far to the connection, so that {@code bytes_written} is exact when the
 * appends return, as the caller-side counting made it before. Thread-safe.
 */
final class RedisMetrics implements PersistenceMetrics {

    private final Runnable settle;

    /**
     * @param settle run before every snapshot and reset: encodes (and counts) what is accepted but not
     *               yet encoded; must not throw, and returns within a bound
     */
    RedisMetrics(Runnable settle) {
        this.settle = settle;
    }

    final LongAdder recordsWritten = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder recordsDropped = new LongAdder();
    final LongAdder scans = new LongAdder();
    final LongAdder anomaliesDetected = new LongAdder();
    final LongAdder recoveries = new LongAdder();
    final LongAdder compactions = new LongAdder();
    final LongAdder writeErrors = new LongAdder();
    final LongAdder scanErrors = new LongAdder();
    final LongAdder recoveryErrors = new LongAdder();
    final LongAdder compactionErrors = new LongAdder();

    @Override
    public MetricsSnapshot snapshot() {
        settle.run();
        return new MetricsSnapshot(recordsWritten.sum(), bytesWritten.sum(), recordsDropped.sum(), scans.sum(),
                anomaliesDetected.sum(), recoveries.sum(), compactions.sum(), writeErrors.sum(), scanErrors.sum(),
                recoveryErrors.sum(), compactionErrors.sum());
    }

    @Override
    public void reset() {
        settle.run();
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
        return "RedisMetrics" + snapshot().asMap();
    }
}
