package io.papyra.persistence;

/**
 * The live counters of one backend. Implementations are thread-safe.
 *
 * @see MetricsRecorder the ready-made implementation for backend authors
 *
 * @since 0.1
 */
public interface PersistenceMetrics {

    /**
     * Returns a copy of the counters. Never throws; later activity does not change the copy.
     *
     * @return the current values, never null
     */
    MetricsSnapshot snapshot();

    /**
     * Sets every counter, error counters and {@code records_dropped} included, to zero. Increments
     * that race with a reset may land either before or after it.
     */
    void reset();
}
