package io.papyra.persistence;

import java.util.List;

/**
 * The result of a read-only integrity check, {@link PersistenceBackend#scan()}. An immutable value.
 *
 * @param anomalies what the scan found, in the order found; never null, empty when the data is clean
 */
public record ScanReport(List<Anomaly> anomalies) {

    private static final ScanReport CLEAN = new ScanReport(List.of());

    /**
     * Creates the value, validating every field.
     *
     * @param anomalies what the scan found, in the order found; never null, empty when the data is clean
     * @throws NullPointerException if {@code anomalies} or one of its elements is null
     */
    public ScanReport {
        anomalies = Checks.copyOfElements(anomalies, "anomalies");
    }

    /**
     * Returns the report of a scan that found nothing.
     *
     * @return a clean report
     */
    public static ScanReport clean() {
        return CLEAN;
    }

    /**
     * Tells whether the scan found no anomaly.
     *
     * @return true if {@link #anomalies()} is empty
     */
    public boolean isClean() {
        return anomalies.isEmpty();
    }
}
