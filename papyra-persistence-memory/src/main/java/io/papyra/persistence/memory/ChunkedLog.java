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
import java.util.concurrent.locks.StampedLock;

/**
 * One append-only log: lock-free appends into fixed-size chunks, reads of a consistent prefix.
 *
 * <h2>Writes</h2>
 * A writer reserves an index with one {@code getAndAdd} on the cursor and stores the record into
 * its slot with release semantics. Reserving an index is the linearisation point: insertion order
 * is reservation order. No lock, no copying of the log; a new chunk is allocated under a lock once
 * every {@value #CHUNK_SIZE} appends.
 *
 * <h2>Reads</h2>
 * The visible log is the longest prefix of reserved indices whose slots are filled
 * ({@link #published()}): a writer that has reserved but not yet stored hides the records after
 * it until it stores, so a reader never sees a gap or a torn entry. Logically the log is
 * {@code base.prefix ++ slots[base.liveStart, published)}, where the prefix holds the survivors
 * of a compaction that could not be expressed as a new start index.
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
 * start under the write lock of {@link #maintenance}; reads are optimistic and retry under the
 * read lock if maintenance ran while they copied. Appends never touch that lock.
 */
final class ChunkedLog<R extends PersistenceRecord> {

    static final int CHUNK_SHIFT = 10;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final Object[] NO_RECORDS = new Object[0];

    private static final VarHandle CURSOR;
    private static final VarHandle HINT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(Object[][].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURSOR = lookup.findVarHandle(ChunkedLog.class, "cursor", long.class);
            HINT = lookup.findVarHandle(ChunkedLog.class, "publishedHint", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final long maxRecords;
    private final long maxTotalBytes;
    private final boolean bySize;

    /** The next index to reserve; written only through {@link #CURSOR}. */
    @SuppressWarnings("unused")
    private volatile long cursor;
    /** Chunk {@code c} holds indices {@code [c << CHUNK_SHIFT, (c + 1) << CHUNK_SHIFT)}; null once released. */
    private volatile Object[][] chunks = new Object[8][];
    /** A lower bound of {@link #published()}; only grows. */
    private volatile long publishedHint;
    /** The compacted prefix and where the live slots start. */
    private volatile Base base = Base.EMPTY;

    private final StampedLock maintenance = new StampedLock();
    /** Timestamp order and running sizes of the live slots, derived lazily by readers. */
    private final ReadIndex index = new ReadIndex();

    ChunkedLog(RetentionPolicy retention, InstantSource clock) {
        this.retention = retention;
        this.clock = clock;
        this.maxRecords = retention.maxRecords().orElse(Long.MAX_VALUE);
        this.maxTotalBytes = retention.maxTotalBytes().orElse(Long.MAX_VALUE);
        this.bySize = retention.maxTotalBytes().isPresent();
    }

    // ---------------------------------------------------------------- writes

    void append(R record) {
        long i = (long) CURSOR.getAndAdd(this, 1L);
        int c = (int) (i >>> CHUNK_SHIFT);
        Object[][] dir = chunks;
        Object[] chunk = c < dir.length ? (Object[]) CHUNK.getAcquire(dir, c) : null;
        if (chunk == null) {
            chunk = chunkForWriter(c);
        }
        SLOT.setRelease(chunk, (int) i & CHUNK_MASK, record);
    }

    private synchronized Object[] chunkForWriter(int c) {
        Object[][] dir = chunks;
        if (c >= dir.length) {
            dir = Arrays.copyOf(dir, Math.max(c + 1, dir.length * 2));
        }
        Object[] chunk = dir[c];
        if (chunk == null) {
            chunk = new Object[CHUNK_SIZE];
            CHUNK.setRelease(dir, c, chunk);
        }
        chunks = dir;
        return chunk;
    }

    /** Number of appends so far, including those still being stored; never reset. */
    long appended() {
        return (long) CURSOR.getVolatile(this);
    }

    /** Index one past the last record of the longest filled prefix. */
    long published() {
        long p = publishedHint;
        long reserved = appended();
        if (p == reserved) {
            return p;
        }
        long start = p;
        Object[][] dir = chunks;
        while (p < reserved) {
            int c = (int) (p >>> CHUNK_SHIFT);
            if (c >= dir.length) {
                dir = chunks;
                if (c >= dir.length) {
                    break;
                }
            }
            Object[] chunk = (Object[]) CHUNK.getAcquire(dir, c);
            if (chunk == null) {
                dir = chunks; // a writer may be allocating it in a newer directory
                chunk = c < dir.length ? (Object[]) CHUNK.getAcquire(dir, c) : null;
                if (chunk == null) {
                    break;
                }
            }
            int slot = (int) p & CHUNK_MASK;
            int limit = (int) Math.min(CHUNK_SIZE, slot + (reserved - p));
            while (slot < limit && SLOT.getAcquire(chunk, slot) != null) {
                slot++;
                p++;
            }
            if (slot < limit) {
                break;
            }
        }
        if (p > start) {
            advanceHint(p);
        }
        return p;
    }

    private void advanceHint(long p) {
        long current;
        while ((current = publishedHint) < p) {
            if (HINT.compareAndSet(this, current, p)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /** Returns the records that retention and {@code query} select, as a new immutable list. */
    List<R> read(Query query) {
        int limit = query.limitOrMax();
        if (limit == 0) {
            return RecordList.empty();
        }
        Instant since = query.sinceOrNull();
        Instant now = retention.maxAge().isPresent() ? clock.instant() : null;
        long stamp = maintenance.tryOptimisticRead();
        if (stamp != 0) {
            List<R> result = readConsistent(now, since, limit);
            if (result != null && maintenance.validate(stamp)) {
                return result;
            }
        }
        stamp = maintenance.readLock();
        try {
            return readConsistent(now, since, limit);
        } finally {
            maintenance.unlockRead(stamp);
        }
    }

    /**
     * One read attempt; null if maintenance released a chunk under it (only possible when the
     * caller does not hold the read lock).
     */
    private List<R> readConsistent(Instant now, Instant since, int limit) {
        Instant cutoff = now == null ? null : retention.ageCutoff(now).orElseThrow();
        Base b = base;
        long end = published();
        boolean byTime = cutoff != null || since != null;
        prepareIndex(b, end, byTime);
        if (!byTime || isOrdered(b, end)) {
            long[] range = retainedRange(b, end, cutoff);
            if (range == null) {
                return null;
            }
            long lo = range[0];
            long hi = range[1];
            if (since != null) {
                lo = lowerBound(b, lo, hi, since);
            }
            lo = Math.max(lo, hi - limit);
            Object[] copy = copy(b, lo, hi);
            return copy == null ? null : RecordList.wrap(copy);
        }
        List<R> all = materialize(b, end);
        if (all == null) {
            return null;
        }
        List<R> kept = retention.retain(all, now == null ? Instant.EPOCH : now);
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
        Object[] first = chunkOrNull(b.liveStart);
        if (first == null) {
            return false; // released under an optimistic read: the slow path copes, validation retries
        }
        @SuppressWarnings("unchecked")
        R firstLive = (R) first[(int) b.liveStart & CHUNK_MASK];
        return !firstLive.timestamp().isBefore(b.lastPrefixTimestamp());
    }

    /**
     * The logical range {@code [lo, hi)} that retention keeps, for an ordered log (or one read by
     * position only); null if a chunk was released under an optimistic read.
     */
    private long[] retainedRange(Base b, long end, Instant cutoff) {
        long hi = b.prefix.length + (end - b.liveStart);
        long lo = 0;
        if (cutoff != null) {
            lo = lowerBound(b, lo, hi, cutoff);
        }
        lo = Math.max(lo, hi - maxRecords);
        if (bySize && lo < hi) {
            lo = smallestStartWithin(b, lo, hi, end);
            if (lo < 0) {
                return null;
            }
        }
        return new long[] {lo, hi};
    }

    /** First logical index in {@code [lo, hi)} whose timestamp is at or after {@code t}, else {@code hi}. */
    private long lowerBound(Base b, long lo, long hi, Instant t) {
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            PersistenceRecord record = at(b, mid);
            if (record == null) {
                return hi; // released under an optimistic read; validation will retry
            }
            if (record.timestamp().isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Smallest logical start {@code s} in {@code [lo, hi]} whose records {@code [s, hi)} fit in
     * {@code maxTotalBytes}; -1 if the size index is not available.
     */
    private long smallestStartWithin(Base b, long lo, long hi, long end) {
        long total = bytesBefore(b, hi);
        if (total < 0) {
            return -1;
        }
        long a = lo;
        long z = hi;
        while (a < z) {
            long mid = (a + z) >>> 1;
            long before = bytesBefore(b, mid);
            if (before < 0) {
                return -1;
            }
            if (total - before <= maxTotalBytes) {
                z = mid;
            } else {
                a = mid + 1;
            }
        }
        return a;
    }

    /** Total size of logical records {@code [0, k)}; -1 if unavailable. */
    private long bytesBefore(Base b, long k) {
        int m = b.prefix.length;
        if (k <= m) {
            return b.prefixBytes[(int) k];
        }
        long fromLiveStart = index.bytesBetween(b.liveStart, b.liveStart + (k - m));
        return fromLiveStart < 0 ? -1 : b.prefixBytes[m] + fromLiveStart;
    }

    @SuppressWarnings("unchecked")
    private R at(Base b, long k) {
        int m = b.prefix.length;
        if (k < m) {
            return (R) b.prefix[(int) k];
        }
        long i = b.liveStart + (k - m);
        Object[] chunk = chunkOrNull(i);
        return chunk == null ? null : (R) chunk[(int) i & CHUNK_MASK];
    }

    private Object[] chunkOrNull(long i) {
        Object[][] dir = chunks;
        int c = (int) (i >>> CHUNK_SHIFT);
        return c < dir.length ? (Object[]) CHUNK.getAcquire(dir, c) : null;
    }

    /** Copies logical records {@code [lo, hi)}; null if a chunk was released under an optimistic read. */
    private Object[] copy(Base b, long lo, long hi) {
        if (lo >= hi) {
            return NO_RECORDS;
        }
        Object[] out = new Object[(int) (hi - lo)];
        int m = b.prefix.length;
        int n = 0;
        if (lo < m) {
            int upTo = (int) Math.min(hi, m);
            System.arraycopy(b.prefix, (int) lo, out, 0, upTo - (int) lo);
            n = upTo - (int) lo;
            lo = upTo;
        }
        long i = b.liveStart + (lo - m);
        long iEnd = b.liveStart + (hi - m);
        while (i < iEnd) {
            Object[] chunk = chunkOrNull(i);
            if (chunk == null) {
                return null;
            }
            int slot = (int) i & CHUNK_MASK;
            int count = (int) Math.min(CHUNK_SIZE - slot, iEnd - i);
            System.arraycopy(chunk, slot, out, n, count);
            n += count;
            i += count;
        }
        return out;
    }

    private List<R> materialize(Base b, long end) {
        Object[] all = copy(b, 0, b.prefix.length + (end - b.liveStart));
        return all == null ? null : RecordList.wrap(all);
    }

    // ---------------------------------------------------------------- maintenance

    /** Number of records the log stores, hidden ones included. */
    long stored() {
        long stamp = maintenance.readLock();
        try {
            Base b = base;
            return b.prefix.length + (published() - b.liveStart);
        } finally {
            maintenance.unlockRead(stamp);
        }
    }

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
            long before = b.prefix.length + (end - b.liveStart);
            Instant now = retention.maxAge().isPresent() ? clock.instant() : null;
            Instant cutoff = now == null ? null : retention.ageCutoff(now).orElseThrow();
            prepareIndex(b, end, cutoff != null);
            Base next;
            if (cutoff == null || isOrdered(b, end)) {
                long lo = retainedRange(b, end, cutoff)[0];
                next = dropFirst(b, lo);
            } else {
                // Age retention over timestamps that go backwards can hide records in the middle.
                List<R> kept = retention.retain(materialize(b, end), now);
                next = Base.of(kept.toArray(), end);
            }
            install(next);
            return new long[] {before, next.prefix.length + (end - next.liveStart)};
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
        synchronized (this) {
            Object[][] dir = chunks;
            for (int c = Math.min(firstKept, dir.length) - 1; c >= 0 && dir[c] != null; c--) {
                CHUNK.setRelease(dir, c, null);
            }
        }
        index.releaseBelow(next.liveStart);
    }

    // ---------------------------------------------------------------- types

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
        private long sumsFrom;
        /** {@code sums[c][s]} is the total size of live records from {@code sumsFrom} up to and including that index. */
        private long[][] sums = new long[8][];

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
                    Object[] chunk = chunkOrNull(i);
                    if (chunk == null) {
                        break; // released by maintenance that this reader will notice
                    }
                    PersistenceRecord record = (PersistenceRecord) chunk[(int) i & CHUNK_MASK];
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

        /** Total size of live records {@code [from, to)}; -1 if the sums do not cover it. */
        synchronized long bytesBetween(long from, long to) {
            if (from == to) {
                return 0;
            }
            if (from < sumsFrom || to > indexedUpTo) {
                return -1;
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
