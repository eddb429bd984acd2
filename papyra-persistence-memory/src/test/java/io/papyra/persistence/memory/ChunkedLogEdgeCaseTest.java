package io.papyra.persistence.memory;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paths of the chunked log that random sequences reach only rarely: a compacted prefix in front of
 * the live chunks, the fast path and when the linear one is taken, and the release of memory.
 */
class ChunkedLogEdgeCaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant[] now = {T0};
    private final InstantSource clock = () -> now[0];

    private static EventRecord at(String actor, long second) {
        return new EventRecord("sys", actor, "E", Map.of(), T0.plusSeconds(second));
    }

    /** A log that counts its reads on the linear path. */
    private static final class CountingLog extends ChunkedLog<EventRecord> {
        private long linear;

        CountingLog(RetentionPolicy policy, InstantSource clock) {
            super(policy, clock);
        }

        @Override
        void linearRead() {
            linear++;
        }

        long linearReads() {
            return linear;
        }
    }

    private CountingLog log(RetentionPolicy policy) {
        return new CountingLog(policy, clock);
    }

    private static List<EventRecord> appendSeconds(ChunkedLog<EventRecord> log, long from, long to) {
        List<EventRecord> added = new ArrayList<>();
        for (long s = from; s < to; s++) {
            EventRecord record = at("a" + s, s);
            log.append(record);
            added.add(record);
        }
        return added;
    }

    @Test
    void aCompactedPrefixFollowedByAnEarlierTimestampIsReadOnTheLinearPath() {
        now[0] = T0.plusSeconds(108);
        CountingLog log = log(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)));
        EventRecord kept = at("a", 10);
        log.append(kept);
        log.append(at("b", 5)); // backwards, and older than the cutoff (8 s): compacted away
        assertEquals(new ChunkedLog.Counts(2, 1), log.compact());
        EventRecord earlier = at("c", 9); // before the prefix's last timestamp
        log.append(earlier);

        assertEquals(List.of(kept, earlier), log.read(Query.all()));
        assertEquals(List.of(kept), log.read(Query.since(T0.plusMillis(9_500))));
        assertEquals(List.of(kept, earlier), log.read(Query.since(T0.plusSeconds(9))));
        assertTrue(log.linearReads() > 0, "out-of-order timestamps take the linear path");
    }

    @Test
    void anOrderedPrefixAndLiveChunksAreSearchedAsOneLog() {
        now[0] = T0.plusSeconds(108);
        EventRecord a = at("a", 10);
        EventRecord c = at("c", 20);
        long each = a.sizeInBytes();
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)).withMaxTotalBytes(3 * each);
        CountingLog log = log(policy);
        log.append(a);
        log.append(at("b", 5)); // out of order and aged out: compaction copies [a, c] into a prefix
        log.append(c);
        assertEquals(new ChunkedLog.Counts(3, 2), log.compact());
        EventRecord d = at("d", 30);
        EventRecord e = at("e", 40);
        log.append(d);
        log.append(e);
        long linearBefore = log.linearReads();

        assertEquals(List.of(c, d, e), log.read(Query.all()), "size retention cuts inside the prefix");
        assertEquals(List.of(d, e), log.read(Query.since(T0.plusSeconds(25))), "since lands in the live part");
        assertEquals(List.of(c, d, e), log.read(Query.since(T0.plusSeconds(15))), "since lands in the prefix");
        assertEquals(List.of(e), log.read(Query.since(T0.plusSeconds(21)).withLimit(1)));
        now[0] = T0.plusSeconds(125); // cutoff 25 s: the age bound now cuts at the live start
        assertEquals(List.of(d, e), log.read(Query.all()));
        assertEquals(linearBefore, log.linearReads(), "an ordered prefix followed by later records stays on the fast path");
    }

    @Test
    void compactionCanKeepPartOfAPrefix() {
        now[0] = T0.plusSeconds(108);
        CountingLog log = log(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)).withMaxRecords(3));
        EventRecord a = at("a", 10);
        EventRecord c = at("c", 20);
        log.append(a);
        log.append(at("b", 5));
        log.append(c);
        log.compact(); // prefix [a, c]
        EventRecord d = at("d", 30);
        EventRecord e = at("e", 40);
        log.append(d);
        log.append(e);
        assertEquals(List.of(c, d, e), log.read(Query.all()));
        assertEquals(new ChunkedLog.Counts(4, 3), log.compact(), "drops a: the first record of the prefix only");
        assertEquals(List.of(c, d, e), log.read(Query.all()));
        assertEquals(List.of(e), log.read(Query.latest(1)));
    }

    @Test
    void aPrefixWhoseOwnTimestampsGoBackwardsIsReadLinearly() {
        now[0] = T0.plusSeconds(103);
        CountingLog log = log(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)));
        EventRecord a = at("a", 10);
        EventRecord b = at("b", 5);
        log.append(a);
        log.append(b);
        log.append(at("c", 1)); // aged out: compaction keeps [a, b], which goes backwards
        log.compact();
        EventRecord d = at("d", 30);
        log.append(d);
        assertEquals(List.of(a, d), log.read(Query.since(T0.plusSeconds(7))));
        assertEquals(List.of(a, b, d), log.read(Query.since(T0.plusSeconds(4))));
    }

    @Test
    void orderedLogsStayOnTheFastPathAndOneBackwardsRecordLeavesItUntilCompacted() {
        CountingLog log = log(RetentionPolicy.none().withMaxRecords(5));
        appendSeconds(log, 0, 3000);
        log.read(Query.since(T0.plusSeconds(2990)));
        log.read(Query.latest(3));
        assertEquals(0, log.linearReads(), "ordered timestamps: binary search, no linear scan");

        EventRecord late = at("late", 1); // earlier than its predecessor
        log.append(late);
        List<EventRecord> tail = log.read(Query.since(T0.plusSeconds(2998)));
        assertEquals(List.of(at("a2998", 2998), at("a2999", 2999)), tail);
        assertEquals(1, log.linearReads());
        log.read(Query.latest(2));
        assertEquals(1, log.linearReads(), "reads by position ignore the order of timestamps");

        appendSeconds(log, 3000, 3010);
        log.compact(); // maxRecords 5 drops the backwards record
        log.read(Query.since(T0.plusSeconds(3007)));
        assertEquals(1, log.linearReads(), "after compaction dropped it, reads by time are fast again");
    }

    @Test
    void appendsAloneReleaseTheChunksAndRunningSizesThatRetentionHidesForGood() {
        int chunk = ChunkedLog.CHUNK_SIZE;
        CountingLog log = log(RetentionPolicy.none().withMaxRecords(10).withMaxTotalBytes(1_000_000));
        List<EventRecord> all = appendSeconds(log, 0, 12L * chunk); // more chunks than the index starts with
        ChunkedLog.Held held = log.held();
        assertTrue(held.slotChunks() <= 2 && held.sumChunks() <= 2, "no read yet, and the writer released: " + held);
        assertEquals(all.subList(all.size() - 10, all.size()), log.read(Query.all()));
        assertEquals(new ChunkedLog.Counts(12L * chunk, 10), log.compact(), "released records count as compacted");
        assertEquals(1, log.held().slotChunks(), "only the chunk holding the survivors stays");
        assertEquals(1, log.held().sumChunks(), "only the running sizes of the survivors stay");
        assertEquals(all.subList(all.size() - 10, all.size()), log.read(Query.all()));
        appendSeconds(log, 12L * chunk, 12L * chunk + 2 * chunk);
        assertEquals(10, log.read(Query.all()).size());
        assertEquals(new ChunkedLog.Counts(2L * chunk + 10, 10), log.compact());
    }

    @Test
    void aReleaseReachingIntoACompactedPrefixKeepsWhatAnOlderTimestampAboveItCouldShowAgain() {
        int chunk = ChunkedLog.CHUNK_SIZE;
        int max = 2 * chunk;
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(max).withMaxAge(Duration.ofDays(365));
        now[0] = T0.plusSeconds(10L * chunk);
        CountingLog log = log(policy);
        List<EventRecord> all = appendSeconds(log, 0, max + 100);
        EventRecord late = at("late", 1000); // older than the max records before it
        log.append(late);
        all.add(late);
        assertEquals(new ChunkedLog.Counts(max + 101, max), log.compact());
        List<EventRecord> kept = new ArrayList<>(policy.retain(all, now[0])); // now the copied prefix
        // More than a chunk of appends: the next merge releases what count retention hides for good.
        // The newer records [w, n) that hide a record by count include the late one; only records
        // at or before its timestamp stay hidden at every clock, the others are kept.
        kept.addAll(appendSeconds(log, max + 100, max + 200 + chunk));
        assertEquals(policy.retain(kept, now[0]), log.read(Query.all()));
        // At a clock that ages out the late record, records below the window show again.
        now[0] = T0.plus(Duration.ofDays(365)).plusSeconds(1001);
        List<EventRecord> expected = policy.retain(kept, now[0]);
        assertEquals(at("a1224", 1224), expected.get(0), "the reference shows a record from below the window");
        assertEquals(expected, log.read(Query.all()));
        assertEquals(expected.subList(expected.size() - 10, expected.size()), log.read(Query.latest(10)));
        assertEquals(new ChunkedLog.Counts(kept.size(), max), log.compact(),
                "released records are reported as compacted, as if compaction had removed them");
        assertEquals(expected, log.read(Query.all()));
    }

    @Test
    void compactionReleasesTheChunksAndRunningSizesBelowTheNewStart() {
        int chunk = ChunkedLog.CHUNK_SIZE;
        now[0] = T0.plusSeconds(12L * chunk);
        // Age retention alone hides nothing for good: only compaction releases.
        CountingLog log = log(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(5)));
        List<EventRecord> all = appendSeconds(log, 0, 12L * chunk);
        assertEquals(all.subList(all.size() - 5, all.size()), log.read(Query.all()));
        assertEquals(12, log.held().slotChunks());
        assertEquals(new ChunkedLog.Counts(12L * chunk, 5), log.compact());
        assertEquals(1, log.held().slotChunks(), "only the chunk holding the survivors stays");
        assertEquals(all.subList(all.size() - 5, all.size()), log.read(Query.all()));
    }

    @Test
    void anAgeCutoffThatMovesAcrossManyRecordsFindsExactlyTheFirstOneKept() {
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100));
        CountingLog log = log(policy);
        List<EventRecord> all = appendSeconds(log, 0, 1000);
        // Each read starts from the last window: the cutoff moves by 0, 1, 2, 7, 40, 250... records.
        for (long second : new long[] {100, 100, 101, 103, 110, 150, 400, 401, 999, 1099, 1100}) {
            now[0] = T0.plusSeconds(second);
            assertEquals(policy.retain(all, now[0]), log.read(Query.all()), "at second " + second);
        }
        assertEquals(0, log.linearReads());
    }

    @Test
    void aSizeBoundThatTheNewestRecordsFillExactlyKeepsThemAll() {
        long size = at("a0", 0).sizeInBytes(); // a0 to a9: records of one size
        RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(3 * size);
        for (int n = 1; n <= 10; n++) {
            CountingLog log = log(policy);
            List<EventRecord> all = appendSeconds(log, 0, n);
            assertEquals(all.subList(Math.max(0, n - 3), n), log.read(Query.all()), n + " records");
        }
    }

    @Test
    void theLastRetentionWindowIsNotReusedWhenTheClockGoesBack() {
        CountingLog log = log(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)));
        List<EventRecord> all = appendSeconds(log, 0, 300);
        now[0] = T0.plusSeconds(299);
        assertEquals(all.subList(199, 300), log.read(Query.all()));
        now[0] = T0.plusSeconds(250); // set back: records that had aged out are visible again
        assertEquals(all.subList(150, 300), log.read(Query.all()));
        now[0] = T0.plusSeconds(280);
        assertEquals(all.subList(180, 300), log.read(Query.all()));
    }

    @Test
    void theLastRetentionWindowIsNotReusedAcrossACompaction() {
        now[0] = T0.plusSeconds(999);
        CountingLog log = log(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)));
        List<EventRecord> all = new ArrayList<>(appendSeconds(log, 0, 1000));
        assertEquals(all.subList(899, 1000), log.read(Query.all())); // window [899, 1000) of the old base
        log.compact(); // the log now starts at the 899th record: its index 0
        all.addAll(appendSeconds(log, 1000, 2000)); // grows past the old window's end, same cutoff
        assertEquals(all.subList(899, 2000), log.read(Query.all()));
        assertEquals(all.subList(1990, 2000), log.read(Query.latest(10)));
    }

    @Test
    void compactedRecordsBecomeGarbage() throws InterruptedException {
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults()
                .withRetention(RetentionPolicy.none().withMaxRecords(10)));
        WeakReference<EventRecord> oldest = appendAndForgetTheFirst(backend, 20 * StripedAppender.STRIPE_CHUNK);
        assertEquals(10, backend.listEvents().size());
        backend.compact();
        for (int i = 0; i < 20 && oldest.get() != null; i++) {
            System.gc(); // a full collection clears weak references to what nothing else holds
            Thread.onSpinWait();
        }
        assertNull(oldest.get(), "a compacted record is still reachable from the backend");
        assertEquals(10, backend.listEvents().size());
    }

    /** Appends {@code count} events and returns a weak reference to the first, which only the backend holds. */
    private static WeakReference<EventRecord> appendAndForgetTheFirst(InMemoryPersistence backend, int count) {
        EventRecord first = at("first", 0);
        backend.recordEvent(first);
        for (int i = 1; i < count; i++) {
            backend.recordEvent(at("a" + i, i));
        }
        return new WeakReference<>(first);
    }

    @Test
    void byteRetentionOverManyChunksAgreesWithTheReference() {
        RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(500_000);
        CountingLog log = log(policy);
        List<EventRecord> all = appendSeconds(log, 0, 20L * ChunkedLog.CHUNK_SIZE);
        assertEquals(policy.retain(all, now[0]), log.read(Query.all()));
        log.compact();
        assertEquals(policy.retain(all, now[0]), log.read(Query.all()));
    }

    @Test
    void clearEmptiesTheThreeLogsAndReleasesTheirChunks() {
        InMemoryPersistence backend = new InMemoryPersistence();
        for (int i = 0; i < 3 * ChunkedLog.CHUNK_SIZE; i++) {
            backend.recordEvent(at("a", i));
            backend.recordAudit(new AuditRecord("sys", T0, 1, 1, 0, 0, 1, List.of(), List.of(), 0));
            backend.recordDeadLetter(new DeadLetterRecord("sys", null, "M", Map.of(), T0));
        }
        assertEquals(3 * ChunkedLog.CHUNK_SIZE, backend.listAudits().size());
        backend.clear();
        assertEquals(List.of(), backend.listEvents());
        assertEquals(List.of(), backend.listAudits());
        assertEquals(List.of(), backend.listDeadLetters());
        assertEquals(9L * ChunkedLog.CHUNK_SIZE, backend.metrics().snapshot().recordsWritten(), "metrics are kept");
        backend.recordEvent(at("after", 1));
        assertEquals(List.of(at("after", 1)), backend.listEvents());
        assertTrue(backend.toString().startsWith("InMemoryPersistence["));
        assertFalse(backend.toString().contains("read-only"), backend::toString);
        backend.close();
        assertTrue(backend.toString().contains("closed"));
    }
}
