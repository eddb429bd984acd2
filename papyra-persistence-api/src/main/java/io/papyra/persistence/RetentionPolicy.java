package io.papyra.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which records of a log stay visible. Every bound is optional; an unset bound is no limit. A
 * policy applies to each of a backend's three logs (events, audits, dead letters) on its own, so
 * a storm of dead letters never evicts audits.
 *
 * <p>Retention is logical: reads apply it against the backend's clock, in this order, which
 * {@link #retain(List, Instant)} implements for reference:
 * <ol>
 *   <li><b>age</b>: drop every record whose timestamp is before {@code now - maxAge} (a record
 *       exactly at the cutoff stays);</li>
 *   <li><b>count</b>: of what remains, keep the newest {@code maxRecords};</li>
 *   <li><b>size</b>: walk what remains from newest to oldest and keep records while the running
 *       total of their {@link PersistenceRecord#sizeInBytes() sizes} stays within
 *       {@code maxTotalBytes}; stop at the first record that does not fit.</li>
 * </ol>
 * {@link PersistenceBackend#compact()} makes it physical.
 *
 * <p>An immutable value; {@code with*} methods return a new policy.
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.none()
 *         .withMaxRecords(10_000)
 *         .withMaxAge(Duration.ofHours(1));
 * }</pre>
 */
public final class RetentionPolicy {

    private static final long UNSET = 0;
    private static final RetentionPolicy NONE = new RetentionPolicy(UNSET, null, UNSET);

    private final long maxRecords;
    private final Duration maxAge;
    private final long maxTotalBytes;

    private RetentionPolicy(long maxRecords, Duration maxAge, long maxTotalBytes) {
        this.maxRecords = maxRecords;
        this.maxAge = maxAge;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Returns the policy that keeps everything.
     *
     * @return the policy without bounds
     */
    public static RetentionPolicy none() {
        return NONE;
    }

    /**
     * Returns a copy of this policy that keeps at most the newest {@code maxRecords} records of each log.
     *
     * @param maxRecords the bound, &gt; 0
     * @return the new policy
     * @throws IllegalArgumentException if {@code maxRecords} is not positive
     */
    public RetentionPolicy withMaxRecords(long maxRecords) {
        return new RetentionPolicy(positive(maxRecords, "maxRecords"), maxAge, maxTotalBytes);
    }

    /**
     * Returns a copy of this policy that hides records older than {@code maxAge} at the time of a read.
     *
     * @param maxAge the bound, positive, never null
     * @return the new policy
     * @throws NullPointerException     if {@code maxAge} is null
     * @throws IllegalArgumentException if {@code maxAge} is zero or negative
     */
    public RetentionPolicy withMaxAge(Duration maxAge) {
        Checks.notNull(maxAge, "maxAge");
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be > 0, was " + maxAge);
        }
        return new RetentionPolicy(maxRecords, maxAge, maxTotalBytes);
    }

    /**
     * Returns a copy of this policy that keeps, per log, the newest records whose sizes add up to
     * at most {@code maxTotalBytes}.
     *
     * @param maxTotalBytes the bound, &gt; 0
     * @return the new policy
     * @throws IllegalArgumentException if {@code maxTotalBytes} is not positive
     */
    public RetentionPolicy withMaxTotalBytes(long maxTotalBytes) {
        return new RetentionPolicy(maxRecords, maxAge, positive(maxTotalBytes, "maxTotalBytes"));
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /**
     * Returns the bound on the number of records per log.
     *
     * @return the bound, or empty for none
     */
    public OptionalLong maxRecords() {
        return maxRecords == UNSET ? OptionalLong.empty() : OptionalLong.of(maxRecords);
    }

    /**
     * Returns the bound on the age of records.
     *
     * @return the bound, or empty for none
     */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * Returns the bound on the total {@link PersistenceRecord#sizeInBytes() size} of the records of a log.
     *
     * @return the bound, or empty for none
     */
    public OptionalLong maxTotalBytes() {
        return maxTotalBytes == UNSET ? OptionalLong.empty() : OptionalLong.of(maxTotalBytes);
    }

    /**
     * Tells whether this policy has no bound at all.
     *
     * @return true if every record is kept
     */
    public boolean isUnbounded() {
        return maxRecords == UNSET && maxAge == null && maxTotalBytes == UNSET;
    }

    /**
     * Returns the oldest timestamp that age retention keeps at {@code now}.
     *
     * @param now the time of the read, never null
     * @return {@code now - maxAge}, or empty when there is no age bound
     * @throws NullPointerException if {@code now} is null
     */
    public Optional<Instant> ageCutoff(Instant now) {
        Checks.notNull(now, "now");
        return maxAge == null ? Optional.empty() : Optional.of(now.minus(maxAge));
    }

    /**
     * Applies this policy to one log, as every backend's reads must: the reference implementation
     * of the steps described on this class. Backends may compute the same result faster.
     *
     * @param <R>     the record type
     * @param records the log in insertion order, never null, no null elements
     * @param now     the time of the read, never null
     * @return the retained records in insertion order, an unmodifiable new list
     * @throws NullPointerException if an argument or an element of {@code records} is null
     */
    public <R extends PersistenceRecord> List<R> retain(List<R> records, Instant now) {
        Checks.notNull(records, "records");
        Checks.notNull(now, "now");
        List<R> kept = new ArrayList<>(records.size());
        Instant cutoff = maxAge == null ? null : now.minus(maxAge);
        for (int i = 0; i < records.size(); i++) {
            R record = records.get(i);
            if (record == null) {
                throw new NullPointerException("records must not contain null (index " + i + ")");
            }
            if (cutoff == null || !record.timestamp().isBefore(cutoff)) {
                kept.add(record);
            }
        }
        int from = 0;
        if (maxRecords != UNSET && kept.size() > maxRecords) {
            from = kept.size() - (int) maxRecords;
        }
        if (maxTotalBytes != UNSET) {
            long total = 0;
            int oldestKept = kept.size();
            while (oldestKept > from) {
                long size = kept.get(oldestKept - 1).sizeInBytes();
                if (total + size > maxTotalBytes) {
                    break;
                }
                total += size;
                oldestKept--;
            }
            from = oldestKept;
        }
        return Collections.unmodifiableList(new ArrayList<>(kept.subList(from, kept.size())));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetentionPolicy p && p.maxRecords == maxRecords
                && Objects.equals(p.maxAge, maxAge) && p.maxTotalBytes == maxTotalBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRecords, maxAge, maxTotalBytes);
    }

    @Override
    public String toString() {
        return "RetentionPolicy[maxRecords=" + (maxRecords == UNSET ? "none" : maxRecords)
                + ", maxAge=" + (maxAge == null ? "none" : maxAge)
                + ", maxTotalBytes=" + (maxTotalBytes == UNSET ? "none" : maxTotalBytes) + "]";
    }
}
