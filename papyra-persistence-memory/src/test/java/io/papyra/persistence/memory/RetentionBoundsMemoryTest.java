package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention bounds memory: under count and size bounds the backend releases what they hide for
 * good as it goes, without a read or {@code compact()}, so its heap does not grow with the number
 * of appends.
 */
class RetentionBoundsMemoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MIB = 1 << 20;

    private static EventRecord event(int i) {
        return new EventRecord("orders", "local://1", "ActorStarted", Map.of(), T0.plusNanos(i));
    }

    @Test
    void recordsHiddenForGoodBecomeGarbageWithoutAReadOrCompaction() {
        for (RetentionPolicy policy : List.of(RetentionPolicy.none().withMaxRecords(1000),
                RetentionPolicy.none().withMaxTotalBytes(MIB),
                RetentionPolicy.none().withMaxRecords(1000).withMaxAge(Duration.ofDays(1)))) {
            InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults().withRetention(policy));
            WeakReference<EventRecord> first = appendFirstAndForgetIt(backend);
            for (int i = 1; i < 200_000; i++) {
                backend.recordEvent(event(i));
            }
            for (int i = 0; i < 20 && first.get() != null; i++) {
                System.gc();
            }
            assertNull(first.get(), "a record that " + policy + " hides for good is still reachable");
            assertEquals(200_000, backend.metrics().snapshot().recordsWritten(), "release is invisible to metrics");
            Reference.reachabilityFence(backend);
        }
    }

    private static WeakReference<EventRecord> appendFirstAndForgetIt(InMemoryPersistence backend) {
        EventRecord first = event(0);
        backend.recordEvent(first);
        return new WeakReference<>(first);
    }

    @Test
    void heapAfterManyAppendsWithNoReadStaysWithinTwoMebibytesOfTheRetainedRecords() {
        for (RetentionPolicy policy : List.of(RetentionPolicy.none().withMaxRecords(1000),
                RetentionPolicy.none().withMaxTotalBytes(MIB))) {
            long[] held = new long[2];
            int[] sizes = {1_000_000, 3_000_000};
            for (int round = 0; round < sizes.length; round++) {
                long empty = usedAfterGc();
                InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults().withRetention(policy));
                for (int i = 0; i < sizes[round]; i++) {
                    backend.recordEvent(event(i));
                }
                long filled = usedAfterGc();
                Reference.reachabilityFence(backend);
                int retained = backend.listEvents().size(); // only now: the measurement had no read
                long recordsAlone = heapOf(retained);
                held[round] = filled - empty - recordsAlone;
                assertTrue(held[round] <= 2 * MIB, policy + " after " + sizes[round] + " appends: the backend holds "
                        + (filled - empty) + " bytes, its " + retained + " records " + recordsAlone);
            }
            assertTrue(held[1] <= held[0] + MIB / 2, policy + ": grows with appends: " + held[0] + " then " + held[1]);
        }
    }

    /** Heap taken by {@code n} records like those appended. */
    private static long heapOf(int n) {
        long before = usedAfterGc();
        EventRecord[] records = new EventRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = event(i);
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(records);
        return Math.max(0, after - before - (16 + 4L * n));
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime(); // java.management is not in the module graph of these tests
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void releasesKeepReadsAndCompactionReportsAsWithoutThem() {
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(10);
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults().withRetention(policy));
        for (int i = 0; i < 50_000; i++) {
            backend.recordEvent(event(i));
        }
        List<EventRecord> read = backend.listEvents();
        assertEquals(10, read.size());
        assertEquals(event(49_999), read.get(9));
        var report = backend.compact();
        assertEquals(50_000, report.recordsBefore(), "records released as they went are reported as removed by compaction");
        assertEquals(10, report.recordsAfter());
        assertEquals(10, backend.compact().recordsBefore());
    }
}
