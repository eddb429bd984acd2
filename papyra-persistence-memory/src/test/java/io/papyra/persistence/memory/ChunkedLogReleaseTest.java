package io.papyra.persistence.memory;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a log lets go of, counted exactly through {@link ChunkedLog#held()} rather than through the
 * heap (which {@code RetentionBoundsMemoryTest} measures at scale): the slots and running sizes that
 * retention hides for good, the directories that index them, the records below a new start, and what
 * the stripes keep after a merge, whoever appends and whichever bound applies.
 */
class ChunkedLogReleaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Appends enough to cross many chunks of slots and many merges by writers. */
    private static final int APPENDS = 40 * ChunkedLog.CHUNK_SIZE;
    /** Records that may wait in the stripes: a writer merges once this many wait, when it opens a chunk. */
    private static final int MAY_WAIT = ChunkedLog.MERGE_BACKLOG + StripedAppender.STRIPE_CHUNK;
    /** A directory holds its chunks and at most a few empty entries: it never grows with the chunks ever used. */
    private static final int DIRECTORY_BOUND = 16;

    private final Instant[] now = {T0};
    private final InstantSource clock = () -> now[0];

    /** Records of the same size: a four-digit actor name. */
    private static EventRecord record(long second) {
        return new EventRecord("sys", String.format("a%04d", second % 10_000), "E", Map.of(), T0.plusSeconds(second));
    }

    static List<EventRecord> append(ChunkedLog<EventRecord> log, long from, long to) {
        List<EventRecord> added = new ArrayList<>();
        for (long s = from; s < to; s++) {
            EventRecord r = record(s);
            log.append(r);
            added.add(r);
        }
        return added;
    }

    private static void assertBoundedWithoutReads(ChunkedLog.Held held) {
        assertTrue(held.slotChunks() <= 2, () -> "slots beyond the window were not released: " + held);
        assertTrue(held.slotDirectory() <= DIRECTORY_BOUND, () -> "the slot directory grew with the appends: " + held);
        assertTrue(held.stripes().chunks() <= MAY_WAIT / StripedAppender.STRIPE_CHUNK + 1,
                () -> "writers did not merge: " + held);
        assertTrue(held.stripes().records() <= MAY_WAIT, () -> "writers did not merge: " + held);
    }

    @Test
    void aCountBoundAloneReleasesAsWritersAppendWithoutAnyRead() {
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxRecords(10), clock);
        List<EventRecord> all = append(log, 0, APPENDS);
        assertBoundedWithoutReads(log.held());
        assertEquals(all.subList(APPENDS - 10, APPENDS), log.read(Query.all()));
        ChunkedLog.Held afterRead = log.held();
        assertEquals(0, afterRead.stripes().records(), () -> "merged records are still referenced by the stripes: " + afterRead);
        assertEquals(1, afterRead.stripes().chunks(), () -> "only the chunk being written stays: " + afterRead);
    }

    @Test
    void aSizeBoundAloneReleasesSlotsAndRunningSizesWithoutAnyRead() {
        long size = record(0).sizeInBytes();
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxTotalBytes(100 * size), clock);
        List<EventRecord> all = append(log, 0, APPENDS);
        ChunkedLog.Held held = log.held();
        assertBoundedWithoutReads(held);
        assertTrue(held.sumChunks() <= 2, () -> "running sizes beyond the window were not released: " + held);
        assertTrue(held.sumDirectory() <= DIRECTORY_BOUND, () -> "the sums directory grew with the appends: " + held);
        assertEquals(all.subList(APPENDS - 100, APPENDS), log.read(Query.all()));
    }

    @Test
    void aLogWithoutCountOrSizeBoundKeepsEverything() {
        now[0] = T0.plusSeconds(APPENDS);
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxAge(Duration.ofDays(1)), clock);
        List<EventRecord> all = append(log, 0, 3 * ChunkedLog.CHUNK_SIZE);
        assertEquals(all, log.read(Query.all()), "the clock may go back: nothing is hidden for good");
        assertEquals(3, log.held().slotChunks());
    }

    @Test
    void aWriterThatMergedLetsGoOfTheMergeLockForReadersOfOtherThreads() throws Exception {
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxRecords(10), clock);
        List<EventRecord> all = new ArrayList<>();
        Thread writer = new Thread(() -> all.addAll(append(log, 0, 3L * ChunkedLog.MERGE_BACKLOG)));
        writer.start();
        writer.join(Duration.ofSeconds(30).toMillis());
        assertTrue(!writer.isAlive(), "the writer did not finish");
        assertTrue(log.held().stripes().records() <= MAY_WAIT, "the writer merged");
        List<EventRecord> read = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> log.read(Query.all()));
        assertEquals(all.subList(all.size() - 10, all.size()), read);
    }

    @Test
    void aWriterOnASharedStripeMergesToo() {
        StripedAppender[] appender = {null};
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxRecords(10), clock,
                relieve -> appender[0] = new StripedAppender(relieve));
        List<EventRecord> all = new ArrayList<>();
        for (long s = 0; s < APPENDS; s++) {
            EventRecord r = record(s);
            appender[0].appendVia(0, r);
            all.add(r);
        }
        assertBoundedWithoutReads(log.held());
        assertEquals(all.subList(APPENDS - 10, APPENDS), log.read(Query.all()));
    }

    @Test
    void aSharedStripeOfALogThatNeverReleasesOpensChunksQuietly() {
        StripedAppender[] appender = {null};
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none(), clock,
                relieve -> appender[0] = new StripedAppender(relieve));
        List<EventRecord> all = new ArrayList<>();
        for (long s = 0; s < 3 * StripedAppender.STRIPE_CHUNK; s++) {
            EventRecord r = record(s);
            appender[0].appendVia(0, r);
            all.add(r);
        }
        assertEquals(all, log.read(Query.all()));
    }

    @Test
    void compactionToTheMiddleOfAChunkLetsGoOfTheRecordsBeforeTheNewStart() throws InterruptedException {
        now[0] = T0.plusSeconds(1_500);
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(10)), clock);
        // Records 0 to 1,499: one chunk and half of the next; only weak references stay here.
        List<WeakReference<EventRecord>> dropped = new ArrayList<>();
        for (long s = 0; s < 1_500; s++) {
            EventRecord r = record(s);
            log.append(r);
            if (s == 100 || s == 1_100 || s == 1_489) { // in the first chunk, and in the one the new start is in
                dropped.add(new WeakReference<>(r));
            }
        }
        assertEquals(new ChunkedLog.Counts(1_500, 10), log.compact());
        assertEquals(1, log.held().slotChunks(), "the chunk before the new start is released");
        for (int i = 0; i < 20 && dropped.stream().anyMatch(ref -> ref.get() != null); i++) {
            System.gc(); // a full collection clears weak references to what nothing else holds
            Thread.sleep(0);
        }
        for (WeakReference<EventRecord> ref : dropped) {
            assertNull(ref.get(), () -> "a record before the new start is still reachable: " + ref.get());
        }
        List<EventRecord> kept = log.read(Query.all());
        assertEquals(10, kept.size());
        assertEquals(record(1_490), kept.get(0));
    }

    @Test
    void compactionOfEverythingUpToTheEndOfTheDirectoryReleasesEveryChunk() {
        int chunks = 8; // as many as a new directory has entries: the new start is just past its end
        now[0] = T0.plusSeconds(1_000_000);
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(1)), clock);
        append(log, 0, (long) chunks * ChunkedLog.CHUNK_SIZE);
        assertEquals(chunks, log.held().slotDirectory());
        assertEquals(new ChunkedLog.Counts((long) chunks * ChunkedLog.CHUNK_SIZE, 0), log.compact());
        ChunkedLog.Held held = log.held();
        assertEquals(0, held.slotChunks(), () -> "nothing is retained: " + held);
        List<EventRecord> next = append(log, 1_000_000, 1_000_003);
        assertEquals(next, log.read(Query.all()));
    }

    @Test
    void releasesWithoutReadsUnderAgeAndCountKeepWhatAnOlderTimestampCouldShowAgain() {
        int max = 4 * ChunkedLog.MERGE_BACKLOG; // more than the appends after the late record
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(max).withMaxAge(Duration.ofDays(365));
        now[0] = T0.plusSeconds(100_000);
        ChunkedLog<EventRecord> log = new ChunkedLog<>(policy, clock);
        List<EventRecord> all = append(log, 0, max + 100);
        EventRecord late = record(1_000); // older than the records before it
        log.append(late);
        all.add(late);
        // Appends, with no read, until the one that opens a stripe chunk with 4,096 records waiting
        // for the seventh time: a writer's merge, and a release that reaches into the records that
        // the late one's ageing shows again, is the last thing before the reads below.
        long total = 7L * ChunkedLog.MERGE_BACKLOG + 1;
        assertEquals(1, total % StripedAppender.STRIPE_CHUNK, "the last append opens a stripe chunk");
        all.addAll(append(log, max + 100, total - 1));
        assertEquals(policy.retain(all, now[0]), log.read(Query.all()));
        now[0] = T0.plus(Duration.ofDays(365)).plusSeconds(1_001); // the late record has aged out
        List<EventRecord> expected = policy.retain(all, now[0]);
        assertEquals(all.get(all.size() - max - 1), expected.get(0), "the reference shows a record from below the window");
        assertEquals(expected, log.read(Query.all()), "records below the count window show again");
    }
    @Test
    void aReleaseThatWritersCouldNotDoWhileAReaderCopiedIsDoneByTheNextRead() throws Exception {
        Thread[] writer = {null};
        List<EventRecord> all = new ArrayList<>();
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxRecords(10), clock) {
            @Override
            void linearRead() { // called while this read holds the read lock: a writer cannot release now
                if (writer[0] == null) {
                    // The writer's last append opens a chunk with a full backlog: it merges everything.
                    writer[0] = new Thread(() -> all.addAll(
                            ChunkedLogReleaseTest.append(this, 100, 101 + ChunkedLog.MERGE_BACKLOG)));
                    writer[0].start();
                    try {
                        writer[0].join(Duration.ofSeconds(10).toMillis());
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    assertTrue(!writer[0].isAlive(), "the writer waited for the reader");
                }
            }
        };
        all.addAll(append(log, 50, 52));
        EventRecord earlier = record(10); // a timestamp that goes backwards: reads by time take the linear path
        log.append(earlier);
        all.add(earlier);
        List<EventRecord> before = List.copyOf(all);
        assertEquals(before, log.read(Query.since(T0)), "the read returns what was appended before it");
        ChunkedLog.Held held = log.held();
        assertEquals(0, held.stripes().records(), () -> "the writer merged all it appended: " + held);
        assertTrue(held.slotChunks() > 2, () -> "the writer could not release while the read copied: " + held);
        assertEquals(all.subList(all.size() - 10, all.size()), log.read(Query.latest(10)));
        ChunkedLog.Held after = log.held();
        assertTrue(after.slotChunks() <= 2, () -> "the next read released what was overdue: " + after);
    }

    @Test
    void anAppendThatFailsAfterTheDirectoryMovedLeavesNoGap() {
        AppendFailureTest.Failing[] appender = {null};
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none().withMaxRecords(10), clock,
                relieve -> appender[0] = new AppendFailureTest.Failing(relieve));
        List<EventRecord> all = append(log, 0, APPENDS); // releases move the directory's first chunk
        assertEquals(all.subList(APPENDS - 10, APPENDS), log.read(Query.all()));
        appender[0].failAtStep = StripedAppender.STAMP_STORED; // its stamp is taken and never used
        try {
            log.append(record(APPENDS));
        } catch (AppendFailureTest.InjectedFailure expected) {
            // the append failed; the stamp it took stays unused
        }
        all.addAll(append(log, APPENDS + 1, APPENDS + 6));
        assertEquals(all.subList(all.size() - 10, all.size()), log.read(Query.all()));
    }
    @Test
    void anAppendThatFailsJustPastAFullDirectoryLeavesNoGap() {
        AppendFailureTest.Failing[] appender = {null};
        ChunkedLog<EventRecord> log = new ChunkedLog<>(RetentionPolicy.none(), clock,
                relieve -> appender[0] = new AppendFailureTest.Failing(relieve));
        long full = 8L * ChunkedLog.CHUNK_SIZE; // as many chunks as a new directory has entries
        List<EventRecord> all = append(log, 0, full);
        assertEquals(all, log.read(Query.all()));
        assertEquals(8, log.held().slotDirectory(), "every entry of the directory is in use");
        appender[0].failAtStep = StripedAppender.STAMP_STORED; // the next position, in no chunk yet
        try {
            log.append(record(full));
        } catch (AppendFailureTest.InjectedFailure expected) {
            // the append failed; the stamp it took stays unused
        }
        assertEquals(all, log.read(Query.all()), "the unused stamp is squeezed out");
        all.addAll(append(log, full + 1, full + 4));
        assertEquals(all, log.read(Query.all()));
    }

    @Test
    void aSizeBoundReadsTheRunningSizesUpToTheSlotBeforeACompactedStart() {
        // Compaction to the last slot of the first chunk: a size-bound read still needs the running
        // size of the slot before it, which is in that chunk.
        RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(1_000_000).withMaxAge(Duration.ofSeconds(100));
        now[0] = T0.plusSeconds(1_123); // keeps the records of seconds 1,023 and later
        ChunkedLog<EventRecord> log = new ChunkedLog<>(policy, clock);
        List<EventRecord> all = append(log, 0, 1_200);
        assertEquals(all.subList(1_023, 1_200), log.read(Query.all())); // running sizes from slot 0 on
        assertEquals(new ChunkedLog.Counts(1_200, 177), log.compact());
        assertEquals(all.subList(1_023, 1_200), log.read(Query.all()));
        assertEquals(all.subList(1_190, 1_200), log.read(Query.latest(10)));
    }
}
