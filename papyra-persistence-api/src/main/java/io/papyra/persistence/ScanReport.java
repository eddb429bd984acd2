package io.papyra.persistence;

import java.util.List;

/**
 * The result of a read-only integrity check, {@link PersistenceBackend#scan()}. An immutable value.
 *
 * @param backend   the {@linkplain PersistenceBackend#name() name} of the backend that was scanned
 * @param anomalies what the scan found, in the order found; empty when the data is clean
 * @since 0.1
 */
public record ScanReport(String backend, List<Anomaly> anomalies) {

    /**
     * Creates the value, validating every field.
     *
     * @param backend   the name of the backend that was scanned, not blank
     * @param anomalies what the scan found, in the order found; empty when the data is clean
     * @throws NullPointerException     if an argument or an element of {@code anomalies} is null
     * @throws IllegalArgumentException if {@code backend} is blank
     */
    public ScanReport {
        Checks.notBlank(backend, "backend");
        anomalies = Checks.copyOfElements(anomalies, "anomalies");
    }

    /**
     * Returns the report of a scan that found nothing.
     *
     * @param backend the name of the backend that was scanned, not blank
     * @return a clean report
     * @throws NullPointerException     if {@code backend} is null
     * @throws IllegalArgumentException if {@code backend} is blank
     */
    public static ScanReport clean(String backend) {
        return new ScanReport(backend, List.of());
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
