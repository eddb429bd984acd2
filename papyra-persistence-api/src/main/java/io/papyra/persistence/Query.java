package io.papyra.persistence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a read returns of one log: the records whose timestamp is at or after {@link #since()}
 * (when set), of which the most recent {@link #limit()} (when set), in insertion order. Both
 * filters apply after the backend's {@link RetentionPolicy}.
 *
 * <p>An immutable value; {@code with*} methods return a new query.
 *
 * <pre>{@code
 * backend.listEvents(Query.latest(100));
 * backend.listDeadLetters(Query.since(oneHourAgo).withLimit(10));
 * }</pre>
 */
public final class Query {

    private static final int NO_LIMIT = -1;
    private static final Query ALL = new Query(NO_LIMIT, null);

    private final int limit;
    private final Instant since;

    private Query(int limit, Instant since) {
        this.limit = limit;
        this.since = since;
    }

    /**
     * Returns the query without filters: every retained record.
     *
     * @return the unfiltered query
     */
    public static Query all() {
        return ALL;
    }

    /**
     * Returns a query for the most recent {@code limit} records.
     *
     * @param limit how many records at most, &gt;= 0 (0 returns an empty list)
     * @return the query
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static Query latest(int limit) {
        return ALL.withLimit(limit);
    }

    /**
     * Returns a query for the records whose timestamp is at or after {@code since} (inclusive).
     *
     * @param since the earliest timestamp to return, never null
     * @return the query
     * @throws NullPointerException if {@code since} is null
     */
    public static Query since(Instant since) {
        return ALL.withSince(since);
    }

    /**
     * Returns a copy of this query that keeps only the most recent {@code limit} records.
     *
     * @param limit how many records at most, &gt;= 0
     * @return the new query
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public Query withLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        return new Query(limit, since);
    }

    /**
     * Returns a copy of this query that keeps only records whose timestamp is at or after {@code since}.
     *
     * @param since the earliest timestamp to return (inclusive), never null
     * @return the new query
     * @throws NullPointerException if {@code since} is null
     */
    public Query withSince(Instant since) {
        return new Query(limit, Checks.notNull(since, "since"));
    }

    /**
     * Returns the maximum number of records, counted from the most recent.
     *
     * @return the limit, or empty for no limit
     */
    public OptionalInt limit() {
        return limit == NO_LIMIT ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    /**
     * Returns the earliest timestamp to return, inclusive.
     *
     * @return the lower bound, or empty for none
     */
    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    /**
     * Returns the limit, or {@link Integer#MAX_VALUE} when there is none; for backends' loops.
     *
     * @return the limit as a plain int
     */
    public int limitOrMax() {
        return limit == NO_LIMIT ? Integer.MAX_VALUE : limit;
    }

    /**
     * Returns the lower bound, or null when there is none; for backends' loops.
     *
     * @return the {@code since} bound or null
     */
    public Instant sinceOrNull() {
        return since;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Query q && q.limit == limit && Objects.equals(q.since, since);
    }

    @Override
    public int hashCode() {
        return 31 * limit + Objects.hashCode(since);
    }

    @Override
    public String toString() {
        return "Query[limit=" + (limit == NO_LIMIT ? "none" : limit) + ", since=" + (since == null ? "none" : since) + "]";
    }
}
