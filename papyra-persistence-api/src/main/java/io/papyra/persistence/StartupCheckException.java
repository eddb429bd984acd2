package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link StartupCheck#run(PersistenceBackend)} when the stored data is not fit to start:
 * anomalies in mode {@link StartupCheckMode#FAIL_ON_ANOMALY}, anomalies that survive recovery in
 * mode {@link StartupCheckMode#RECOVER}, a time-out, or a backend that lacks the capability a mode needs.
 *
 * @since 0.1
 */
public final class StartupCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The report as far as the check got; not serialized. */
    private final transient @Nullable StartupCheckReport report;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, never null
     * @param report  the report as far as the check got, or null
     * @param cause   the underlying failure, or null
     */
    public StartupCheckException(String message, @Nullable StartupCheckReport report, @Nullable Throwable cause) {
        super(Checks.notNull(message, "message"), cause);
        this.report = report;
    }

    /**
     * Returns the report as far as the check got.
     *
     * @return the report, or null when the check did not finish (time-out, failure) or the
     *         exception was deserialized
     */
    public @Nullable StartupCheckReport report() {
        return report;
    }
}
