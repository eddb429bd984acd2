package io.papyra.persistence.tck;

import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.papyra.persistence.tck.Fixture.CONCURRENCY_TIMEOUT;
import static io.papyra.persistence.tck.Fixture.HAND_OFF_ORDER;
import static io.papyra.persistence.tck.Fixture.HAND_OFF_THREADS;
import static io.papyra.persistence.tck.Fixture.RECORDS_PER_WRITER;
import static io.papyra.persistence.tck.Fixture.WRITERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kit's tests of the backend under several threads: concurrent writers lose nothing and keep
 * each writer's order; an append that returned before another started is read before it, whichever
 * threads made them; a read sees every append that returned before it started; reads and metrics
 * during appends see consistent prefixes; {@code records_written} counts every one of many
 * concurrent appends exactly; {@code close()} racing with writers throws nothing and every append is
 * either written or dropped.
 *
 * <p>Every test starts its own threads, hands work between them with latches, barriers and futures
 * (never sleeps) and joins them before it returns; each wait is bounded, so a backend that
 * deadlocks fails the test instead of hanging the build.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface ConcurrencyContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>concurrency: concurrent writers to the three logs lose nothing and keep each writer's order</em>.
     *
     * @throws Exception if the test thread is interrupted while it waits for the threads it started
     */
    @Test
    @DisplayName("concurrency: concurrent writers to the three logs lose nothing and keep each writer's order")
    default void concurrentWritersLoseNothing() throws Exception {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, daemonThreads("writer"));
        try {
            List<Future<?>> writers = startWriters(pool, backend, start, t);
            for (Future<?> writer : writers) {
                await(writer, "a writer");
            }
        } finally {
            pool.shutdownNow();
        }
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            assertEquals(WRITERS * RECORDS_PER_WRITER, records.size(),
                    kit.clause("concurrency: every concurrent append of " + log + " is kept"));
            int[] counts = assertWritersPrefixes(records, log, "after the writers finished");
            for (int w = 0; w < WRITERS; w++) {
                assertEquals(RECORDS_PER_WRITER, counts[w], kit.clause("concurrency: each of writer " + w + "'s " + log
                        + " is present exactly once, in that writer's order"));
            }
        }
        kit.assertCounters(backend, "records_written counts every concurrent append",
                3L * WRITERS * RECORDS_PER_WRITER, 0, 0, 0, 0);
    }

    /**
     * Tests the clause <em>concurrency: a read sees every append that returned before it started, in any thread</em>.
     *
     * @throws Exception if the test thread is interrupted while it waits for the threads it started
     */
    @Test
    @DisplayName("concurrency: a read sees every append that returned before it started, in any thread")
    default void readsSeeEveryAppendThatReturnedBeforeThem() throws Exception {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        int appends = 1_000;
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, daemonThreads("read-your-writes"));
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    for (int i = 0; i < appends; i++) {
                        // Other writers append meanwhile; some of them may have started earlier and not finished.
                        PersistenceRecord own = LogKind.EVENTS.tagged(writer, i, t.plusMillis(i));
                        LogKind.EVENTS.append(backend, own);
                        List<? extends PersistenceRecord> seen = LogKind.EVENTS.read(backend, Query.since(t.plusMillis(i)));
                        assertTrue(seen.contains(own), kit.clause("concurrency: a read sees the reader's own append, "
                                + "which returned before the read started (writer " + writer + ", append " + i + ")"));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                await(writer, "a writer that reads its own appends");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Tests the clause <em>concurrency: an append that returned before another started is read before
     * it, whichever threads made them</em>. Appends are handed from thread to thread, each waiting for
     * the one before to return (no two run at once), so the expected order is the order of the
     * hand-offs; the reads run on every thread.
     *
     * @throws Exception if the test thread is interrupted while it waits for the threads it started
     */
    @Test
    @DisplayName("concurrency: an append that returned before another started is read before it, whichever "
            + "threads made them")
    default void appendsHandedBetweenThreadsKeepInsertionOrder() throws Exception {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        Map<LogKind, List<PersistenceRecord>> expected = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            expected.put(log, new ArrayList<>());
        }
        List<ExecutorService> threads = new ArrayList<>();
        try {
            for (int i = 0; i < HAND_OFF_THREADS.length(); i++) {
                threads.add(Executors.newSingleThreadExecutor(daemonThreads("hand-off-" + (char) ('A' + i))));
            }
            for (int i = 0; i < HAND_OFF_ORDER.length(); i++) {
                LogKind log = LogKind.values()[i % 3];
                PersistenceRecord record = log.tagged(HAND_OFF_ORDER.charAt(i) - 'A', i, t.plusMillis(i % 7));
                await(threads.get(HAND_OFF_ORDER.charAt(i) - 'A').submit(() -> log.append(backend, record)),
                        "a handed-off append");
                expected.get(log).add(record);
            }
            for (ExecutorService thread : threads) {
                await(thread.submit(() -> assertHandOffOrder(backend, expected, t)), "a read after the hand-offs");
            }
        } finally {
            threads.forEach(ExecutorService::shutdownNow);
        }
        assertHandOffOrder(backend, expected, t);
    }

    /** Asserts that each log reads back {@code expected}, whole and in part, in the order of the hand-offs. */
    private void assertHandOffOrder(PersistenceBackend backend, Map<LogKind, List<PersistenceRecord>> expected,
                                    Instant t) {
        Fixture kit = kit();
        String thread = Thread.currentThread().getName();
        for (LogKind log : LogKind.values()) {
            List<PersistenceRecord> records = expected.get(log);
            assertEquals(records, log.read(backend, Query.all()), kit.clause("concurrency: " + log + " appended on "
                    + "threads " + HAND_OFF_ORDER + " in turn, each after the one before returned, read back in that "
                    + "order (read on " + thread + ")"));
            assertEquals(records.subList(records.size() - 4, records.size()), log.read(backend, Query.latest(4)),
                    kit.clause("concurrency: the latest 4 " + log + " appended on several threads in turn are the last "
                            + "4 handed off, in that order (read on " + thread + ")"));
            List<PersistenceRecord> since = new ArrayList<>(records);
            since.removeIf(record -> record.timestamp().isBefore(t.plusMillis(3)));
            assertEquals(since, log.read(backend, Query.since(t.plusMillis(3))), kit.clause("concurrency: a since read "
                    + "of " + log + " appended on several threads in turn keeps the order of the hand-offs (read on "
                    + thread + ")"));
        }
    }

    /**
     * Tests the clause <em>concurrency: records_written counts every one of millions of appends made
     * by 4 threads at once, exactly</em>: a counter that is not updated atomically loses counts under
     * contention, rarely per append, so the test makes many: {@link PersistenceBackendTck#COUNTED_APPENDS_SETTING}
     * per writer. The writers start together at a barrier, each on a different log at any moment;
     * each appends one record of its own per log, again and again, so that the backend stores
     * references rather than millions of records.
     *
     * @throws Exception if the test thread is interrupted while it waits for the threads it started
     */
    @Test
    @DisplayName("concurrency: records_written counts every one of millions of appends made by 4 threads at once, "
            + "exactly")
    default void concurrentAppendsAreCountedExactly() throws Exception {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        int appends = kit.countedAppends();
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, daemonThreads("counted-writer"));
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    appendRepeatedly(backend, writer, appends, t);
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                await(writer, "a writer of " + appends + " appends");
            }
        } finally {
            pool.shutdownNow();
        }
        kit.assertCounters(backend, "records_written counts every one of " + (long) WRITERS * appends + " appends made "
                + "by " + WRITERS + " threads at once", (long) WRITERS * appends, 0, 0, 0, 0);
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            for (int w = 0; w < WRITERS; w++) {
                PersistenceRecord own = log.tagged(w, 0, t);
                long kept = records.stream().filter(own::equals).count();
                assertEquals(appendsOf(log, w, appends), kept, kit.clause("concurrency: every one of the "
                        + appendsOf(log, w, appends) + " " + log + " that writer " + w + " appended is kept"));
            }
        }
    }

    /** How many of writer {@code writer}'s {@code appends} go to {@code log}: see {@link #appendRepeatedly}. */
    private static long appendsOf(LogKind log, int writer, int appends) {
        int first = Math.floorMod(log.ordinal() - writer, LogKind.values().length);
        return Math.max(0, (appends - first + 2) / 3);
    }

    /**
     * A writer of {@link #concurrentAppendsAreCountedExactly()}: appends its own record of each log in
     * turn, starting at the log of its number, so that the writers append to different logs at once.
     */
    private static void appendRepeatedly(PersistenceBackend backend, int writer, int appends, Instant t) {
        LogKind[] logs = LogKind.values();
        PersistenceRecord[] own = new PersistenceRecord[logs.length];
        for (LogKind log : logs) {
            own[log.ordinal()] = log.tagged(writer, 0, t);
        }
        for (int i = 0; i < appends; i++) {
            LogKind log = logs[(i + writer) % logs.length];
            log.append(backend, own[log.ordinal()]);
        }
    }

    /**
     * Tests the clause <em>concurrency: reads and metrics snapshots during concurrent appends see consistent prefixes</em>.
     *
     * @throws Exception if the test thread is interrupted while it waits for the threads it started
     */
    @Test
    @DisplayName("concurrency: reads and metrics snapshots during concurrent appends see consistent prefixes")
    default void concurrentReadsSeePrefixes() throws Exception {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        int readers = 2;
        long total = 3L * WRITERS * RECORDS_PER_WRITER;
        CyclicBarrier start = new CyclicBarrier(WRITERS + readers);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + readers, daemonThreads("reader-writer"));
        try {
            List<Future<?>> writers = startWriters(pool, backend, start, t);
            List<Future<?>> readerTasks = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                readerTasks.add(pool.submit(() -> {
                    start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    readWhileWriting(backend, writing, reads, total);
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                await(writer, "a writer");
            }
            writing.set(false);
            for (Future<?> reader : readerTasks) {
                await(reader, "a reader");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(reads.get() >= readers, kit.clause("concurrency: each reader read at least once"));
        assertEveryWriterComplete(backend, "is kept while readers read");
        kit.assertCounters(backend, "records_written counts every append made while readers read", total, 0, 0, 0, 0);
    }

    /**
     * A reader of {@link #concurrentReadsSeePrefixes()}: reads the three logs and the counters until
     * {@code writing} is false, then once more, asserting that each read is a consistent prefix.
     */
    private void readWhileWriting(PersistenceBackend backend, AtomicBoolean writing, AtomicInteger reads, long total) {
        Fixture kit = kit();
        Map<LogKind, Integer> previousSizes = new EnumMap<>(LogKind.class);
        long previousWritten = 0;
        boolean last = false;
        while (!last) {
            last = !writing.get();
            for (LogKind log : LogKind.values()) {
                List<? extends PersistenceRecord> snapshot = log.read(backend, Query.all());
                assertNotNull(snapshot, kit.clause("concurrency: a read during appends returns a list"));
                assertTrue(snapshot.size() >= previousSizes.getOrDefault(log, 0),
                        kit.clause("concurrency: a later read never sees fewer " + log));
                previousSizes.put(log, snapshot.size());
                assertWritersPrefixes(snapshot, log, "during appends");
                List<? extends PersistenceRecord> latest = log.read(backend, Query.latest(50));
                assertTrue(latest.size() <= 50, kit.clause("concurrency: a limited read returns at most the limit"));
                assertWritersRuns(latest, log);
            }
            MetricsSnapshot metrics = backend.metrics().snapshot();
            assertNotNull(metrics, kit.clause("concurrency: a metrics snapshot during appends is not null"));
            assertTrue(metrics.recordsWritten() >= previousWritten && metrics.recordsWritten() <= total,
                    kit.clause("concurrency: records_written never goes down and never exceeds the appends "
                            + "attempted (" + total + "), was " + metrics.recordsWritten() + " after "
                            + previousWritten));
            assertEquals(0, metrics.recordsDropped() + metrics.writeErrors(),
                    kit.clause("concurrency: nothing is dropped or failed while the backend is open"));
            previousWritten = metrics.recordsWritten();
            reads.incrementAndGet();
        }
    }

    /** Asserts that every writer's {@link Fixture#RECORDS_PER_WRITER} records of each log are there, in order. */
    private void assertEveryWriterComplete(PersistenceBackend backend, String what) {
        Fixture kit = kit();
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            int[] counts = assertWritersPrefixes(records, log, "after the writers finished");
            for (int w = 0; w < WRITERS; w++) {
                assertEquals(RECORDS_PER_WRITER, counts[w], kit.clause("concurrency: every append of writer " + w
                        + " to " + log + " " + what));
            }
        }
    }

    /**
     * Tests the clause <em>concurrency: close() racing with writers throws nothing; every append is either written or dropped</em>.
     *
     * @throws Exception if the test thread is interrupted while it waits for the threads it started
     */
    @Test
    @DisplayName("concurrency: close() racing with writers throws nothing; every append is either written or dropped")
    default void closeRacingWithWriters() throws Exception {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Instant t = kit.clock().now();
        int closers = 2;
        int afterClose = 5;
        CountDownLatch underWay = new CountDownLatch(WRITERS);
        CountDownLatch closed = new CountDownLatch(closers);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + closers, daemonThreads("writer-closer"));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    appendAcrossClose(backend, writer, afterClose, underWay, closed, t);
                    return null;
                }));
            }
            for (int c = 0; c < closers; c++) {
                tasks.add(pool.submit(() -> {
                    assertTrue(underWay.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                            kit.clause("concurrency: the writers got under way"));
                    try {
                        backend.close();
                    } finally {
                        closed.countDown();
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                await(task, "a writer or closer");
            }
        } finally {
            pool.shutdownNow();
        }
        assertWrittenOrDropped(backend, 3L * WRITERS * (RECORDS_PER_WRITER + afterClose), 3L * WRITERS * afterClose);
    }

    /**
     * A writer of {@link #closeRacingWithWriters()}: appends {@link Fixture#RECORDS_PER_WRITER} tagged
     * records to each log, counting down {@code underWay} a quarter of the way, then waits for the
     * closers and appends {@code afterClose} more.
     */
    private void appendAcrossClose(PersistenceBackend backend, int writer, int afterClose, CountDownLatch underWay,
                                   CountDownLatch closed, Instant t) throws InterruptedException {
        for (int i = 0; i < RECORDS_PER_WRITER + afterClose; i++) {
            if (i == RECORDS_PER_WRITER / 4) {
                underWay.countDown();
            }
            if (i == RECORDS_PER_WRITER) {
                assertTrue(closed.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                        kit().clause("concurrency: the closers finished"));
            }
            for (LogKind log : LogKind.values()) {
                log.append(backend, log.tagged(writer, i, t.plusMillis(i)));
            }
        }
    }

    /**
     * Asserts what {@link #closeRacingWithWriters()} requires once writers and closers are done:
     * every one of {@code attempted} appends written or dropped, at least {@code droppedAtLeast}
     * dropped, and exactly the written ones visible, each writer's a prefix of what it appended.
     */
    private void assertWrittenOrDropped(PersistenceBackend backend, long attempted, long droppedAtLeast) {
        Fixture kit = kit();
        assertTrue(backend.isClosed(), kit.clause("close: isClosed() is true after concurrent close() calls"));
        MetricsSnapshot metrics = backend.metrics().snapshot();
        assertEquals(attempted, metrics.recordsWritten() + metrics.recordsDropped(), kit.clause("concurrency: with "
                + "close() racing, records_written (" + metrics.recordsWritten() + ") + records_dropped ("
                + metrics.recordsDropped() + ") = the appends attempted"));
        assertTrue(metrics.recordsDropped() >= droppedAtLeast,
                kit.clause("concurrency: every append started after close() returned is dropped and counted"));
        long visible = 0;
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            int[] counts = assertWritersPrefixes(records, log, "after a close() that raced with the writers");
            for (int w = 0; w < WRITERS; w++) {
                assertTrue(counts[w] <= RECORDS_PER_WRITER, kit.clause("concurrency: no append of writer " + w
                        + " started after close() returned is visible in " + log));
                visible += counts[w];
            }
        }
        assertEquals(metrics.recordsWritten(), visible, kit.clause("concurrency: with close() racing, every append "
                + "counted in records_written is visible, and no other"));
    }

    private int[] assertWritersPrefixes(List<? extends PersistenceRecord> records, LogKind log, String when) {
        Fixture kit = kit();
        int[] next = new int[WRITERS];
        for (PersistenceRecord record : records) {
            assertNotNull(record, kit.clause("concurrency: a read " + when + " holds no null"));
            int writer = LogKind.writerOf(record);
            assertTrue(writer >= 0 && writer < WRITERS, kit.clause("concurrency: a read " + when + " holds only appended "
                    + log + ", found " + record));
            assertEquals(next[writer], LogKind.seqOf(record), kit.clause("concurrency: a read " + when + " sees a prefix "
                    + "of the log: writer " + writer + "'s " + log + " exactly once each, without gaps, in order"));
            assertEquals(log.tagged(writer, next[writer], kit.clock().now().plusMillis(next[writer])), record,
                    kit.clause("concurrency: a read " + when + " returns each " + log + " record whole"));
            next[writer]++;
        }
        return next;
    }

    private void assertWritersRuns(List<? extends PersistenceRecord> records, LogKind log) {
        Fixture kit = kit();
        int[] previous = new int[WRITERS];
        Arrays.fill(previous, -1);
        for (PersistenceRecord record : records) {
            assertNotNull(record, kit.clause("concurrency: a limited read during appends holds no null"));
            int writer = LogKind.writerOf(record);
            int seq = LogKind.seqOf(record);
            assertTrue(previous[writer] < 0 || seq == previous[writer] + 1, kit.clause("concurrency: a limited read of "
                    + log + " during appends holds a run of each writer's records, in order, without gaps"));
            previous[writer] = seq;
        }
    }

    private static List<Future<?>> startWriters(ExecutorService pool, PersistenceBackend backend,
                                                CyclicBarrier start, Instant t) {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int i = 0; i < RECORDS_PER_WRITER; i++) {
                    for (LogKind log : LogKind.values()) {
                        log.append(backend, log.tagged(writer, i, t.plusMillis(i)));
                    }
                }
                return null;
            }));
        }
        return writers;
    }

    private void await(Future<?> task, String what) throws InterruptedException {
        Fixture kit = kit();
        try {
            task.get(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail(kit.clause("concurrency: " + what + " did not finish within " + CONCURRENCY_TIMEOUT
                    + " (deadlock or livelock?)"), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            fail(kit.clause("concurrency: " + what + " failed"), cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "papyra-tck-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
