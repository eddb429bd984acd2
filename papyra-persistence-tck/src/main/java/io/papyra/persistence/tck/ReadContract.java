package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.appendAll;
import static io.papyra.persistence.tck.Fixture.appendSeries;
import static io.papyra.persistence.tck.Fixture.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kit's tests of reads and {@link io.papyra.persistence.Query}: immutable snapshots; {@code limit}
 * (0, 1, below, at and above the size, beyond {@code int}) returns the most recent N in insertion
 * order; {@code since} is inclusive and filters by timestamp whatever the insertion order;
 * {@code limit} applies after {@code since}; a null query is a {@link NullPointerException} and a
 * negative limit is refused by the API.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface ReadContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>read: returned lists are immutable</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("read: returned lists are immutable")
    default void readsAreImmutable(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        appendSeries(backend, log, 3, t, Duration.ofSeconds(1));
        PersistenceRecord extra = log.record(99, t);
        Map<String, List<? extends PersistenceRecord>> reads = new LinkedHashMap<>();
        reads.put("Query.all()", log.read(backend, Query.all()));
        reads.put("no-argument read", log.readAll(backend));
        reads.put("Query.latest(2)", log.read(backend, Query.latest(2)));
        reads.put("Query.since(t + 1s)", log.read(backend, Query.since(t.plusSeconds(1))));
        for (Map.Entry<String, List<? extends PersistenceRecord>> read : reads.entrySet()) {
            @SuppressWarnings("unchecked") // only to try to mutate; every call must throw
            List<PersistenceRecord> list = (List<PersistenceRecord>) read.getValue();
            String what = "read: the list of " + log + " from " + read.getKey() + " is immutable ";
            assertThrows(UnsupportedOperationException.class, () -> list.add(extra), kit.clause(what + "(add)"));
            assertThrows(UnsupportedOperationException.class, () -> list.add(0, extra), kit.clause(what + "(add at)"));
            assertThrows(UnsupportedOperationException.class, () -> list.set(0, extra), kit.clause(what + "(set)"));
            assertThrows(UnsupportedOperationException.class, () -> list.remove(0), kit.clause(what + "(remove)"));
            assertThrows(UnsupportedOperationException.class, list::clear, kit.clause(what + "(clear)"));
            assertThrows(UnsupportedOperationException.class, () -> {
                Iterator<PersistenceRecord> iterator = list.iterator();
                iterator.next();
                iterator.remove();
            }, kit.clause(what + "(iterator remove)"));
        }
        @SuppressWarnings("unchecked") // only to try to mutate
        List<PersistenceRecord> empty = (List<PersistenceRecord>) log.read(backend, Query.latest(0));
        assertThrows(UnsupportedOperationException.class, () -> empty.add(extra),
                kit.clause("read: an empty list of " + log + " is immutable (add)"));
        assertEquals(3, log.read(backend, Query.all()).size(),
                kit.clause("read: attempts to mutate a read of " + log + " leave the log unchanged"));
    }

    /**
     * Tests the clause <em>read: returned lists are snapshots that later appends do not change</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("read: returned lists are snapshots that later appends do not change")
    default void readsAreSnapshots(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<? extends PersistenceRecord> empty = log.read(backend, Query.all());
        List<PersistenceRecord> records = appendSeries(backend, log, 3, t, Duration.ofSeconds(1));
        List<? extends PersistenceRecord> all = log.read(backend, Query.all());
        List<? extends PersistenceRecord> latest = log.read(backend, Query.latest(2));
        List<? extends PersistenceRecord> since = log.read(backend, Query.since(t.plusSeconds(1)));
        log.append(backend, log.record(3, t.plusSeconds(3)));
        log.append(backend, log.record(4, t.plusSeconds(4)));
        assertEquals(List.of(), empty, kit.clause("read: a read of empty " + log + " stays empty after appends"));
        assertEquals(records, all, kit.clause("read: Query.all() of " + log + " is a snapshot"));
        assertEquals(pick(records, 1, 2), latest, kit.clause("read: Query.latest(2) of " + log + " is a snapshot"));
        assertEquals(pick(records, 1, 2), since, kit.clause("read: Query.since(t) of " + log + " is a snapshot"));
        assertEquals(5, log.read(backend, Query.all()).size(), kit.clause("read: a new read of " + log + " sees the appends"));
    }

    /**
     * Tests the clause <em>limit: 0 returns nothing</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: 0 returns nothing")
    default void limitZero(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        assertEquals(List.of(), log.read(backend, Query.latest(0)), kit.clause("limit: 0 of empty " + log + " is empty"));
        List<PersistenceRecord> records = appendSeries(backend, log, 5, kit.clock().now(), Duration.ofSeconds(1));
        assertEquals(List.of(), log.read(backend, Query.latest(0)), kit.clause("limit: 0 of 5 " + log + " is empty"));
        assertEquals(records, log.read(backend, Query.all()), kit.clause("limit: none of the 5 " + log + " is everything"));
    }

    /**
     * Tests the clause <em>limit: 1 returns the most recent record</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: 1 returns the most recent record")
    default void limitOne(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        assertEquals(List.of(), log.read(backend, Query.latest(1)), kit.clause("limit: 1 of empty " + log + " is empty"));
        List<PersistenceRecord> records = appendSeries(backend, log, 5, kit.clock().now(), Duration.ofSeconds(1));
        assertEquals(pick(records, 4), log.read(backend, Query.latest(1)),
                kit.clause("limit: 1 of " + log + " is the last appended"));
    }

    /**
     * Tests the clause <em>limit: N below the size returns the most recent N in insertion order</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: N below the size returns the most recent N in insertion order")
    default void limitBelowSize(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, kit.clock().now(), Duration.ofSeconds(1));
        assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.latest(3)),
                kit.clause("limit: 3 of 5 " + log + " are the last 3, oldest first"));
        assertEquals(pick(records, 1, 2, 3, 4), log.read(backend, Query.latest(4)),
                kit.clause("limit: 4 of 5 " + log + " are the last 4, oldest first"));
    }

    /**
     * Tests the clause <em>limit: exactly the size, or more, returns everything</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: exactly the size, or more, returns everything")
    default void limitAtOrAboveSize(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, kit.clock().now(), Duration.ofSeconds(1));
        assertEquals(records, log.read(backend, Query.latest(5)), kit.clause("limit: 5 of 5 " + log + " is everything"));
        assertEquals(records, log.read(backend, Query.latest(6)), kit.clause("limit: 6 of 5 " + log + " is everything"));
        assertEquals(records, log.read(backend, Query.latest(Integer.MAX_VALUE)),
                kit.clause("limit: Integer.MAX_VALUE of 5 " + log + " is everything"));
    }

    /**
     * Tests the clause <em>limit: beyond int (2^32 + 1) and up to Long.MAX_VALUE returns everything,
     * never truncated</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: beyond int (2^32 + 1) and up to Long.MAX_VALUE returns everything, never truncated")
    default void limitBeyondInt(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, t, Duration.ofSeconds(1));
        for (long limit : new long[] {(1L << 32) + 1, (1L << 32) + 5, Integer.MAX_VALUE + 1L, Long.MAX_VALUE - 1,
                Long.MAX_VALUE}) {
            assertEquals(records, log.read(backend, Query.latest(limit)),
                    kit.clause("limit: " + limit + " of 5 " + log + " is everything"));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(2)).withLimit(limit)),
                    kit.clause("since+limit: " + limit + " of the 3 " + log + " since the third is all 3"));
        }
    }

    /**
     * Tests the clause <em>since: inclusive bound before, at and after the timestamps</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since: inclusive bound before, at and after the timestamps")
    default void sinceBoundaries(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, t, Duration.ofSeconds(10));
        assertEquals(records, log.read(backend, Query.since(t.minusNanos(1))),
                kit.clause("since: before every timestamp of " + log + " returns everything"));
        assertEquals(records, log.read(backend, Query.since(t)),
                kit.clause("since: equal to the first timestamp of " + log + " returns everything (inclusive)"));
        assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(20))),
                kit.clause("since: equal to a middle timestamp of " + log + " includes that record"));
        assertEquals(pick(records, 3, 4), log.read(backend, Query.since(t.plusSeconds(20).plusNanos(1))),
                kit.clause("since: just after a timestamp of " + log + " excludes that record"));
        assertEquals(pick(records, 4), log.read(backend, Query.since(t.plusSeconds(40))),
                kit.clause("since: equal to the last timestamp of " + log + " returns the last record"));
        assertEquals(List.of(), log.read(backend, Query.since(t.plusSeconds(40).plusNanos(1))),
                kit.clause("since: after every timestamp of " + log + " returns nothing"));
    }

    /**
     * Tests the clause <em>since: several records with the same timestamp are all included</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since: several records with the same timestamp are all included")
    default void sinceWithEqualTimestamps(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = appendAll(backend, log, List.of(
                log.record(0, t), log.record(1, t.plusSeconds(1)), log.record(2, t.plusSeconds(1)),
                log.record(3, t.plusSeconds(1)), log.record(4, t.plusSeconds(2))));
        assertEquals(pick(records, 1, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(1))),
                kit.clause("since: every " + log + " record at the bound is included"));
        assertEquals(pick(records, 4), log.read(backend, Query.since(t.plusSeconds(1).plusNanos(1))),
                kit.clause("since: every " + log + " record at a timestamp before the bound is excluded"));
        assertEquals(pick(records, 3, 4), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(2)),
                kit.clause("since+limit: the most recent 2 " + log + " at or after the bound"));
        assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(3)),
                kit.clause("since+limit: the most recent 3 " + log + " at or after the bound"));
    }

    /**
     * Tests the clause <em>since: filters by timestamp even when timestamps are not in insertion order</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since: filters by timestamp even when timestamps are not in insertion order")
    default void sinceWithTimestampsOutOfOrder(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = appendAll(backend, log, List.of(
                log.record(0, t.plusSeconds(50)), log.record(1, t.plusSeconds(10)), log.record(2, t.plusSeconds(30)),
                log.record(3, t.plusSeconds(20)), log.record(4, t.plusSeconds(40))));
        assertEquals(pick(records, 0, 2, 4), log.read(backend, Query.since(t.plusSeconds(30))),
                kit.clause("since: " + log + " at or after the bound, in insertion order, although appended out of timestamp order"));
        assertEquals(pick(records, 2, 4), log.read(backend, Query.since(t.plusSeconds(30)).withLimit(2)),
                kit.clause("since+limit: the most recently appended 2 " + log + " at or after the bound"));
        assertEquals(pick(records, 0), log.read(backend, Query.since(t.plusSeconds(45))),
                kit.clause("since: only the first-appended " + log + " record is late enough"));
        assertEquals(records, log.read(backend, Query.since(t.plusSeconds(10))),
                kit.clause("since: a bound equal to the earliest timestamp (appended second) returns every " + log));
    }

    /**
     * Tests the clause <em>since+limit: limit applies after since (the most recent N at or after since)</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since+limit: limit applies after since (the most recent N at or after since)")
    default void limitAppliesAfterSince(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = appendSeries(backend, log, 6, t, Duration.ofSeconds(1));
        assertEquals(pick(records, 4, 5), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(2)),
                kit.clause("since+limit: the most recent 2 of the " + log + " at or after since"));
        assertEquals(pick(records, 1, 2, 3, 4, 5), log.read(backend, Query.latest(10).withSince(t.plusSeconds(1))),
                kit.clause("since+limit: a limit above the matches of " + log + " returns every match"));
        assertEquals(pick(records, 3, 4, 5), log.read(backend, Query.since(t.plusSeconds(3)).withLimit(3)),
                kit.clause("since+limit: a limit equal to the matches of " + log + " returns every match"));
        assertEquals(List.of(), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(0)),
                kit.clause("since+limit: limit 0 with since returns no " + log));
        assertEquals(List.of(), log.read(backend, Query.since(t.plusSeconds(6)).withLimit(3)),
                kit.clause("since+limit: since after every " + log + " returns nothing whatever the limit"));
    }

    /**
     * Tests the clause <em>bad input: a null query is a NullPointerException</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("bad input: a null query is a NullPointerException")
    default void nullQueryIsRefused(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        log.append(backend, log.record(0, kit.clock().now()));
        assertThrows(NullPointerException.class, () -> log.read(backend, null),
                kit.clause("bad input: reading " + log + " with a null query is a NullPointerException"));
        assertEquals(1, log.read(backend, Query.all()).size(), kit.clause("bad input: a refused read changes nothing"));
    }

    /**
     * Tests the clause <em>bad input: a negative limit is refused by the API before any read; the log is unchanged</em>.
     */
    @Test
    @DisplayName("bad input: a negative limit is refused by the API before any read; the log is unchanged")
    default void negativeLimitIsRefused() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        List<PersistenceRecord> records = appendSeries(backend, LogKind.EVENTS, 2, kit.clock().now(), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> LogKind.EVENTS.read(backend, Query.latest(-1)),
                kit.clause("bad input: Query.latest(-1) is an IllegalArgumentException"));
        assertThrows(IllegalArgumentException.class,
                () -> LogKind.EVENTS.read(backend, Query.since(kit.clock().now()).withLimit(-1)),
                kit.clause("bad input: withLimit(-1) is an IllegalArgumentException"));
        assertEquals(records, LogKind.EVENTS.read(backend, Query.all()),
                kit.clause("bad input: a refused negative limit leaves the log unchanged"));
    }
}
