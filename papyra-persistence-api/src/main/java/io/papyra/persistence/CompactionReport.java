package io.papyra.persistence;

import java.util.OptionalLong;

/**
 * The result of {@link PersistenceBackend#compact()}: the size of the three logs together before
 * and after. An immutable value.
 *
 * @param recordsBefore records stored before, &gt;= 0
 * @param recordsAfter  records stored after, between 0 and {@code recordsBefore}
 * @param bytesBefore   bytes stored before, or -1 when the backend does not know
 * @param bytesAfter    bytes stored after, or -1 when the backend does not know
 */
public record CompactionReport(long recordsBefore, long recordsAfter, long bytesBefore, long bytesAfter) {

    /** The value of {@link #bytesBefore()} and {@link #bytesAfter()} when a backend does not know them. */
    public static final long UNKNOWN_BYTES = -1;

    /**
     * Creates the value, validating every field.
     *
     * @param recordsBefore records stored before, &gt;= 0
     * @param recordsAfter  records stored after, between 0 and {@code recordsBefore}
     * @param bytesBefore   bytes stored before, or -1 when the backend does not know
     * @param bytesAfter    bytes stored after, or -1 when the backend does not know
     * @throws IllegalArgumentException if a count is negative, if {@code recordsAfter} exceeds {@code recordsBefore}, or if exactly one byte count is unknown or a known byte count is negative
     */
    public CompactionReport {
        Checks.notNegative(recordsBefore, "recordsBefore");
        Checks.notNegative(recordsAfter, "recordsAfter");
        if (recordsAfter > recordsBefore) {
            throw new IllegalArgumentException("recordsAfter (" + recordsAfter + ") must not exceed recordsBefore ("
                    + recordsBefore + ")");
        }
        if ((bytesBefore == UNKNOWN_BYTES) != (bytesAfter == UNKNOWN_BYTES)) {
            throw new IllegalArgumentException("bytesBefore and bytesAfter must both be known or both be "
                    + UNKNOWN_BYTES + ", were " + bytesBefore + " and " + bytesAfter);
        }
        if (bytesBefore != UNKNOWN_BYTES) {
            Checks.notNegative(bytesBefore, "bytesBefore");
            Checks.notNegative(bytesAfter, "bytesAfter");
        }
    }

    /**
     * Returns a report with unknown byte counts.
     *
     * @param recordsBefore records stored before, &gt;= 0
     * @param recordsAfter  records stored after, between 0 and {@code recordsBefore}
     * @return the report
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static CompactionReport ofRecords(long recordsBefore, long recordsAfter) {
        return new CompactionReport(recordsBefore, recordsAfter, UNKNOWN_BYTES, UNKNOWN_BYTES);
    }

    /**
     * Returns how many records the compaction removed.
     *
     * @return {@code recordsBefore - recordsAfter}
     */
    public long removedRecords() {
        return recordsBefore - recordsAfter;
    }

    /**
     * Returns how many bytes the compaction reclaimed, when the backend knows. May be negative when
     * a rewrite grew the storage.
     *
     * @return {@code bytesBefore - bytesAfter}, or empty when unknown
     */
    public OptionalLong reclaimedBytes() {
        return bytesBefore == UNKNOWN_BYTES ? OptionalLong.empty() : OptionalLong.of(bytesBefore - bytesAfter);
    }
}
