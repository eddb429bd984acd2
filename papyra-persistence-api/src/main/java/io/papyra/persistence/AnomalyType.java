package io.papyra.persistence;

/**
 * The kinds of damage a {@link PersistenceBackend#scan() scan} can find in stored data.
 *
 * @since 0.1
 */
public enum AnomalyType {
    /** A record cut short at the end of a file. */
    TRUNCATED_LINE,
    /** A record whose write did not complete. */
    PARTIAL_WRITE,
    /** A record that cannot be decoded. */
    CORRUPTED_LINE,
    /** A rotated file that no longer belongs to the log. */
    ORPHANED_ROTATED_FILE,
    /** A file in the backend's storage that the backend did not write. */
    UNEXPECTED_FILE
}
