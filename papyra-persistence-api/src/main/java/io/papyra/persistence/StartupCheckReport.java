package io.papyra.persistence;

import java.util.Optional;

/**
 * What a {@link StartupCheck} did. An immutable value.
 *
 * @param mode     the mode that ran, never null
 * @param scan     the first scan, or null when the mode does not scan
 * @param recovery the recovery, or null when the mode does not recover
 * @param rescan   the scan after recovery, or null when the mode does not recover
 */
public record StartupCheckReport(StartupCheckMode mode, ScanReport scan, RecoveryReport recovery, ScanReport rescan) {

    /**
     * Creates the value, validating every field.
     *
     * @param mode     the mode that ran, never null
     * @param scan     the first scan, or null when the mode does not scan
     * @param recovery the recovery, or null when the mode does not recover
     * @param rescan   the scan after recovery, or null when the mode does not recover
     * @throws NullPointerException if {@code mode} is null
     */
    public StartupCheckReport {
        Checks.notNull(mode, "mode");
    }

    /**
     * Returns the first scan.
     *
     * @return the scan, or empty when the mode does not scan
     */
    public Optional<ScanReport> initialScan() {
        return Optional.ofNullable(scan);
    }

    /**
     * Returns the recovery.
     *
     * @return the recovery, or empty when the mode does not recover
     */
    public Optional<RecoveryReport> recoveryReport() {
        return Optional.ofNullable(recovery);
    }

    /**
     * Returns the scan after recovery.
     *
     * @return the scan, or empty when the mode does not recover
     */
    public Optional<ScanReport> finalScan() {
        return Optional.ofNullable(rescan);
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
