package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.appendAll;
import static io.papyra.persistence.tck.Fixture.appendSeries;
import static io.papyra.persistence.tck.Fixture.appendToEachLog;
import static io.papyra.persistence.tck.Fixture.emptyLogs;
import static io.papyra.persistence.tck.Fixture.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The kit's tests of {@link io.papyra.persistence.PersistenceBackend#compact()}: it removes exactly
 * what retention hides at that instant (nothing without a policy), reports the records stored
 * before and after (the three logs together), leaves every read at the same instant unchanged, is
 * idempotent, and is counted once. Without {@link io.papyra.persistence.Capability#COMPACTION} it must
 * throw {@link UnsupportedOperationException} and change nothing.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface CompactionContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>compaction: with no policy removes nothing; reads are unchanged; counted once</em>.
     */
    @Test
    @DisplayName("compaction: with no policy removes nothing; reads are unchanged; counted once")
    default void compactionWithoutPolicy() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        records.put(LogKind.EVENTS, appendSeries(backend, LogKind.EVENTS, 3, t, Duration.ofSeconds(1)));
        records.put(LogKind.AUDITS, appendSeries(backend, LogKind.AUDITS, 2, t, Duration.ofSeconds(1)));
        records.put(LogKind.DEAD_LETTERS, appendSeries(backend, LogKind.DEAD_LETTERS, 1, t, Duration.ofSeconds(1)));
        if (!kit.supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", records, backend::compact)) {
            return;
        }
        Map<String, Object> before = kit.observableState(backend);
        CompactionReport report = backend.compact();
        assertNotNull(report, kit.clause("compaction: compact() returns a report"));
        kit.assertNamesBackend(backend, report.backend(), "compaction: the report");
        assertEquals(6, report.recordsBefore(), kit.clause("compaction: recordsBefore counts the three logs together"));
        assertEquals(6, report.recordsAfter(), kit.clause("compaction: with no policy recordsAfter equals recordsBefore"));
        assertEquals(0, report.removedRecords(), kit.clause("compaction: with no policy removes nothing"));
        assertEquals(before, kit.observableState(backend), kit.clause("compaction: reads at the same instant are unchanged"));
        kit.assertCounters(backend, "compaction is counted in compactions, and is not a write", 6, 0, 0, 0, 1);
    }

    /**
     * Tests the clause <em>compaction: under maxRecords removes exactly the hidden records; reads unchanged; idempotent</em>.
     */
    @Test
    @DisplayName("compaction: under maxRecords removes exactly the hidden records; reads unchanged; idempotent")
    default void compactionByCount() {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxRecords(2), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> events = appendSeries(backend, LogKind.EVENTS, 5, t, Duration.ofSeconds(1));
            List<PersistenceRecord> audits = appendSeries(backend, LogKind.AUDITS, 1, t, Duration.ofSeconds(1));
            List<PersistenceRecord> deadLetters = appendSeries(backend, LogKind.DEAD_LETTERS, 3, t, Duration.ofSeconds(1));
            Map<LogKind, List<PersistenceRecord>> visible = new EnumMap<>(LogKind.class);
            visible.put(LogKind.EVENTS, pick(events, 3, 4));
            visible.put(LogKind.AUDITS, audits);
            visible.put(LogKind.DEAD_LETTERS, pick(deadLetters, 1, 2));
            if (!kit.supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", visible, backend::compact)) {
                return;
            }
            Map<String, Object> before = kit.observableState(backend);
            CompactionReport report = backend.compact();
            assertEquals(9, report.recordsBefore(), kit.clause("compaction: recordsBefore counts every stored record"));
            assertEquals(5, report.recordsAfter(), kit.clause("compaction: recordsAfter counts the retained records (2 + 1 + 2)"));
            assertEquals(4, report.removedRecords(), kit.clause("compaction: removes exactly the records retention hides"));
            assertEquals(before, kit.observableState(backend), kit.clause("compaction: reads at the same instant are unchanged"));
            CompactionReport again = backend.compact();
            assertEquals(5, again.recordsBefore(), kit.clause("compaction: a second compaction starts from what the first kept"));
            assertEquals(0, again.removedRecords(), kit.clause("compaction: a second compaction at the same instant removes nothing"));
            assertEquals(before, kit.observableState(backend), kit.clause("compaction: reads unchanged by a second compaction"));
            PersistenceRecord next = LogKind.EVENTS.record(5, t.plusSeconds(5));
            LogKind.EVENTS.append(backend, next);
            assertEquals(List.of(events.get(4), next), LogKind.EVENTS.read(backend, Query.all()),
                    kit.clause("compaction: appends and retention carry on after a compaction"));
            kit.assertCounters(backend, "each compaction is counted once", 10, 0, 0, 0, 2);
        });
    }

    /**
     * Tests the clause <em>compaction: under maxAge removes what the clock has aged out</em>.
     */
    @Test
    @DisplayName("compaction: under maxAge removes what the clock has aged out")
    default void compactionByAge() {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> events = appendAll(backend, LogKind.EVENTS, List.of(
                    LogKind.EVENTS.record(0, t.minus(Duration.ofHours(2))),
                    LogKind.EVENTS.record(1, t.minus(Duration.ofMinutes(30))),
                    LogKind.EVENTS.record(2, t)));
            appendAll(backend, LogKind.AUDITS, List.of(LogKind.AUDITS.record(0, t.minus(Duration.ofMinutes(90)))));
            List<PersistenceRecord> deadLetters = appendAll(backend, LogKind.DEAD_LETTERS,
                    List.of(LogKind.DEAD_LETTERS.record(0, t)));
            Map<LogKind, List<PersistenceRecord>> visible = new EnumMap<>(LogKind.class);
            visible.put(LogKind.EVENTS, pick(events, 1, 2));
            visible.put(LogKind.AUDITS, List.of());
            visible.put(LogKind.DEAD_LETTERS, deadLetters);
            if (!kit.supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", visible, backend::compact)) {
                return;
            }
            Map<String, Object> before = kit.observableState(backend);
            CompactionReport report = backend.compact();
            assertEquals(5, report.recordsBefore(), kit.clause("compaction: recordsBefore counts every stored record"));
            assertEquals(3, report.recordsAfter(), kit.clause("compaction: recordsAfter counts the records younger than maxAge"));
            assertEquals(before, kit.observableState(backend), kit.clause("compaction: reads at the same instant are unchanged"));
            kit.clock().advance(Duration.ofMinutes(45));
            assertEquals(pick(events, 2), LogKind.EVENTS.read(backend, Query.all()),
                    kit.clause("compaction: age retention carries on after a compaction as the clock moves"));
            CompactionReport later = backend.compact();
            assertEquals(3, later.recordsBefore(), kit.clause("compaction: recordsBefore counts what the last compaction kept"));
            assertEquals(2, later.recordsAfter(), kit.clause("compaction: a later compaction removes what has aged out since"));
        });
    }

    /**
     * Tests the clause <em>compaction: under maxTotalBytes removes exactly the hidden records</em>.
     */
    @Test
    @DisplayName("compaction: under maxTotalBytes removes exactly the hidden records")
    default void compactionBySize() {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxTotalBytes(300), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> events = appendAll(backend, LogKind.EVENTS, List.of(LogKind.EVENTS.sized(0, t, 200),
                    LogKind.EVENTS.sized(1, t, 100), LogKind.EVENTS.sized(2, t, 100)));
            List<PersistenceRecord> audits = appendAll(backend, LogKind.AUDITS, List.of(LogKind.AUDITS.sized(0, t, 300)));
            appendAll(backend, LogKind.DEAD_LETTERS, List.of(LogKind.DEAD_LETTERS.sized(0, t, 400)));
            Map<LogKind, List<PersistenceRecord>> visible = new EnumMap<>(LogKind.class);
            visible.put(LogKind.EVENTS, pick(events, 1, 2));
            visible.put(LogKind.AUDITS, audits);
            visible.put(LogKind.DEAD_LETTERS, List.of());
            if (!kit.supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", visible, backend::compact)) {
                return;
            }
            Map<String, Object> before = kit.observableState(backend);
            CompactionReport report = backend.compact();
            assertEquals(5, report.recordsBefore(), kit.clause("compaction: recordsBefore counts every stored record"));
            assertEquals(3, report.recordsAfter(), kit.clause("compaction: recordsAfter counts the records that fit (2 + 1 + 0)"));
            assertEquals(before, kit.observableState(backend), kit.clause("compaction: reads at the same instant are unchanged"));
        });
    }

    /**
     * Tests the clause <em>compaction: under bounds beyond int, up to Long.MAX_VALUE - 1, and the
     * longest age never throws and removes nothing</em>.
     */
    @Test
    @DisplayName("compaction: under bounds beyond int, up to Long.MAX_VALUE - 1, and the longest age never throws "
            + "and removes nothing")
    default void compactionAtTheLargestBounds() {
        Fixture kit = kit();
        List<RetentionPolicy> policies = List.of(
                RetentionPolicy.none().withMaxRecords((1L << 32) + 3),
                RetentionPolicy.none().withMaxTotalBytes((1L << 32) + 100),
                RetentionPolicy.none().withMaxAge(ChronoUnit.FOREVER.getDuration()),
                RetentionPolicy.none().withMaxRecords(Long.MAX_VALUE - 1).withMaxTotalBytes(Long.MAX_VALUE - 1)
                        .withMaxAge(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
        for (RetentionPolicy policy : policies) {
            kit.withRetention(policy, backend -> {
                Instant first = kit.clock().now().minus(Duration.ofDays(365L * 2_000));
                Map<LogKind, List<PersistenceRecord>> records = appendToEachLog(backend, 4, first);
                if (!kit.supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", records,
                        backend::compact)) {
                    return;
                }
                Map<String, Object> before = kit.observableState(backend);
                CompactionReport report = backend.compact();
                assertEquals(12, report.recordsBefore(), kit.clause("compaction: under " + policy
                        + ", recordsBefore counts every stored record"));
                assertEquals(12, report.recordsAfter(), kit.clause("compaction: " + policy + " keeps every record"));
                assertEquals(before, kit.observableState(backend), kit.clause("compaction: under " + policy
                        + ", reads at the same instant are unchanged"));
            });
        }
    }

    /**
     * Tests the clause <em>compaction: of an empty backend reports 0 before and after; appends carry on after it</em>.
     */
    @Test
    @DisplayName("compaction: of an empty backend reports 0 before and after; appends carry on after it")
    default void compactionOfEmptyBackend() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        long compactions = 0;
        if (kit.supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", emptyLogs(), backend::compact)) {
            CompactionReport report = backend.compact();
            assertNotNull(report, kit.clause("compaction: compact() returns a report"));
            assertEquals(0, report.recordsBefore(), kit.clause("compaction: an empty backend stores no record before"));
            assertEquals(0, report.recordsAfter(), kit.clause("compaction: an empty backend stores no record after"));
            compactions++;
        }
        kit.assertKeepsEverything(backend, "compaction: appends carry on after a compaction (or its refusal) of an empty backend");
        kit.assertCounters(backend, "compaction of an empty backend is counted, and the appends after it", 9, 0, 0, 0,
                compactions);
    }
}
