package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
 * <p>Every bound works at every scale: counts and byte totals up to {@link Long#MAX_VALUE} (which
 * is the same as no bound) and any positive {@link Duration}; reads, compaction and
 * {@link #retain(List, Instant)} saturate, and never throw or truncate, at the extremes.
 *
 * <p>An immutable value; {@code with*} methods return a new policy.
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.none()
 *         .withMaxRecords(10_000)
 *         .withMaxAge(Duration.ofHours(1));
 * }</pre>
 *
 * @since 0.1
 */
public final class RetentionPolicy {

    /**
     * The value of {@link #maxRecords()} and {@link #maxTotalBytes()} when there is no such bound:
     * more than any log can hold, so a backend needs no special case for it.
     */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    private static final RetentionPolicy NONE = new RetentionPolicy(UNBOUNDED, null, UNBOUNDED);

    private final long maxRecords;
    private final @Nullable Duration maxAge;
    private final long maxTotalBytes;

    private RetentionPolicy(long maxRecords, @Nullable Duration maxAge, long maxTotalBytes) {
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
     * @param maxRecords the bound, &gt; 0; {@link #UNBOUNDED} removes the bound
     * @return the new policy
     * @throws IllegalArgumentException if {@code maxRecords} is not positive
     */
    public RetentionPolicy withMaxRecords(long maxRecords) {
        return new RetentionPolicy(positive(maxRecords, "maxRecords"), maxAge, maxTotalBytes);
    }

    /**
     * Returns a copy of this policy that hides records older than {@code maxAge} at the time of a read.
     *
     * @param maxAge the bound, positive; any positive duration, however long, is allowed
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
     * @param maxTotalBytes the bound, &gt; 0; {@link #UNBOUNDED} removes the bound
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
     * @return the bound, &gt; 0; {@link #UNBOUNDED} when there is none
     */
    public long maxRecords() {
        return maxRecords;
    }

    /**
     * Returns the bound on the age of records.
     *
     * @return the bound, or null for none
     */
    public @Nullable Duration maxAge() {
        return maxAge;
    }

    /**
     * Returns the bound on the total {@link PersistenceRecord#sizeInBytes() size} of the records of a log.
     *
     * @return the bound, &gt; 0; {@link #UNBOUNDED} when there is none
     */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /**
     * Tells whether this policy bounds the number of records.
     *
     * @return true if {@link #maxRecords()} is less than {@link #UNBOUNDED}
     */
    public boolean hasMaxRecords() {
        return maxRecords != UNBOUNDED;
    }

    /**
     * Tells whether this policy bounds the age of records.
     *
     * @return true if {@link #maxAge()} is not null
     */
    public boolean hasMaxAge() {
        return maxAge != null;
    }

    /**
     * Tells whether this policy bounds the total size of records.
     *
     * @return true if {@link #maxTotalBytes()} is less than {@link #UNBOUNDED}
     */
    public boolean hasMaxTotalBytes() {
        return maxTotalBytes != UNBOUNDED;
    }

    /**
     * Tells whether this policy has no bound at all.
     *
     * @return true if every record is kept
     */
    public boolean isUnbounded() {
        return !hasMaxRecords() && !hasMaxAge() && !hasMaxTotalBytes();
    }

    /**
     * Returns the oldest timestamp that age retention keeps at {@code now}: {@code now - maxAge},
     * or {@link Instant#MIN} when that is earlier than any instant (an age bound longer than time).
     *
     * @param now the time of the read
     * @return the cutoff, or null when there is no age bound
     * @throws NullPointerException if {@code now} is null
     */
    public @Nullable Instant ageCutoff(Instant now) {
        Checks.notNull(now, "now");
        Duration age = maxAge;
        if (age == null) {
            return null;
        }
        // Seconds from Instant.MIN to now fit in a long. Below that headroom now.minus(age) cannot
        // overflow; only ages within a second of it need the exact comparison. Duration.between
        // is kept off the common path: it throws and catches an ArithmeticException inside the
        // JDK for spans this long, which cost every read 15-25 us.
        long headroom = now.getEpochSecond() - Instant.MIN.getEpochSecond();
        if (age.getSeconds() < headroom) {
            return now.minus(age);
        }
        return age.compareTo(Duration.between(Instant.MIN, now)) >= 0 ? Instant.MIN : now.minus(age);
    }

    /**
     * Applies this policy to one log, as every backend's reads must: the reference implementation
     * of the steps described on this class. Backends may compute the same result faster.
     *
     * @param <R>     the record type
     * @param records the log in insertion order, no null elements
     * @param now     the time of the read
     * @return the retained records in insertion order, an unmodifiable new list
     * @throws NullPointerException if an argument or an element of {@code records} is null
     */
    public <R extends PersistenceRecord> List<R> retain(List<R> records, Instant now) {
        Checks.notNull(records, "records");
        Instant cutoff = ageCutoff(now);
        List<R> kept = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            R record = records.get(i);
            if (record == null) {
                throw new NullPointerException("records must not contain null (index " + i + ")");
            }
            if (cutoff == null || !record.timestamp().isBefore(cutoff)) {
                kept.add(record);
            }
        }
        int from = kept.size() > maxRecords ? kept.size() - (int) maxRecords : 0; // the cast only when below size
        long total = 0;
        int oldestKept = hasMaxTotalBytes() ? kept.size() : from; // sizes are only computed for a size bound
        while (oldestKept > from) {
            long size = kept.get(oldestKept - 1).sizeInBytes();
            if (size > maxTotalBytes - total) { // total <= maxTotalBytes, so this cannot overflow
                break;
            }
            total += size;
            oldestKept--;
        }
        return Collections.unmodifiableList(new ArrayList<>(kept.subList(oldestKept, kept.size())));
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RetentionPolicy p && p.maxRecords == maxRecords
                && Objects.equals(p.maxAge, maxAge) && p.maxTotalBytes == maxTotalBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRecords, maxAge, maxTotalBytes);
    }

    @Override
    public String toString() {
        return "RetentionPolicy[maxRecords=" + (hasMaxRecords() ? maxRecords : "none")
                + ", maxAge=" + (maxAge == null ? "none" : maxAge)
                + ", maxTotalBytes=" + (hasMaxTotalBytes() ? maxTotalBytes : "none") + "]";
    }
}
