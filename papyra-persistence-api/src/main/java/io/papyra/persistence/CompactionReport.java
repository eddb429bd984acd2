package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link PersistenceBackend#compact()}: the size of the three logs together before
 * and after. An immutable value.
 *
 * @param backend       the {@linkplain PersistenceBackend#name() name} of the backend that was compacted
 * @param recordsBefore records stored before, &gt;= 0
 * @param recordsAfter  records stored after, between 0 and {@code recordsBefore}
 * @param bytesBefore   bytes stored before, &gt;= 0, or null when the backend does not know
 * @param bytesAfter    bytes stored after, &gt;= 0, or null when the backend does not know
 * @since 0.1
 */
public record CompactionReport(String backend, long recordsBefore, long recordsAfter,
                               @Nullable Long bytesBefore, @Nullable Long bytesAfter) {

    /**
     * Creates the value, validating every field.
     *
     * @param backend       the name of the backend that was compacted, not blank
     * @param recordsBefore records stored before, &gt;= 0
     * @param recordsAfter  records stored after, between 0 and {@code recordsBefore}
     * @param bytesBefore   bytes stored before, &gt;= 0, or null when the backend does not know
     * @param bytesAfter    bytes stored after, &gt;= 0, or null when the backend does not know
     * @throws NullPointerException     if {@code backend} is null
     * @throws IllegalArgumentException if {@code backend} is blank, a count is negative,
     *                                  {@code recordsAfter} exceeds {@code recordsBefore}, or exactly
     *                                  one of the byte counts is null
     */
    public CompactionReport {
        Checks.notBlank(backend, "backend");
        Checks.notNegative(recordsBefore, "recordsBefore");
        Checks.notNegative(recordsAfter, "recordsAfter");
        if (recordsAfter > recordsBefore) {
            throw new IllegalArgumentException("recordsAfter (" + recordsAfter + ") must not exceed recordsBefore ("
                    + recordsBefore + ")");
        }
        if ((bytesBefore == null) != (bytesAfter == null)) {
            throw new IllegalArgumentException("bytesBefore and bytesAfter must both be known or both be null, were "
                    + bytesBefore + " and " + bytesAfter);
        }
        if (bytesBefore != null && bytesAfter != null) {
            Checks.notNegative(bytesBefore, "bytesBefore");
            Checks.notNegative(bytesAfter, "bytesAfter");
        }
    }

    /**
     * Returns a report with unknown byte counts.
     *
     * @param backend       the name of the backend that was compacted, not blank
     * @param recordsBefore records stored before, &gt;= 0
     * @param recordsAfter  records stored after, between 0 and {@code recordsBefore}
     * @return the report
     * @throws NullPointerException     if {@code backend} is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static CompactionReport ofRecords(String backend, long recordsBefore, long recordsAfter) {
        return new CompactionReport(backend, recordsBefore, recordsAfter, null, null);
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
     * @return {@code bytesBefore - bytesAfter}, or null when unknown
     */
    public @Nullable Long reclaimedBytes() {
        return bytesBefore == null || bytesAfter == null ? null : bytesBefore - bytesAfter;
    }
}
