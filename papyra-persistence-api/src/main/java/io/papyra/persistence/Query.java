package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * What a read returns of one log: the records whose timestamp is at or after {@link #since()}
 * (when set), of which the most recent {@link #limit()}, in insertion order. Both filters apply
 * after the backend's {@link RetentionPolicy}.
 *
 * <p>An immutable value; {@code with*} methods return a new query.
 *
 * <pre>{@code
 * backend.listEvents(Query.latest(100));
 * backend.listDeadLetters(Query.since(oneHourAgo).withLimit(10));
 * }</pre>
 *
 * @since 0.1
 */
public final class Query {

    /** The {@link #limit()} of a query without a limit: more records than any log can hold. */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    private static final Query ALL = new Query(NO_LIMIT, null);

    private final long limit;
    private final @Nullable Instant since;

    private Query(long limit, @Nullable Instant since) {
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
    public static Query latest(long limit) {
        return ALL.withLimit(limit);
    }

    /**
     * Returns a query for the records whose timestamp is at or after {@code since} (inclusive).
     *
     * @param since the earliest timestamp to return
     * @return the query
     * @throws NullPointerException if {@code since} is null
     */
    public static Query since(Instant since) {
        return ALL.withSince(since);
    }

    /**
     * Returns a copy of this query that keeps only the most recent {@code limit} records.
     *
     * @param limit how many records at most, &gt;= 0; {@link #NO_LIMIT} keeps them all
     * @return the new query
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public Query withLimit(long limit) {
        return new Query(Checks.notNegative(limit, "limit"), since);
    }

    /**
     * Returns a copy of this query that keeps only records whose timestamp is at or after {@code since}.
     *
     * @param since the earliest timestamp to return (inclusive)
     * @return the new query
     * @throws NullPointerException if {@code since} is null
     */
    public Query withSince(Instant since) {
        return new Query(limit, Checks.notNull(since, "since"));
    }

    /**
     * Returns the maximum number of records, counted from the most recent. A query without a
     * limit has {@link #NO_LIMIT}, which no log reaches, so backends need no special case.
     *
     * @return the limit, &gt;= 0
     */
    public long limit() {
        return limit;
    }

    /**
     * Tells whether this query has a limit other than {@link #NO_LIMIT}.
     *
     * @return true if {@link #limit()} is less than {@link #NO_LIMIT}
     */
    public boolean hasLimit() {
        return limit != NO_LIMIT;
    }

    /**
     * Returns the earliest timestamp to return, inclusive.
     *
     * @return the lower bound, or null for none
     */
    public @Nullable Instant since() {
        return since;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Query q && q.limit == limit && Objects.equals(q.since, since);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(limit) + Objects.hashCode(since);
    }

    @Override
    public String toString() {
        return "Query[limit=" + (hasLimit() ? limit : "none") + ", since=" + (since == null ? "none" : since) + "]";
    }
}
