package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void allHasNoFilter() {
        Query all = Query.all();

        assertEquals(Query.NO_LIMIT, all.limit());
        assertEquals(Long.MAX_VALUE, all.limit());
        assertFalse(all.hasLimit());
        assertNull(all.since());
        assertSame(all, Query.all());
    }

    @Test
    void latestSetsOnlyTheLimit() {
        Query latest = Query.latest(10);

        assertEquals(10, latest.limit());
        assertTrue(latest.hasLimit());
        assertNull(latest.since());
    }

    @Test
    void limitZeroIsAllowed() {
        assertEquals(0, Query.latest(0).limit());
        assertTrue(Query.latest(0).hasLimit());
    }

    @Test
    void limitsBeyondTheIntRangeAreKeptExactly() {
        long beyondInt = (1L << 32) + 3;

        assertEquals(beyondInt, Query.latest(beyondInt).limit());
        assertEquals(Integer.MAX_VALUE + 1L, Query.latest(Integer.MAX_VALUE + 1L).limit());
        assertEquals(Long.MAX_VALUE - 1, Query.since(T).withLimit(Long.MAX_VALUE - 1).limit());
        assertTrue(Query.latest(Long.MAX_VALUE - 1).hasLimit());
        assertNotEquals(Query.latest(beyondInt), Query.latest(3));
    }

    @Test
    void noLimitIsTheSameAsNoLimitAtAll() {
        assertEquals(Query.all(), Query.latest(Query.NO_LIMIT));
        assertFalse(Query.latest(Query.NO_LIMIT).hasLimit());
        assertEquals(Query.since(T), Query.latest(5).withSince(T).withLimit(Query.NO_LIMIT));
    }

    @Test
    void sinceSetsOnlyTheLowerBound() {
        Query since = Query.since(T);

        assertEquals(T, since.since());
        assertEquals(Query.NO_LIMIT, since.limit());
        assertFalse(since.hasLimit());
    }

    @Test
    void withMethodsCombineAndLeaveTheOriginalUnchanged() {
        Query since = Query.since(T);
        Query both = since.withLimit(5);

        assertEquals(5, both.limit());
        assertEquals(T, both.since());
        assertFalse(since.hasLimit());

        Query latest = Query.latest(5);
        Query later = latest.withSince(T.plusSeconds(1)).withSince(T);
        assertEquals(both, later);
        assertNull(latest.since());
    }

    @Test
    void negativeLimitIsRejectedNamingTheValue() {
        Expect.iae("limit must be >= 0, was -1", () -> Query.latest(-1));
        Expect.iae("limit must be >= 0, was -1", () -> Query.since(T).withLimit(-1));
        Expect.iae("limit must be >= 0, was " + Integer.MIN_VALUE, () -> Query.all().withLimit(Integer.MIN_VALUE));
        Expect.iae("limit must be >= 0, was -4294967296", () -> Query.latest(-(1L << 32)));
        Expect.iae("limit must be >= 0, was " + Long.MIN_VALUE, () -> Query.latest(Long.MIN_VALUE));
    }

    @Test
    void nullSinceIsRejected() {
        Expect.npe("since must not be null", () -> Query.since(null));
        Expect.npe("since must not be null", () -> Query.latest(3).withSince(null));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(Query.latest(5), Query.all().withLimit(5));
        assertEquals(Query.latest(5).hashCode(), Query.all().withLimit(5).hashCode());
        assertEquals(Query.since(T).withLimit(2), Query.latest(2).withSince(T));
        assertEquals(Query.since(T).withLimit(2).hashCode(), Query.latest(2).withSince(T).hashCode());

        assertNotEquals(Query.latest(5), Query.latest(6));
        assertNotEquals(Query.latest(5), Query.latest(5).withSince(T));
        assertNotEquals(Query.since(T), Query.since(T.plusNanos(1)));
        assertNotEquals(Query.all(), Query.latest(Integer.MAX_VALUE));
        assertNotEquals(Query.all(), "Query[limit=none, since=none]");
    }

    @Test
    void toStringShowsBothFilters() {
        assertEquals("Query[limit=none, since=none]", Query.all().toString());
        assertEquals("Query[limit=3, since=2024-05-01T12:00:00Z]", Query.latest(3).withSince(T).toString());
        assertEquals("Query[limit=4294967299, since=none]", Query.latest((1L << 32) + 3).toString());
    }
}
