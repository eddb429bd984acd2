package io.papyra.persistence.memory;

import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;

/**
 * One append-only log: lock-free appends, reads of a consistent prefix.
 *
 * <h2>Writes</h2>
 * Writers append through a {@link StripedAppender}: each into a stripe of its own, with one
 * global sequence number per record that fixes the insertion order. No lock, no copying of the
 * log, no cache line shared between writers but the sequence counter.
 *
 * <h2>Reads</h2>
 * Readers merge the stripes, in sequence order, into fixed-size chunks of {@value #CHUNK_SIZE}
 * slots ({@link #published()}). A read waits for the writers that had taken a sequence number
 * when it started (they are between two stores), so it sees every append that returned before it
 * and never a gap or a torn entry. Each record is merged once, whoever reads. Logically
 * the log is {@code base.prefix ++ slots[base.liveStart, published)}, where the prefix holds the
 * survivors of a compaction that could not be expressed as a new start index.
 *
 * <p>When the timestamps of the visible records never go backwards (the normal case: writers
 * stamp records with a clock) every read is a few binary searches plus one copy of the result:
 * O(log n + k). A log in which a record's timestamp is earlier than its predecessor's is read on
 * a linear path (O(n)) by reads that filter by time ({@code since} or age retention), until
 * compaction or {@link #clear()} drops the out-of-order records. Reads by position only
 * ({@code limit}, count and size retention) stay fast either way.
 *
 * <h2>Maintenance</h2>
 * {@link #compact} and {@link #clear} replace {@link #base} and release the chunks below the new
 * start under the write lock of {@link #maintenance}; reads hold its read lock, so they never
 * meet a released chunk. Appends never touch that lock.
 */
final class ChunkedLog<R extends PersistenceRecord> {

    static final int CHUNK_SHIFT = 10;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final Object[] NO_RECORDS = new Object[0];

    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(Object[][].class);

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final long maxRecords;
    private final long maxTotalBytes;
    private final boolean bySize;

    /** Where writers append; merged into {@link #chunks} by readers. */
    private final StripedAppender appender = new StripedAppender();
    private final StripedAppender.Sink placer = this::place;
    /** Guards the merge and every change to {@link #chunks}. */
    private final Object mergeLock = new Object();
    /**
     * The log in insertion order, written by the merge only: chunk {@code c} holds indices
     * {@code [c << CHUNK_SHIFT, (c + 1) << CHUNK_SHIFT)}; null once released.
     */
    private volatile Object[][] chunks = new Object[8][];
    /** Records merged into {@link #chunks}; readers read slots below it only. */
    private volatile long merged;
    /** The compacted prefix and where the live slots start. */
    private volatile Base base = Base.EMPTY;

    private final StampedLock maintenance = new StampedLock();
    /** Timestamp order and running sizes of the live slots, derived lazily by readers. */
    private final ReadIndex index = new ReadIndex();
    private final LongAdder linearReads = new LongAdder();
    /** The last retention window a read computed; a lower bound for the next (see {@link #retainedFrom}). */
    private volatile Window window;

    ChunkedLog(RetentionPolicy retention, InstantSource clock) {
        this.retention = retention;
        this.clock = clock;
        this.maxRecords = retention.maxRecords();
        this.maxTotalBytes = retention.maxTotalBytes();
        this.bySize = retention.hasMaxTotalBytes();
    }

    // ---------------------------------------------------------------- writes

    void append(R record) {
        appender.append(record);
    }

    /** Number of appends so far, including those still being stored; never reset. */
    long appended() {
        return appender.reserved();
    }

    /**
     * Index one past the last record of the log as a read that starts now must see it: merges what
     * writers have stored since the last call into the chunks, in insertion order, and waits for
     * every append that had taken its sequence number when this call started. Such a writer is
     * between two stores that cannot block, so the wait is short; it exists so that a read
     * sees every append that returned before it, its own thread's above all.
     */
    long published() {
        long target = appender.reserved();
        long m = merged;
        if (m >= target) {
            return m;
        }
        synchronized (mergeLock) {
            long to = merged;
            while (true) {
                to = appender.drain(to, placer);
                merged = to;
                if (to >= target) {
                    return to;
                }
                Thread.yield(); // lets a writer that was descheduled between its two stores finish
            }
        }
    }

    /** Stores a merged record; only {@link #published()} calls it, under {@link #mergeLock}. */
    private void place(long index, Object record) {
        int c = (int) (index >>> CHUNK_SHIFT);
        Object[][] dir = chunks;
        Object[] chunk = c < dir.length ? dir[c] : null;
        if (chunk == null) {
            if (c >= dir.length) {
                dir = Arrays.copyOf(dir, Math.max(c + 1, dir.length * 2));
            }
            chunk = new Object[CHUNK_SIZE];
            dir[c] = chunk;
            chunks = dir;
        }
        chunk[(int) index & CHUNK_MASK] = record; // published by the volatile write of merged
    }

    // ---------------------------------------------------------------- reads

    /** Returns the records that retention and {@code query} select, as a new immutable list. */
    List<R> read(Query query) {
        int limit = (int) Math.min(query.limit(), Integer.MAX_VALUE); // a list holds no more
        Instant now = retention.hasMaxAge() ? clock.instant() : null;
        long stamp = maintenance.readLock();
        try {
            return readLocked(now, query.since(), limit);
        } finally {
            maintenance.unlockRead(stamp);
        }
    }

    /** A read under the read lock: maintenance cannot move the base or release chunks meanwhile. */
    private List<R> readLocked(Instant now, Instant since, int limit) {
        Instant cutoff = now == null ? null : retention.ageCutoff(now);
        Base b = base;
        long end = published();
        boolean byTime = cutoff != null || since != null;
        prepareIndex(b, end, byTime);
        if (!byTime || isOrdered(b, end)) {
            long hi = length(b, end);
            long lo = retainedFrom(b, hi, cutoff);
            if (since != null) {
                lo = gallopBackward(b, lo, hi, since); // reads by time mostly want a recent tail
            }
            return RecordList.wrap(copy(b, Math.max(lo, hi - limit), hi));
        }
        linearReads.increment();
        List<R> kept = retention.retain(materialize(b, end), now == null ? Instant.EPOCH : now);
        List<R> selected = kept;
        if (since != null) {
            selected = new ArrayList<>(kept.size());
            for (R record : kept) {
                if (!record.timestamp().isBefore(since)) {
                    selected.add(record);
                }
            }
        }
        int from = Math.max(0, selected.size() - limit);
        return RecordList.wrap(selected.subList(from, selected.size()).toArray());
    }

    /** Number of records in the logical log. */
    private static long length(Base b, long end) {
        return b.prefix.length + (end - b.liveStart);
    }

    private void prepareIndex(Base b, long end, boolean byTime) {
        if (byTime || bySize) {
            index.extend(b.liveStart, end);
        }
    }

    /** Whether the timestamps of the logical log never go backwards. */
    private boolean isOrdered(Base b, long end) {
        if (!b.prefixOrdered || index.lastDisorder > b.liveStart) {
            return false;
        }
        if (b.prefix.length == 0 || end == b.liveStart) {
            return true;
        }
        return !at(b, b.prefix.length).timestamp().isBefore(b.lastPrefixTimestamp());
    }

    /**
     * The first logical index that retention keeps in {@code [0, hi)}, for an ordered log or one
     * read by position.
     *
     * <p>The answer never goes down while the base stays, the log grows and the cutoff does not go
     * back: age, count and size bounds all move forward. So the last answer is a lower bound of
     * the next, and each search gallops forward from it: a read pays O(log d) for the d records
     * that expired since the last one, O(1) in a steady state, instead of O(log n).
     */
    private long retainedFrom(Base b, long hi, Instant cutoff) {
        Window last = window;
        long from = last != null && last.base == b && hi >= last.hi
                && (cutoff == null || (last.cutoff != null && !cutoff.isBefore(last.cutoff))) ? last.lo : 0;
        long lo = cutoff == null ? from : gallopForward(b, from, hi, cutoff);
        lo = Math.max(lo, hi - maxRecords);
        if (bySize) {
            lo = smallestStartWithin(b, lo, hi);
        }
        window = new Window(b, hi, cutoff, lo);
        return lo;
    }

    /** First logical index in {@code [lo, hi)} whose timestamp is at or after {@code t}, else {@code hi}. */
    private long lowerBound(Base b, long lo, long hi, Instant t) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (at(b, mid).timestamp().isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** As {@link #lowerBound}, in O(log(answer - from)): probes from + 1, + 2, + 4, ... first. */
    private long gallopForward(Base b, long from, long hi, Instant t) {
        long lo = from;
        long probe = from;
        for (long step = 1; probe < hi && at(b, probe).timestamp().isBefore(t); step <<= 1) {
            lo = probe + 1;
            probe = from + step;
        }
        return lowerBound(b, lo, Math.min(probe, hi), t);
    }

    /** As {@link #lowerBound}, in O(log(hi - answer)): probes hi - 1, - 2, - 4, ... first; for small tails. */
    private long gallopBackward(Base b, long lo, long hi, Instant t) {
        long upper = hi;
        long probe = hi - 1;
        for (long step = 2; probe >= lo && !at(b, probe).timestamp().isBefore(t); step <<= 1) {
            upper = probe;
            probe = hi - step;
        }
        return lowerBound(b, Math.max(lo, probe + 1), upper, t);
    }

    /**
     * Smallest logical start {@code s} in {@code [lo, hi]} whose records {@code [s, hi)} fit in
     * {@code maxTotalBytes}, galloping forward from {@code lo}.
     */
    private long smallestStartWithin(Base b, long lo, long hi) {
        long total = bytesBefore(b, hi);
        long fits = lo; // candidates below are known not to fit once the loop has moved past them
        long probe = lo;
        for (long step = 1; probe < hi && total - bytesBefore(b, probe) > maxTotalBytes; step <<= 1) {
            fits = probe + 1;
            probe = lo + step;
        }
        long a = fits;
        long z = Math.min(probe, hi);
        while (a < z) {
            long mid = (a + z) >>> 1;
            if (total - bytesBefore(b, mid) <= maxTotalBytes) {
                z = mid;
            } else {
                a = mid + 1;
            }
        }
        return a;
    }

    /** Total size of logical records {@code [0, k)}. */
    private long bytesBefore(Base b, long k) {
        int m = b.prefix.length;
        if (k <= m) {
            return b.prefixBytes[(int) k];
        }
        return b.prefixBytes[m] + index.bytesBetween(b.liveStart, b.liveStart + (k - m));
    }

    @SuppressWarnings("unchecked")
    private R at(Base b, long k) {
        int m = b.prefix.length;
        if (k < m) {
            return (R) b.prefix[(int) k];
        }
        long i = b.liveStart + (k - m);
        return (R) chunk(i)[(int) i & CHUNK_MASK];
    }

    private Object[] chunk(long i) {
        return (Object[]) CHUNK.getAcquire(chunks, (int) (i >>> CHUNK_SHIFT));
    }

    /** Copies logical records {@code [lo, hi)}. */
    private Object[] copy(Base b, long lo, long hi) {
        if (lo >= hi) {
            return NO_RECORDS;
        }
        Object[] out = new Object[(int) (hi - lo)];
        int m = b.prefix.length;
        int n = 0;
        if (lo < m) {
            n = (int) Math.min(hi, m) - (int) lo;
            System.arraycopy(b.prefix, (int) lo, out, 0, n);
        }
        long i = b.liveStart + (lo + n - m);
        long iEnd = b.liveStart + (hi - m);
        while (i < iEnd) {
            int slot = (int) i & CHUNK_MASK;
            int count = (int) Math.min(CHUNK_SIZE - slot, iEnd - i);
            System.arraycopy(chunk(i), slot, out, n, count);
            n += count;
            i += count;
        }
        return out;
    }

    private List<R> materialize(Base b, long end) {
        return RecordList.wrap(copy(b, 0, length(b, end)));
    }

    /** Reads that took the linear path since the log was created; for tests of the fast path. */
    long linearReads() {
        return linearReads.sum();
    }

    // ---------------------------------------------------------------- maintenance

    /**
     * Drops what retention hides now, and nothing else.
     *
     * @return the number of records stored before and after, as {@code {before, after}}
     */
    long[] compact() {
        long stamp = maintenance.writeLock();
        try {
            Base b = base;
            long end = published();
            long before = length(b, end);
            Instant now = retention.hasMaxAge() ? clock.instant() : null;
            Instant cutoff = now == null ? null : retention.ageCutoff(now);
            prepareIndex(b, end, cutoff != null);
            Base next;
            if (cutoff == null || isOrdered(b, end)) {
                next = dropFirst(b, retainedFrom(b, before, cutoff));
            } else {
                // Age retention over timestamps that go backwards can hide records in the middle.
                next = Base.of(retention.retain(materialize(b, end), now).toArray(), end);
            }
            install(next);
            return new long[] {before, length(next, end)};
        } finally {
            maintenance.unlockWrite(stamp);
        }
    }

    /** The base without its first {@code lo} logical records. */
    private static Base dropFirst(Base b, long lo) {
        int m = b.prefix.length;
        if (lo == 0) {
            return b;
        }
        if (lo >= m) {
            return Base.of(NO_RECORDS, b.liveStart + (lo - m));
        }
        return Base.of(Arrays.copyOfRange(b.prefix, (int) lo, m), b.liveStart);
    }

    /** Drops every record; appends that race with it land after it or are dropped with it. */
    void clear() {
        long stamp = maintenance.writeLock();
        try {
            install(Base.of(NO_RECORDS, published()));
        } finally {
            maintenance.unlockWrite(stamp);
        }
    }

    /** Publishes a new base and releases the chunks wholly below its start. Holds the write lock. */
    private void install(Base next) {
        base = next;
        int firstKept = (int) (next.liveStart >>> CHUNK_SHIFT);
        synchronized (mergeLock) {
            Object[][] dir = chunks;
            for (int c = Math.min(firstKept, dir.length) - 1; c >= 0 && dir[c] != null; c--) {
                CHUNK.setRelease(dir, c, null);
            }
        }
        index.releaseBelow(next.liveStart);
    }

    /** Chunks of slots the log holds, and chunks of running sizes; for tests that memory is released. */
    int[] chunksHeld() {
        long stamp = maintenance.readLock();
        try {
            return new int[] {nonNull(chunks), nonNull(index.sums)};
        } finally {
            maintenance.unlockRead(stamp);
        }
    }

    private static int nonNull(Object[] array) {
        int count = 0;
        for (Object element : array) {
            if (element != null) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- types

    /** Where retention started the log [0, hi) of {@code base} at age cutoff {@code cutoff} (null: none). */
    private record Window(Base base, long hi, Instant cutoff, long lo) {
    }

    /** The compacted prefix of the log and the index where its live slots start. Immutable. */
    private static final class Base {
        static final Base EMPTY = of(NO_RECORDS, 0);

        final Object[] prefix;
        /** {@code prefixBytes[k]} is the total size of {@code prefix[0, k)}. */
        final long[] prefixBytes;
        final boolean prefixOrdered;
        final long liveStart;

        private Base(Object[] prefix, long[] prefixBytes, boolean prefixOrdered, long liveStart) {
            this.prefix = prefix;
            this.prefixBytes = prefixBytes;
            this.prefixOrdered = prefixOrdered;
            this.liveStart = liveStart;
        }

        static Base of(Object[] prefix, long liveStart) {
            long[] bytes = new long[prefix.length + 1];
            boolean ordered = true;
            for (int k = 0; k < prefix.length; k++) {
                PersistenceRecord record = (PersistenceRecord) prefix[k];
                bytes[k + 1] = bytes[k] + record.sizeInBytes();
                if (k > 0 && record.timestamp().isBefore(((PersistenceRecord) prefix[k - 1]).timestamp())) {
                    ordered = false;
                }
            }
            return new Base(prefix, bytes, ordered, liveStart);
        }

        Instant lastPrefixTimestamp() {
            return ((PersistenceRecord) prefix[prefix.length - 1]).timestamp();
        }
    }

    /**
     * What readers derive from the live slots, once per record: the last index at which the
     * timestamps go backwards, and running sums of record sizes. Kept off the append path.
     */
    private final class ReadIndex {
        /** Live indices below this are indexed. */
        private volatile long indexedUpTo;
        /** Largest live index whose timestamp is before its predecessor's; 0 if none. */
        volatile long lastDisorder;
        private Instant lastTimestamp;
        /** First index of the running sums, which cover {@code [sumsFrom, indexedUpTo)} when the policy bounds bytes. */
        private volatile long sumsFrom;
        /** {@code sums[c][s]} is the total size of live records from {@code sumsFrom} up to and including that index. */
        private volatile long[][] sums = new long[8][];

        void extend(long liveStart, long end) {
            if (indexedUpTo >= end) {
                return;
            }
            synchronized (this) {
                long i = indexedUpTo;
                if (i < liveStart) {
                    // Maintenance dropped records nobody had indexed: restart at the live start.
                    i = liveStart;
                    lastTimestamp = null;
                    sumsFrom = liveStart;
                }
                long running = bySize && i > sumsFrom ? sumAt(i - 1) : 0;
                for (; i < end; i++) {
                    PersistenceRecord record = (PersistenceRecord) chunk(i)[(int) i & CHUNK_MASK];
                    Instant t = record.timestamp();
                    if (lastTimestamp != null && t.isBefore(lastTimestamp)) {
                        lastDisorder = i;
                    }
                    lastTimestamp = t;
                    if (bySize) {
                        running += record.sizeInBytes();
                        setSum(i, running);
                    }
                }
                indexedUpTo = i;
            }
        }

        /**
         * Total size of live records {@code [from, to)}, which the sums cover: the caller has
         * extended the index to at least {@code to}, and {@code from} is the live start.
         */
        long bytesBetween(long from, long to) {
            if (from == to) {
                return 0;
            }
            long upTo = sumAt(to - 1);
            return from == sumsFrom ? upTo : upTo - sumAt(from - 1);
        }

        private long sumAt(long i) {
            return sums[(int) (i >>> CHUNK_SHIFT)][(int) i & CHUNK_MASK];
        }

        private void setSum(long i, long value) {
            int c = (int) (i >>> CHUNK_SHIFT);
            if (c >= sums.length) {
                sums = Arrays.copyOf(sums, Math.max(c + 1, sums.length * 2));
            }
            if (sums[c] == null) {
                sums[c] = new long[CHUNK_SIZE];
            }
            sums[c][(int) i & CHUNK_MASK] = value;
        }

        /** Releases sums below {@code liveStart - 1}, the last one a range sum from it can need. */
        synchronized void releaseBelow(long liveStart) {
            int keepFrom = (int) (Math.max(0, liveStart - 1) >>> CHUNK_SHIFT);
            for (int c = Math.min(keepFrom, sums.length) - 1; c >= 0 && sums[c] != null; c--) {
                sums[c] = null;
            }
        }
    }
}
