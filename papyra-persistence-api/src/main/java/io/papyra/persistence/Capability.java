package io.papyra.persistence;

/**
 * An optional part of the {@link PersistenceBackend} contract. A backend reports what it supports
 * through {@link PersistenceBackend#capabilities()}; an operation it does not support throws
 * {@link UnsupportedOperationException} and changes nothing, and a {@link RetentionPolicy} bound it
 * cannot honour is refused when the backend is created.
 *
 * @since 0.1
 */
public enum Capability {
    /** {@link PersistenceBackend#scan()} checks the stored data. */
    SCAN,
    /** {@link PersistenceBackend#recover(RecoveryConfig)} repairs what a scan finds. */
    RECOVERY,
    /** {@link PersistenceBackend#compact()} makes retention physical. */
    COMPACTION,
    /** Retention by {@link RetentionPolicy#maxRecords()}. */
    RETENTION_MAX_RECORDS,
    /** Retention by {@link RetentionPolicy#maxAge()}. */
    RETENTION_MAX_AGE,
    /** Retention by {@link RetentionPolicy#maxTotalBytes()}. */
    RETENTION_MAX_TOTAL_BYTES,
    /** Records survive the process: a new backend over the same storage reads them back. */
    DURABILITY
}
