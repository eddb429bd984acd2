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
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

/**
 * One append-only log: appends that take no lock on their fast path, reads of a consistent prefix
 * that never wait for a writer, memory bounded by the retention policy's count and size bounds.
 *
 * <h2>Writes</h2>
 * Writers append through a {@link StripedAppender}: no lock, no copying of the log, no cache line
 * shared between writers but the stamp counter.
 *
 * <h2>Reads</h2>
 * A read first merges what writers have published into fixed-size chunks of {@value #CHUNK_SIZE}
 * slots ({@link #publish()}): each record once, whoever merges, so that it sees every append
 * that returned before it started. It never waits for a writer: an append still running is merged
 * by a later read. A read waits only for another thread's merge (one at a time, under
 * {@link #mergeLock}; O(records published since the last merge + stripes)) and, while it copies,
 * holds the read lock of {@link #maintenance}, which only compaction, {@link #clear()} and the
 * release of hidden records take exclusively (each bounded by its own work, never by a writer).
 * Logically the log is {@code base.prefix ++ slots[base.liveStart, placed)}, where the prefix
 * holds the survivors of a compaction or release that could not be expressed as a new start.
 *
 * <p>When the timestamps of the visible records never go backwards (the normal case: writers
 * stamp records with a clock) every read is a few binary searches plus one copy of the result:
 * O(log n + k). A log in which a record's timestamp is earlier than its predecessor's is read on
 * a linear path (O(n)) by reads that filter by time ({@code since} or age retention), until
 * compaction, release or {@link #clear()} drops the out-of-order records. Reads by position only
 * ({@code limit}, count and size retention) stay fast either way.
 *
 * <h2>Memory: records hidden for good are released</h2>
 * With a count or size bound, a record can become hidden for good: invisible to every read at any
 * clock reading, now and after any further appends. Such records are released without any read or
 * {@link #compact()}: when merged records have grown by a chunk since the last release, the merge
 * drops them ({@link #release()}), and writers merge when {@value #MERGE_BACKLOG} or more records
 * wait in the stripes. Reads and metrics cannot tell. A record {@code j} is hidden for good when
 * <ul>
 *   <li>without an age bound: it is before the window that count and size retention keep now (more
 *       appends only move that window forward);</li>
 *   <li>with an age bound: the newer records {@code [w, n)} would hide it by count or size
 *       ({@code n - w >= maxRecords}, or their sizes add up to {@code maxTotalBytes} or more) and
 *       none of them is older than {@code j}. At a clock that keeps {@code j} by age, they are all
 *       kept by age too, so they hide it. A newer record with an older timestamp does not count:
 *       at a clock between the two timestamps it is aged out and {@code j} would be visible again.
 *       So with timestamps that go backwards some hidden records are kept, and with timestamps
 *       that only go backwards none is hidden for good; {@link #compact()} still drops them.</li>
 * </ul>
 * Records hidden by age alone are never released automatically: the clock may be set back, and a
 * read then shows them again, as {@link RetentionPolicy#retain} says. {@link #compact()} drops
 * them, as the contract says.
 *
 * <h2>Maintenance</h2>
 * {@link #compact}, {@link #clear} and {@link #release} replace {@link #base} and release the
 * chunks below the new start under {@link #mergeLock} and the write lock of {@link #maintenance};
 * reads hold its read lock while they copy, so they never meet a released chunk. Appends never
 * touch either lock, except a writer that merges, which only tries them.
 */
class ChunkedLog<R extends PersistenceRecord> {

    static final int CHUNK_SHIFT = 10;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    /** Records waiting in the stripes beyond which a writer merges (when retention bounds memory). */
    static final int MERGE_BACKLOG = 4096;
    private static final Object[] NO_RECORDS = new Object[0];

    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(Object[][].class);

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final long maxRecords;
    private final long maxTotalBytes;
    private final boolean bySize;
    private final boolean byAge;
    /** Whether count or size retention can hide records for good, so that merges release them. */
    private final boolean releasing;

    /** Where writers append; merged into the chunks by {@link #publish()}. */
    private final StripedAppender appender;
    private final StripedAppender.Target slots = new Slots();
    /** Serialises merges and every change to the chunks and the base. */
    private final ReentrantLock mergeLock = new ReentrantLock();
    /** The log in insertion order, written by the merge only; see {@link Dir}. */
    private volatile Dir dir = new Dir(0, new Object[8][]);
    /** The compacted prefix and where the live slots start. */
    private volatile Base base = Base.EMPTY;
    /** Records placed when hidden records were last released; written under {@link #mergeLock}. */
    private volatile long releasedAt;
    /**
     * Records released since the last compaction or clear; guarded by {@link #mergeLock}. A
     * compaction reports them as removed by it, so that its report does not depend on when the
     * merges released them.
     */
    private long releasedSinceCompaction;

    private final StampedLock maintenance = new StampedLock();
    /** Timestamp order and running sizes of the live slots, derived lazily by readers. */
    private final ReadIndex index = new ReadIndex();
    /** The last retention window a read computed; a lower bound for the next (see {@link #retainedFrom}). */
    private volatile Window window;

    ChunkedLog(RetentionPolicy retention, InstantSource clock) {
        this(retention, clock, null);
    }

    /**
     * A log whose appender is made by {@code appenders} (tests pass one that fails on purpose);
     * null for the production one.
     */
    ChunkedLog(RetentionPolicy retention, InstantSource clock,
               java.util.function.Function<Runnable, StripedAppender> appenders) {
        this.retention = retention;
        this.clock = clock;
        this.maxRecords = retention.maxRecords(); // Long.MAX_VALUE: unbounded
        this.maxTotalBytes = retention.maxTotalBytes();
        this.bySize = retention.hasMaxTotalBytes();
        this.byAge = retention.hasMaxAge();
        this.releasing = retention.hasMaxRecords() || bySize;
        Runnable relieve = releasing ? this::relieve : null;
        this.appender = appenders == null ? new StripedAppender(relieve) : appenders.apply(relieve);
    }

    /** Called on every read that takes the linear path; does nothing (tests override it to count them). */
    void linearRead() {
    }

    // ---------------------------------------------------------------- writes

    void append(R record) {
        appender.append(record);
    }

    /** Number of appends so far that took a stamp (all but those that failed first); never reset. */
    long appended() {
        return appender.reserved();
    }

    /**
     * Merges what writers have published since the last merge, which includes every append that
     * returned before this call: a read that starts now sees them. Never waits for a writer; may
     * wait for another thread's merge.
     */
    void publish() {
        if (appender.upToDate() && !releaseOverdue()) {
            return;
        }
        mergeLock.lock();
        try {
            mergeLocked(true);
        } finally {
            mergeLock.unlock();
        }
    }

    /**
     * Whether a release is overdue: writers merge without waiting for the write lock, so while
     * readers hold it they may merge without releasing; then a reader releases, waiting for the
     * other readers (bounded by their copies).
     */
    private boolean releaseOverdue() {
        return releasing && appender.placed() - releasedAt >= 2 * CHUNK_SIZE;
    }

    /** A writer that opened a stripe chunk: merges (and releases) if records pile up and nobody else is at it. */
    private void relieve() {
        if (appender.backlog() >= MERGE_BACKLOG && mergeLock.tryLock()) {
            try {
                mergeLocked(false);
            } finally {
                mergeLock.unlock();
            }
        }
    }

    /** Merges; then releases hidden records if a chunk's worth was merged since the last time. Holds mergeLock. */
    private void mergeLocked(boolean mayWait) {
        long end = appender.drain(slots);
        if (releasing && end - releasedAt >= CHUNK_SIZE) {
            long stamp = mayWait ? maintenance.writeLock() : maintenance.tryWriteLock();
            if (stamp != 0) {
                try {
                    release();
                    releasedAt = end;
                } finally {
                    maintenance.unlockWrite(stamp);
                }
            }
        }
    }

    /** A copy of a directory with an entry {@code k}, at least twice as long: amortised O(1) per chunk. */
    private static <T> T[] withRoomFor(T[] chunks, int k) {
        return Arrays.copyOf(chunks, Math.max(k + 1, 2 * chunks.length));
    }

    /** The merge's view of the chunks. */
    private final class Slots implements StripedAppender.Target {
        @Override
        public void set(long index, Object record) {
            int c = (int) (index >>> CHUNK_SHIFT);
            Dir d = dir;
            int k = c - d.offset;
            Object[] chunk = k < d.chunks.length ? d.chunks[k] : null;
            if (chunk == null) {
                if (record == null) {
                    return;
                }
                Object[][] chunks = d.chunks;
                if (k >= chunks.length) {
                    chunks = withRoomFor(chunks, k);
                }
                chunk = new Object[CHUNK_SIZE];
                chunks[k] = chunk;
                if (chunks != d.chunks) {
                    dir = new Dir(d.offset, chunks);
                }
            }
            chunk[(int) index & CHUNK_MASK] = record; // published by the volatile write of placed
        }

        @Override
        public Object get(long index) {
            Dir d = dir;
            int k = (int) (index >>> CHUNK_SHIFT) - d.offset;
            Object[] chunk = k < d.chunks.length ? d.chunks[k] : null;
            return chunk == null ? null : chunk[(int) index & CHUNK_MASK];
        }
    }

    // ---------------------------------------------------------------- reads

    /** Returns the records that retention and {@code query} select, as a new immutable list. */
    List<R> read(Query query) {
        int limit = (int) Math.min(query.limit(), Integer.MAX_VALUE); // a list holds no more
        Instant since = query.since();
        Instant now = byAge ? clock.instant() : null;
        publish(); // every append that returned before now is placed from here on
        long stamp = maintenance.readLock();
        try {
            return readLocked(now, since, limit);
        } finally {
            maintenance.unlockRead(stamp);
        }
    }

    /** A read under the read lock: nothing can move the base or release chunks meanwhile. */
    private List<R> readLocked(Instant now, Instant since, int limit) {
        Instant cutoff = now == null ? null : retention.ageCutoff(now);
        Base b = base;
        long end = appender.placed(); // at least what publish() placed; released records are below the window
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
        linearRead();
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
        Dir d = dir;
        return (Object[]) CHUNK.getAcquire(d.chunks, (int) (i >>> CHUNK_SHIFT) - d.offset);
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

    // ---------------------------------------------------------------- maintenance

    /** Records before and after a compaction. */
    record Counts(long before, long after) {
    }

    /** Drops what retention hides now, and nothing else. */
    Counts compact() {
        mergeLock.lock();
        try {
            long end = appender.drain(slots);
            long stamp = maintenance.writeLock();
            try {
                Base b = base;
                long held = length(b, end);
                long before = held + releasedSinceCompaction;
                Instant now = byAge ? clock.instant() : null;
                Instant cutoff = now == null ? null : retention.ageCutoff(now);
                prepareIndex(b, end, cutoff != null);
                Base next;
                if (cutoff == null || isOrdered(b, end)) {
                    next = dropFirst(b, retainedFrom(b, held, cutoff));
                } else {
                    // Age retention over timestamps that go backwards can hide records in the middle.
                    next = Base.of(retention.retain(materialize(b, end), now).toArray(), end);
                }
                install(next);
                releasedSinceCompaction = 0;
                return new Counts(before, length(next, end));
            } finally {
                maintenance.unlockWrite(stamp);
            }
        } finally {
            mergeLock.unlock();
        }
    }

    /**
     * Releases the records that count and size retention hide for good (see the class comment),
     * and nothing a read at any clock reading could return. Holds mergeLock and the write lock.
     */
    private void release() {
        Base b = base;
        long end = appender.placed();
        long len = length(b, end);
        long w = len - maxRecords; // every logical record below w is hidden by the newer ones
        if (bySize) {
            index.extend(b.liveStart, end);
            long from = Math.max(0, w);
            long s = smallestStartWithin(b, from, len);
            // Without an age bound everything before the size window is hidden for good. With one,
            // only records before a suffix whose sizes add up to the bound, so that it hides them alone.
            w = Math.max(w, byAge ? s - 1 : s);
        }
        if (w <= 0) {
            return;
        }
        Base next;
        if (!byAge) {
            next = dropFirst(b, w);
        } else {
            index.extend(b.liveStart, end);
            if (isOrdered(b, end)) {
                next = dropFirst(b, w); // every record below w is at or before every record from w on
            } else if (w < (len - w) / 2) {
                return; // the scan below costs the window: wait until it releases as much
            } else {
                next = dropHiddenBelow(b, w, len);
            }
        }
        install(next);
        releasedSinceCompaction += len - length(next, end);
    }

    /**
     * The base without the records below logical index {@code w} whose timestamp is at or before
     * the oldest timestamp of {@code [w, len)}: those are hidden for good, the others are kept.
     */
    private Base dropHiddenBelow(Base b, long w, long len) {
        Instant oldest = Instant.MAX;
        for (long k = w; k < len; k++) {
            Instant t = at(b, k).timestamp();
            if (t.isBefore(oldest)) {
                oldest = t;
            }
        }
        int m = b.prefix.length;
        List<Object> kept = new ArrayList<>();
        for (long k = 0; k < w; k++) {
            R record = at(b, k);
            if (record.timestamp().isAfter(oldest)) {
                kept.add(record);
            }
        }
        for (long k = w; k < m; k++) {
            kept.add(at(b, k));
        }
        return Base.of(kept.toArray(), b.liveStart + Math.max(0, w - m));
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
        mergeLock.lock();
        try {
            long end = appender.drain(slots);
            long stamp = maintenance.writeLock();
            try {
                install(Base.of(NO_RECORDS, end));
                releasedSinceCompaction = 0;
            } finally {
                maintenance.unlockWrite(stamp);
            }
        } finally {
            mergeLock.unlock();
        }
    }

    /**
     * Publishes a new base and releases the chunks wholly below its start, and the slots below it
     * in the chunk it starts in. Holds mergeLock and the write lock.
     */
    private void install(Base next) {
        Base previous = base;
        if (next == previous) {
            return;
        }
        base = next;
        Dir d = dir;
        int firstKept = (int) (next.liveStart >>> CHUNK_SHIFT);
        int keptAt = Math.min(firstKept - d.offset, d.chunks.length);
        for (int k = keptAt - 1; k >= 0 && d.chunks[k] != null; k--) {
            CHUNK.setRelease(d.chunks, k, null);
        }
        if (keptAt < d.chunks.length && d.chunks[keptAt] != null) {
            Object[] chunk = d.chunks[keptAt];
            long from = Math.max(previous.liveStart, (long) firstKept << CHUNK_SHIFT);
            for (long i = from; i < next.liveStart; i++) {
                chunk[(int) i & CHUNK_MASK] = null;
            }
        }
        if (keptAt > d.chunks.length / 2) {
            // The directory would otherwise grow by one entry per chunk ever merged.
            dir = new Dir(d.offset + keptAt, Arrays.copyOfRange(d.chunks, keptAt, Math.max(keptAt + 8, d.chunks.length)));
        }
        index.releaseBelow(next.liveStart);
    }

    /**
     * What the log holds, for tests that memory is released: chunks of slots and of running sizes
     * in use, the lengths of their directories, and what the stripes still hold (see
     * {@link StripedAppender#holding()}).
     */
    record Held(int slotChunks, int sumChunks, int slotDirectory, int sumDirectory, StripedAppender.Holding stripes) {
    }

    /** What the log holds now; for tests that memory is released. */
    Held held() {
        mergeLock.lock(); // no merge moves the stripes meanwhile
        long readStamp = maintenance.readLock(); // nor does maintenance move the chunks
        try {
            Dir d = dir;
            Sums sums = index.sums;
            return new Held(StripedAppender.nonNull(d.chunks), StripedAppender.nonNull(sums.chunks), d.chunks.length,
                    sums.chunks.length, appender.holding());
        } finally {
            maintenance.unlockRead(readStamp);
            mergeLock.unlock();
        }
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
        /** Running totals: the total size of live records from {@code sumsFrom} up to and including an index. */
        private volatile Sums sums = new Sums(0, new long[8][]);

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
            Sums s = sums;
            return s.chunks[(int) (i >>> CHUNK_SHIFT) - s.offset][(int) i & CHUNK_MASK];
        }

        private void setSum(long i, long value) {
            Sums s = sums;
            int k = (int) (i >>> CHUNK_SHIFT) - s.offset;
            if (k >= s.chunks.length) {
                s = new Sums(s.offset, withRoomFor(s.chunks, k));
                sums = s;
            }
            if (s.chunks[k] == null) {
                s.chunks[k] = new long[CHUNK_SIZE];
            }
            s.chunks[k][(int) i & CHUNK_MASK] = value;
        }

        /** Releases sums below {@code liveStart - 1}, the last one a range sum from it can need. */
        synchronized void releaseBelow(long liveStart) {
            Sums s = sums;
            int keepFrom = (int) (Math.max(0, liveStart - 1) >>> CHUNK_SHIFT) - s.offset;
            int keptAt = Math.min(keepFrom, s.chunks.length);
            for (int k = keptAt - 1; k >= 0 && s.chunks[k] != null; k--) {
                s.chunks[k] = null;
            }
            if (keptAt > s.chunks.length / 2) {
                sums = new Sums(s.offset + keptAt,
                        Arrays.copyOfRange(s.chunks, keptAt, Math.max(keptAt + 8, s.chunks.length)));
            }
        }
    }

    /** Chunks of running sizes: chunk {@code c} of the live index space is {@code chunks[c - offset]}. */
    private record Sums(int offset, long[][] chunks) {
    }

    /** Chunks of the log: chunk {@code c} (indices {@code [c << CHUNK_SHIFT, (c + 1) << CHUNK_SHIFT)}) is {@code chunks[c - offset]}; null once released. */
    private record Dir(int offset, Object[][] chunks) {
    }
}
