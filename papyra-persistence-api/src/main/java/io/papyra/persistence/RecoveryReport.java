package io.papyra.persistence;

import java.util.List;

/**
 * The result of {@link PersistenceBackend#recover(RecoveryConfig)}. An immutable value.
 *
 * @param mode        the mode that was applied, never null
 * @param scan        the scan that motivated the recovery, never null
 * @param repaired    locations that were repaired, never null
 * @param quarantined locations that were moved to quarantine, never null
 */
public record RecoveryReport(RecoveryMode mode, ScanReport scan, List<String> repaired, List<String> quarantined) {

    /**
     * Creates the value, validating every field.
     *
     * @param mode        the mode that was applied, never null
     * @param scan        the scan that motivated the recovery, never null
     * @param repaired    locations that were repaired, never null
     * @param quarantined locations that were moved to quarantine, never null
     * @throws NullPointerException if a field or a list element is null
     */
    public RecoveryReport {
        Checks.notNull(mode, "mode");
        Checks.notNull(scan, "scan");
        repaired = Checks.copyOfElements(repaired, "repaired");
        quarantined = Checks.copyOfElements(quarantined, "quarantined");
    }

    /**
     * Returns the report of a recovery that found nothing to do.
     *
     * @param mode the mode that was requested, never null
     * @return a report with a clean scan and nothing repaired or quarantined
     * @throws NullPointerException if {@code mode} is null
     */
    public static RecoveryReport nothingToDo(RecoveryMode mode) {
        return new RecoveryReport(mode, ScanReport.clean(), List.of(), List.of());
    }
}
