package io.papyra.persistence;

/**
 * What {@link PersistenceBackend#recover(RecoveryConfig)} does about the anomalies a scan finds.
 *
 * @since 0.1
 */
public enum RecoveryMode {
    /** Report only; change nothing. */
    IGNORE,
    /** Fix damaged data in place, atomically. */
    REPAIR,
    /** Move damaged data to the quarantine location, then repair. */
    QUARANTINE,
    /** Rebuild the stored data from what can still be read. */
    REBUILD
}
