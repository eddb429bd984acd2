package io.papyra.persistence.redis.internal;

import io.papyra.persistence.MetricsRecorder;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceMetrics;

/**
 * The backend's counters: a {@link MetricsRecorder} read after the backend settles.
 * {@code records_written} counts appends accepted by the queue (on the caller's thread, so that it
 * is exact when the appends return), {@code bytes_written} the bytes of their {@code data} (the
 * JSON, counted where it is encoded: on the thread that hands the appends to the connection),
 * {@code write_errors} accepted appends the server did not confirm (or that could not be encoded),
 * {@code records_dropped} appends refused (closed, read-only, queue full). {@link #snapshot()} and
 * {@link #reset()} first run the backend's {@code settle} step, which hands every append accepted
 * so far to the connection, so that {@code bytes_written} is exact when the appends return.
 * Thread-safe.
 */
final class RedisMetrics implements PersistenceMetrics {

    /** The counters; the backend counts through it, readers go through {@link #snapshot()}. */
    final MetricsRecorder counts = new MetricsRecorder();

    private final Runnable settle;

    /**
     * @param settle run before every snapshot and reset: encodes (and counts) what is accepted but not
     *               yet encoded; must not throw, and returns within a bound
     */
    RedisMetrics(Runnable settle) {
        this.settle = settle;
    }

    @Override
    public MetricsSnapshot snapshot() {
        settle.run();
        return counts.snapshot();
    }

    @Override
    public void reset() {
        settle.run();
        counts.reset();
    }

    @Override
    public String toString() {
        return "RedisMetrics" + snapshot().asMap();
    }
}
