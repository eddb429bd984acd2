package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's tests of {@link io.papyra.persistence.PersistenceBackend#metrics()}: {@code records_written}
 * counts each append exactly, {@code records_dropped} each append after close; reads count nothing;
 * {@code reset()} zeroes every counter; a snapshot is a copy; {@code asMap()} names the eleven
 * counters; {@link io.papyra.persistence.MetricsSnapshot#of} agrees with the backend. The counters
 * under concurrent appends are tested by {@link ConcurrencyContract}.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface MetricsContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>metrics: records_written counts each append of each kind exactly; reads count nothing</em>.
     */
    @Test
    @DisplayName("metrics: records_written counts each append of each kind exactly; reads count nothing")
    default void recordsWrittenCountsEveryAppend() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        long written = 0;
        long bytes = 0;
        for (int i = 0; i < 3; i++) {
            for (LogKind log : LogKind.values()) {
                log.append(backend, log.record(i, kit.clock().now()));
                written++;
                MetricsSnapshot snapshot = kit.assertCounters(backend, "records_written counts each append of " + log,
                        written, 0, 0, 0, 0);
                assertTrue(snapshot.bytesWritten() >= bytes,
                        kit.clause("metrics: bytes_written never decreases (after an append of " + log + ")"));
                bytes = snapshot.bytesWritten();
            }
        }
        MetricsSnapshot beforeReads = backend.metrics().snapshot();
        for (LogKind log : LogKind.values()) {
            log.read(backend, Query.all());
            log.read(backend, Query.latest(1).withSince(kit.clock().now()));
            log.readAll(backend);
        }
        assertEquals(beforeReads, backend.metrics().snapshot(), kit.clause("metrics: reads change no counter"));
    }

    /**
     * Tests the clause <em>metrics: records_dropped counts each append of each kind after close</em>.
     */
    @Test
    @DisplayName("metrics: records_dropped counts each append of each kind after close")
    default void recordsDroppedCountsAppendsAfterClose() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        for (LogKind log : LogKind.values()) {
            log.append(backend, log.record(0, kit.clock().now()));
        }
        backend.close();
        long bytes = backend.metrics().snapshot().bytesWritten();
        long dropped = 0;
        for (int i = 1; i <= 2; i++) {
            for (LogKind log : LogKind.values()) {
                log.append(backend, log.record(i, kit.clock().now()));
                dropped++;
                MetricsSnapshot snapshot = kit.assertCounters(backend,
                        "records_dropped counts an append of " + log + " after close, records_written does not",
                        3, dropped, 0, 0, 0);
                assertEquals(bytes, snapshot.bytesWritten(), kit.clause("metrics: a dropped append writes no bytes"));
            }
        }
    }

    /**
     * Tests the clause <em>metrics: reset() zeroes every counter, and counting resumes from zero</em>.
     */
    @Test
    @DisplayName("metrics: reset() zeroes every counter, and counting resumes from zero")
    default void resetZeroesEveryCounter() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        for (LogKind log : LogKind.values()) {
            log.append(backend, log.record(0, kit.clock().now()));
        }
        Set<Capability> capabilities = backend.capabilities();
        if (capabilities.contains(Capability.SCAN)) {
            backend.scan();
        }
        if (capabilities.contains(Capability.RECOVERY)) {
            backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR));
        }
        if (capabilities.contains(Capability.COMPACTION)) {
            backend.compact();
        }
        Map<String, Object> before = kit.observableState(backend);
        backend.metrics().reset();
        assertEquals(MetricsSnapshot.empty(), backend.metrics().snapshot(),
                kit.clause("metrics: reset() zeroes every counter"));
        assertEquals(before, kit.observableState(backend), kit.clause("metrics: reset() does not touch the logs"));
        LogKind.DEAD_LETTERS.append(backend, LogKind.DEAD_LETTERS.record(1, kit.clock().now()));
        kit.assertCounters(backend, "records_written counts from zero after reset()", 1, 0, 0, 0, 0);
    }

    /**
     * Tests the clause <em>metrics: reset() after close zeroes records_dropped too</em>.
     */
    @Test
    @DisplayName("metrics: reset() after close zeroes records_dropped too")
    default void resetZeroesDropped() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, kit.clock().now()));
        backend.close();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(1, kit.clock().now()));
        kit.assertCounters(backend, "records_dropped counts an append after close", 1, 1, 0, 0, 0);
        backend.metrics().reset();
        assertEquals(MetricsSnapshot.empty(), backend.metrics().snapshot(),
                kit.clause("metrics: reset() zeroes every counter, records_dropped included"));
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(1, kit.clock().now()));
        kit.assertCounters(backend, "records_dropped counts from zero after reset()", 0, 1, 0, 0, 0);
    }

    /**
     * Tests the clause <em>metrics: a snapshot is a copy that later activity does not change</em>.
     */
    @Test
    @DisplayName("metrics: a snapshot is a copy that later activity does not change")
    default void snapshotIsACopy() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        MetricsSnapshot empty = backend.metrics().snapshot();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, kit.clock().now()));
        MetricsSnapshot one = backend.metrics().snapshot();
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(0, kit.clock().now()));
        backend.close();
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(1, kit.clock().now()));
        assertEquals(0, empty.recordsWritten(), kit.clause("metrics: an earlier snapshot keeps its records_written"));
        assertEquals(1, one.recordsWritten(), kit.clause("metrics: an earlier snapshot keeps its records_written"));
        assertEquals(0, one.recordsDropped(), kit.clause("metrics: an earlier snapshot keeps its records_dropped"));
        backend.metrics().reset();
        assertEquals(1, one.recordsWritten(), kit.clause("metrics: reset() does not change an earlier snapshot"));
        assertNotEquals(one, backend.metrics().snapshot(), kit.clause("metrics: a new snapshot sees later activity"));
    }

    /**
     * Tests the clause <em>metrics: asMap() has the eleven snake_case counters, equal to the accessors</em>.
     */
    @Test
    @DisplayName("metrics: asMap() has the eleven snake_case counters, equal to the accessors")
    default void snapshotAsMap() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, kit.clock().now()));
        backend.close();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(1, kit.clock().now()));
        MetricsSnapshot snapshot = backend.metrics().snapshot();
        Map<String, Long> map = snapshot.asMap();
        assertEquals(List.of("records_written", "bytes_written", "records_dropped", "scans", "anomalies_detected",
                "recoveries", "compactions", "write_errors", "scan_errors", "recovery_errors", "compaction_errors"),
                new ArrayList<>(map.keySet()), kit.clause("metrics: asMap() keys, in order"));
        List<Long> accessors = List.of(snapshot.recordsWritten(), snapshot.bytesWritten(), snapshot.recordsDropped(),
                snapshot.scans(), snapshot.anomaliesDetected(), snapshot.recoveries(), snapshot.compactions(),
                snapshot.writeErrors(), snapshot.scanErrors(), snapshot.recoveryErrors(), snapshot.compactionErrors());
        assertEquals(accessors, new ArrayList<>(map.values()), kit.clause("metrics: asMap() values equal the accessors"));
        assertEquals(1L, map.get("records_written"), kit.clause("metrics: asMap() records_written"));
        assertEquals(1L, map.get("records_dropped"), kit.clause("metrics: asMap() records_dropped"));
    }

    /**
     * Tests the clause <em>metrics: MetricsSnapshot.of(backend) equals metrics().snapshot(); metrics() is live</em>.
     */
    @Test
    @DisplayName("metrics: MetricsSnapshot.of(backend) equals metrics().snapshot(); metrics() is live")
    default void snapshotOfBackend() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        PersistenceMetrics metrics = backend.metrics();
        for (LogKind log : LogKind.values()) {
            log.append(backend, log.record(0, kit.clock().now()));
        }
        assertEquals(backend.metrics().snapshot(), MetricsSnapshot.of(backend),
                kit.clause("metrics: MetricsSnapshot.of(backend) equals metrics().snapshot()"));
        assertEquals(3, metrics.snapshot().recordsWritten(),
                kit.clause("metrics: a metrics() obtained earlier sees later appends"));
    }
}
