package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QueryTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void allHasNoFilter() {
        Query all = Query.all();

        assertEquals(OptionalInt.empty(), all.limit());
        assertEquals(Optional.empty(), all.since());
        assertEquals(Integer.MAX_VALUE, all.limitOrMax());
        assertNull(all.sinceOrNull());
        assertSame(all, Query.all());
    }

    @Test
    void latestSetsOnlyTheLimit() {
        Query latest = Query.latest(10);

        assertEquals(OptionalInt.of(10), latest.limit());
        assertEquals(10, latest.limitOrMax());
        assertEquals(Optional.empty(), latest.since());
    }

    @Test
    void limitZeroIsAllowed() {
        assertEquals(OptionalInt.of(0), Query.latest(0).limit());
        assertEquals(0, Query.latest(0).limitOrMax());
    }

    @Test
    void sinceSetsOnlyTheLowerBound() {
        Query since = Query.since(T);

        assertEquals(Optional.of(T), since.since());
        assertEquals(T, since.sinceOrNull());
        assertEquals(OptionalInt.empty(), since.limit());
    }

    @Test
    void withMethodsCombineAndLeaveTheOriginalUnchanged() {
        Query since = Query.since(T);
        Query both = since.withLimit(5);

        assertEquals(OptionalInt.of(5), both.limit());
        assertEquals(Optional.of(T), both.since());
        assertEquals(OptionalInt.empty(), since.limit());

        Query latest = Query.latest(5);
        Query later = latest.withSince(T.plusSeconds(1)).withSince(T);
        assertEquals(both, later);
        assertEquals(Optional.empty(), latest.since());
    }

    @Test
    void negativeLimitIsRejected() {
        Expect.iae("limit must be >= 0, was -1", () -> Query.latest(-1));
        Expect.iae("limit must be >= 0, was -1", () -> Query.since(T).withLimit(-1));
        Expect.iae("limit must be >= 0, was " + Integer.MIN_VALUE, () -> Query.all().withLimit(Integer.MIN_VALUE));
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
    }
}
