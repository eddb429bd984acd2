package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

/**
 * How to {@link PersistenceBackend#recover(RecoveryConfig) recover}. An immutable value.
 *
 * @param mode               what to do about anomalies
 * @param quarantineLocation where {@link RecoveryMode#QUARANTINE} moves bad data, in the backend's
 *                           terms (for example a directory); null for the backend's default
 * @since 0.1
 */
public record RecoveryConfig(RecoveryMode mode, @Nullable String quarantineLocation) {

    /**
     * Creates the value, validating every field.
     *
     * @param mode               what to do about anomalies
     * @param quarantineLocation where {@link RecoveryMode#QUARANTINE} moves bad data, in the
     *                           backend's terms (for example a directory); null for the backend's default
     * @throws NullPointerException     if {@code mode} is null
     * @throws IllegalArgumentException if a quarantine location is given with a mode other than
     *                                  {@link RecoveryMode#QUARANTINE}, or is blank
     */
    public RecoveryConfig {
        Checks.notNull(mode, "mode");
        if (quarantineLocation != null) {
            Checks.notBlank(quarantineLocation, "quarantineLocation");
            if (mode != RecoveryMode.QUARANTINE) {
                throw new IllegalArgumentException("quarantineLocation is only used by mode QUARANTINE, mode was " + mode);
            }
        }
    }

    /**
     * Returns a configuration of {@code mode} with the backend's default quarantine location.
     *
     * @param mode what to do about anomalies
     * @return the configuration
     * @throws NullPointerException if {@code mode} is null
     */
    public static RecoveryConfig of(RecoveryMode mode) {
        return new RecoveryConfig(mode, null);
    }
}
