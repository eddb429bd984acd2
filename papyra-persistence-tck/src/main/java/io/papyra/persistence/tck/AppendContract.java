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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.appendAll;
import static io.papyra.persistence.tck.Fixture.appendSeries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kit's tests of appends: every record reads back equal (unusual text, absent fields and
 * structured payloads included), in insertion order rather than timestamp order, equal records
 * kept twice, each log on its own, and a null record refused with
 * {@link NullPointerException} without any effect.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface AppendContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>append/read: records read back equal, in insertion order</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: records read back equal, in insertion order")
    default void recordsReadBackInInsertionOrder(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, kit.clock().now(), Duration.ofSeconds(1));
        assertEquals(records, log.read(backend, Query.all()),
                kit.clause("append/read: " + log + " read back equal and in insertion order"));
        assertEquals(records, log.readAll(backend),
                kit.clause("read: the no-argument read of " + log + " equals read(Query.all())"));
    }

    /**
     * Tests the clause <em>append/read: unusual field values (empty, non-ASCII, absent, extreme) read back equal</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: unusual field values (empty, non-ASCII, absent, extreme) read back equal")
    default void unusualRecordsReadBackEqual(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        List<PersistenceRecord> records = appendAll(backend, log, log.variety(kit.clock().now()));
        assertEquals(records, log.read(backend, Query.all()),
                kit.clause("append/read: " + log + " with unusual field values read back equal"));
    }

    /**
     * Tests the clause <em>append/read: insertion order, not timestamp order</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: insertion order, not timestamp order")
    default void insertionOrderIsNotTimestampOrder(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = appendAll(backend, log, List.of(
                log.record(0, t.plusSeconds(30)), log.record(1, t.plusSeconds(10)), log.record(2, t.plusSeconds(20)),
                log.record(3, t)));
        assertEquals(records, log.read(backend, Query.all()),
                kit.clause("append/read: " + log + " keep insertion order even when timestamps go back"));
    }

    /**
     * Tests the clause <em>append/read: an equal record appended twice is kept twice (append-only, no de-duplication)</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: an equal record appended twice is kept twice (append-only, no de-duplication)")
    default void equalRecordsAreBothKept(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        PersistenceRecord record = log.record(0, kit.clock().now());
        PersistenceRecord other = log.record(1, kit.clock().now());
        log.append(backend, record);
        log.append(backend, other);
        log.append(backend, record);
        assertEquals(List.of(record, other, record), log.read(backend, Query.all()),
                kit.clause("append/read: " + log + " keep every append, equal records included"));
    }

    /**
     * Tests the clause <em>append/read: the three logs are independent</em>.
     */
    @Test
    @DisplayName("append/read: the three logs are independent")
    default void logsAreIndependent() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        Map<LogKind, List<PersistenceRecord>> expected = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            expected.put(log, new ArrayList<>());
        }
        // Interleaved: 3 events, 2 audits, 1 dead letter.
        int[][] plan = {{0, 0}, {1, 0}, {0, 1}, {2, 0}, {1, 1}, {0, 2}};
        for (int[] step : plan) {
            LogKind log = LogKind.values()[step[0]];
            PersistenceRecord record = log.record(step[1], t.plusSeconds(step[1]));
            log.append(backend, record);
            expected.get(log).add(record);
        }
        for (LogKind log : LogKind.values()) {
            assertEquals(expected.get(log), log.read(backend, Query.all()),
                    kit.clause("append/read: " + log + " hold only their own records"));
        }
    }

    /**
     * Tests the clause <em>bad input: a null record is a NullPointerException and appends nothing</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("bad input: a null record is a NullPointerException and appends nothing")
    default void nullRecordIsRefused(LogKind log) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        PersistenceRecord before = log.record(0, kit.clock().now());
        log.append(backend, before);
        assertThrows(NullPointerException.class, () -> log.appendNull(backend),
                kit.clause("bad input: a null " + log + " record is a NullPointerException"));
        assertEquals(List.of(before), log.read(backend, Query.all()), kit.clause("bad input: a null " + log + " record appends nothing"));
        for (LogKind other : LogKind.values()) {
            if (other != log) {
                assertEquals(List.of(), other.read(backend, Query.all()),
                        kit.clause("bad input: a null " + log + " record appends nothing to " + other));
            }
        }
        kit.assertCounters(backend, "a null " + log + " record is not counted", 1, 0, 0, 0, 0);
    }
}
