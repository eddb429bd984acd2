package io.papyra.persistence;

import java.util.List;

/**
 * The result of {@link PersistenceBackend#recover(RecoveryConfig)}. An immutable value.
 *
 * @param backend     the {@linkplain PersistenceBackend#name() name} of the backend that was recovered
 * @param mode        the mode that was applied
 * @param scan        the scan that motivated the recovery
 * @param repaired    locations that were repaired, in the backend's terms
 * @param quarantined locations that were moved to quarantine, in the backend's terms
 * @since 0.1
 */
public record RecoveryReport(String backend, RecoveryMode mode, ScanReport scan, List<String> repaired,
                             List<String> quarantined) {

    /**
     * Creates the value, validating every field.
     *
     * @param backend     the name of the backend that was recovered, not blank
     * @param mode        the mode that was applied
     * @param scan        the scan that motivated the recovery
     * @param repaired    locations that were repaired
     * @param quarantined locations that were moved to quarantine
     * @throws NullPointerException     if a field or a list element is null
     * @throws IllegalArgumentException if {@code backend} is blank
     */
    public RecoveryReport {
        Checks.notBlank(backend, "backend");
        Checks.notNull(mode, "mode");
        Checks.notNull(scan, "scan");
        repaired = Checks.copyOfElements(repaired, "repaired");
        quarantined = Checks.copyOfElements(quarantined, "quarantined");
    }

    /**
     * Returns the report of a recovery that found nothing to do.
     *
     * @param backend the name of the backend that was recovered, not blank
     * @param mode    the mode that was requested
     * @return a report with a clean scan and nothing repaired or quarantined
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code backend} is blank
     */
    public static RecoveryReport nothingToDo(String backend, RecoveryMode mode) {
        return new RecoveryReport(backend, mode, ScanReport.clean(backend), List.of(), List.of());
    }
}
