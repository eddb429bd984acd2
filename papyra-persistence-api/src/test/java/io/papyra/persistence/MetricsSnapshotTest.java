package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsSnapshotTest {

    /** The record components, in declaration order. */
    private static final List<String> FIELDS = List.of("recordsWritten", "bytesWritten", "recordsDropped", "scans",
            "anomaliesDetected", "recoveries", "compactions", "writeErrors", "scanErrors", "recoveryErrors",
            "compactionErrors");

    private static MetricsSnapshot snapshot(long... counters) {
        return new MetricsSnapshot(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5],
                counters[6], counters[7], counters[8], counters[9], counters[10]);
    }

    /** A snapshot whose counters are 1, 2, ..., 11 in declaration order. */
    private static MetricsSnapshot distinct() {
        return snapshot(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void negativeCounterIsRejectedNamingIt(int index) {
        long[] counters = new long[11];
        counters[index] = -3;

        Expect.iae(FIELDS.get(index) + " must be >= 0, was -3", () -> snapshot(counters));
    }

    @Test
    void asMapHasTheSnakeCaseNamesInOrderWithTheirValues() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("records_written", 1L);
        expected.put("bytes_written", 2L);
        expected.put("records_dropped", 3L);
        expected.put("scans", 4L);
        expected.put("anomalies_detected", 5L);
        expected.put("recoveries", 6L);
        expected.put("compactions", 7L);
        expected.put("write_errors", 8L);
        expected.put("scan_errors", 9L);
        expected.put("recovery_errors", 10L);
        expected.put("compaction_errors", 11L);

        Map<String, Long> map = distinct().asMap();

        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(map.entrySet()));
    }

    @Test
    void asMapIsUnmodifiable() {
        Map<String, Long> map = distinct().asMap();

        assertThrows(UnsupportedOperationException.class, () -> map.put("scans", 0L));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("scans"));
    }

    @Test
    void accessorsReturnTheirOwnCounter() {
        MetricsSnapshot s = distinct();

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
                List.of(s.recordsWritten(), s.bytesWritten(), s.recordsDropped(), s.scans(), s.anomaliesDetected(),
                        s.recoveries(), s.compactions(), s.writeErrors(), s.scanErrors(), s.recoveryErrors(),
                        s.compactionErrors()));
    }

    @Test
    void emptyIsAllZeros() {
        MetricsSnapshot empty = MetricsSnapshot.empty();

        assertEquals(snapshot(new long[11]), empty);
        assertEquals(11, empty.asMap().size());
        empty.asMap().forEach((name, value) -> assertEquals(0L, value, name));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(distinct(), distinct());
        assertEquals(distinct().hashCode(), distinct().hashCode());
        assertNotEquals(distinct(), snapshot(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12));
    }

    @Test
    void ofNullBackendIsEmpty() {
        assertSame(MetricsSnapshot.empty(), MetricsSnapshot.of(null));
    }

    @Test
    void ofBackendReturnsItsSnapshot() {
        PersistenceBackend backend = backendWithSnapshot(distinct());

        assertEquals(distinct(), MetricsSnapshot.of(backend));
    }

    @Test
    void ofBackendWithoutMetricsIsEmpty() {
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.metrics()).thenReturn(null);

        assertSame(MetricsSnapshot.empty(), MetricsSnapshot.of(backend));
    }

    @Test
    void ofBackendWhoseMetricsThrowIsEmpty() {
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.metrics()).thenThrow(new IllegalStateException("closed"));

        assertSame(MetricsSnapshot.empty(), MetricsSnapshot.of(backend));
    }

    @Test
    void ofBackendWhoseMetricsFailToLinkIsEmpty() {
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.metrics()).thenThrow(new NoClassDefFoundError("com/example/Missing"));

        assertSame(MetricsSnapshot.empty(), MetricsSnapshot.of(backend));
    }

    @Test
    void ofBackendWhoseSnapshotThrowsIsEmpty() {
        PersistenceMetrics metrics = mock(PersistenceMetrics.class);
        when(metrics.snapshot()).thenThrow(new UnsupportedOperationException("no counters"));
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.metrics()).thenReturn(metrics);

        assertSame(MetricsSnapshot.empty(), MetricsSnapshot.of(backend));
    }

    @Test
    void ofBackendWhoseSnapshotIsNullIsEmpty() {
        assertSame(MetricsSnapshot.empty(), MetricsSnapshot.of(backendWithSnapshot(null)));
    }

    @Test
    void plusWriteErrorsAddsToWriteErrorsOnly() {
        MetricsSnapshot plus = distinct().plusWriteErrors(100);

        assertEquals(snapshot(1, 2, 3, 4, 5, 6, 7, 108, 9, 10, 11), plus);
        assertEquals(distinct(), distinct().plusWriteErrors(0));
        assertEquals(8, distinct().writeErrors());
    }

    @Test
    void plusWriteErrorsRejectsANegativeAmount() {
        Expect.iae("extra must be >= 0, was -1", () -> distinct().plusWriteErrors(-1));
    }

    private static PersistenceBackend backendWithSnapshot(MetricsSnapshot snapshot) {
        PersistenceMetrics metrics = mock(PersistenceMetrics.class);
        when(metrics.snapshot()).thenReturn(snapshot);
        PersistenceBackend backend = mock(PersistenceBackend.class);
        when(backend.metrics()).thenReturn(metrics);
        return backend;
    }
}
