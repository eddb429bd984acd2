package io.papyra.persistence.tck;

import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.appendSeries;
import static io.papyra.persistence.tck.Fixture.contents;
import static io.papyra.persistence.tck.Fixture.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's tests of a backend's life: what the factory returns (open, empty, counting nothing,
 * sharing no record) and what {@link io.papyra.persistence.PersistenceBackend#close() close()}
 * does (idempotent; later appends dropped and counted, never thrown; reads keep working; a null
 * record still refused).
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface LifecycleContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>factory: each backend is new: open, empty, unbounded, counting nothing, sharing no record with an earlier one</em>.
     */
    @Test
    @DisplayName("factory: each backend is new: open, empty, unbounded, counting nothing, sharing no record with an earlier one")
    default void newBackendIsOpenAndEmpty() {
        Fixture kit = kit();
        PersistenceBackend earlier = kit.open();
        Map<LogKind, List<PersistenceRecord>> earlierRecords = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            earlierRecords.put(log, appendSeries(earlier, log, 2, kit.clock().now(), Duration.ofSeconds(1)));
        }
        PersistenceBackend backend = kit.open();
        assertFalse(backend.isClosed(), kit.clause("close: a new backend is not closed"));
        String name = backend.name();
        assertTrue(name != null && !name.isBlank(), kit.clause("factory: name() is not blank, was " + name));
        assertEquals(RetentionPolicy.none(), backend.retention(),
                kit.clause("factory: retention() is the configured policy (none)"));
        for (LogKind log : LogKind.values()) {
            assertEquals(List.of(), log.readAll(backend), kit.clause("read: a new backend has no " + log));
            assertEquals(List.of(), log.read(backend, Query.all()), kit.clause("read: a new backend has no " + log));
        }
        kit.assertCounters(backend, "every counter of a new backend is 0", 0, 0, 0, 0, 0);
        assertEquals(MetricsSnapshot.empty(), MetricsSnapshot.of(backend),
                kit.clause("metrics: MetricsSnapshot.of(a new backend) is the empty snapshot"));
        assertEquals(earlierRecords, contents(earlier, Query.all()),
                kit.clause("factory: a backend created earlier keeps its own records"));
        kit.assertCounters(earlier, "a backend created later does not change the counters of an earlier one", 6, 0, 0, 0, 0);
    }

    /**
     * Tests the clause <em>close: isClosed goes false to true; close is idempotent</em>.
     */
    @Test
    @DisplayName("close: isClosed goes false to true; close is idempotent")
    default void closeIsIdempotent() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        assertFalse(backend.isClosed(), kit.clause("close: a new backend is open"));
        PersistenceRecord kept = LogKind.EVENTS.record(0, kit.clock().now());
        LogKind.EVENTS.append(backend, kept);
        backend.close();
        assertTrue(backend.isClosed(), kit.clause("close: isClosed() is true after close()"));
        backend.close();
        assertTrue(backend.isClosed(), kit.clause("close: a second close() does not throw and keeps it closed"));
        assertEquals(RetentionPolicy.none(), backend.retention(), kit.clause("close: retention() works after close"));
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(1, kit.clock().now()));
        assertEquals(List.of(kept), LogKind.EVENTS.read(backend, Query.all()),
                kit.clause("close: a second close() keeps the records and keeps dropping appends"));
        kit.assertCounters(backend, "after two close() calls, an append is counted once as dropped", 1, 1, 0, 0, 0);
    }

    /**
     * Tests the clause <em>close: appends after close do not throw, are not visible, and are counted as dropped</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("close: appends after close do not throw, are not visible, and are counted as dropped")
    default void appendsAfterCloseAreDropped(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        List<PersistenceRecord> kept = appendSeries(backend, log, 2, kit.clock().now(), Duration.ofSeconds(1));
        backend.close();
        log.append(backend, log.record(7, kit.clock().now()));
        assertEquals(kept, log.read(backend, Query.all()), kit.clause("close: an append of " + log + " after close is not visible"));
        for (LogKind other : LogKind.values()) {
            if (other != log) {
                assertEquals(List.of(), other.read(backend, Query.all()),
                        kit.clause("close: an append of " + log + " after close lands in no log"));
            }
        }
        kit.assertCounters(backend, "an append of " + log + " after close is counted in records_dropped", 2, 1, 0, 0, 0);
    }

    /**
     * Tests the clause <em>close: reads keep working after close, with queries and retention</em>.
     */
    @Test
    @DisplayName("close: reads keep working after close, with queries and retention")
    default void readsWorkAfterClose() {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxRecords(3), backend -> {
            Instant t = kit.clock().now();
            Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
            for (LogKind log : LogKind.values()) {
                records.put(log, appendSeries(backend, log, 4, t, Duration.ofSeconds(1)));
            }
            backend.close();
            for (LogKind log : LogKind.values()) {
                List<PersistenceRecord> all = records.get(log);
                assertEquals(pick(all, 1, 2, 3), log.read(backend, Query.all()),
                        kit.clause("close: " + log + " read after close, with retention"));
                assertEquals(pick(all, 1, 2, 3), log.readAll(backend),
                        kit.clause("close: no-argument read of " + log + " after close"));
                assertEquals(pick(all, 3), log.read(backend, Query.latest(1)),
                        kit.clause("close: limit over " + log + " after close"));
                assertEquals(pick(all, 2, 3), log.read(backend, Query.since(t.plusSeconds(2))),
                        kit.clause("close: since over " + log + " after close"));
            }
        });
    }

    /**
     * Tests the clause <em>close: a null record after close is still a NullPointerException, not a drop</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("close: a null record after close is still a NullPointerException, not a drop")
    default void nullAppendAfterCloseIsRefused(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        backend.close();
        log.append(backend, log.record(0, kit.clock().now()));
        assertThrows(NullPointerException.class, () -> log.appendNull(backend),
                kit.clause("bad input: a null " + log + " record after close is a NullPointerException"));
        kit.assertCounters(backend, "a null " + log + " record after close is not counted as dropped (a real one is)",
                0, 1, 0, 0, 0);
    }
}
