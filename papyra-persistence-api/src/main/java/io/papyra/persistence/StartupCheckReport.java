package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link StartupCheck} did. An immutable value.
 *
 * @param backend  the {@linkplain PersistenceBackend#name() name} of the backend that was checked
 * @param mode     the mode that ran
 * @param scan     the first scan, or null when the mode does not scan
 * @param recovery the recovery, or null when the mode does not recover
 * @param rescan   the scan after recovery, or null when the mode does not recover
 * @since 0.1
 */
public record StartupCheckReport(String backend, StartupCheckMode mode, @Nullable ScanReport scan,
                                 @Nullable RecoveryReport recovery, @Nullable ScanReport rescan) {

    /**
     * Creates the value, validating every field.
     *
     * @param backend  the name of the backend that was checked, not blank
     * @param mode     the mode that ran
     * @param scan     the first scan, or null when the mode does not scan
     * @param recovery the recovery, or null when the mode does not recover
     * @param rescan   the scan after recovery, or null when the mode does not recover
     * @throws NullPointerException     if {@code backend} or {@code mode} is null
     * @throws IllegalArgumentException if {@code backend} is blank
     */
    public StartupCheckReport {
        Checks.notBlank(backend, "backend");
        Checks.notNull(mode, "mode");
    }

    /**
     * Tells whether the data was found clean at the end of the check: the last scan found nothing
     * (true when nothing was scanned).
     *
     * @return true if no anomaly remains
     */
    public boolean isClean() {
        ScanReport last = rescan != null ? rescan : scan;
        return last == null || last.isClean();
    }
}
