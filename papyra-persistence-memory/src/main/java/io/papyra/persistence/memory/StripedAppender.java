package io.papyra.persistence.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The write side of a log: writers append into stripes, and one global stamp per record (taken
 * from a shared counter) gives the insertion order that the merge sorts the stripes by.
 *
 * <h2>Appends</h2>
 * A stripe is a chain of chunks that one thread at a time stores into. A thread owns one of the
 * {@link #STRIPES} owned stripes (sized to the machine) from its first append until it terminates;
 * a terminated owner's stripe is taken over by the next thread that probes it, so the memory does
 * not grow with the number of threads ever seen. A thread that finds every owned stripe held by a
 * live thread leases a shared stripe for each append with one CAS (shared stripes are added only
 * when every one is leased at that instant, so there are about as many as threads that were ever
 * inside an append at the same time).
 *
 * <p>An append on the owner's fast path: one {@code getAndAdd} on the stamp counter, a plain store
 * of the stamp, a release store of the record into its slot, a plain store of the stripe's next
 * index. No lock, no CAS, no allocation but the chunk every {@value #STRIPE_CHUNK} appends.
 *
 * <h2>No gaps, no waiting</h2>
 * A slot is published by the release store of its record, after its stamp; a stripe's next index
 * moves only after that store. An append that fails at any step before it leaves its slot empty
 * and its index where it was (the thread's next append reuses the slot), so a stripe never has a
 * hole. It may leave its stamp unused: stamps need not be dense, and nothing waits for one. Stripe
 * storage is allocated before a stripe is visible, and a new chunk before the slot is taken.
 *
 * <h2>The merge</h2>
 * {@link #drain} (callers serialise it) reads the counter, {@code c}, then places every published
 * record with a stamp below {@code c}, sorted by stamp, after those already placed. Records with a
 * stamp below {@code c} that are not published yet (their append is still running) are placed by a
 * later merge, sorted among the records of that merge: their appends had not returned when this
 * merge started, so any order with the records placed before is a valid insertion order. So:
 * <ul>
 *   <li>a merge places every append that returned before it read the counter (a read that merges
 *       sees every append that returned before it started) and never waits for a writer;</li>
 *   <li>an append that returned before another started is placed before it (its stamp is
 *       smaller, and it is published when the other takes its stamp), so each writer's order is
 *       kept;</li>
 *   <li>placed records never move: every read is a prefix of every later one.</li>
 * </ul>
 * Cost: records with stamps in {@code [h, c)} ({@code h}: the previous merge's {@code c}) are
 * scattered to their position by stamp, in blocks of {@value #BLOCK} stamps so the part of the log
 * being written stays in cache: O(n + k) for n records from k stripes, whatever the interleaving.
 * Stamps left unused (appends still running, or failed) are squeezed out. The few late records
 * (stamps below {@code h}) are sorted by stamp: O(l log l). A merge that fails part-way (say, out
 * of stack) is rolled back by the next one: nothing of it is visible until it commits.
 */
class StripedAppender {

    /** Records per stripe chunk. */
    static final int STRIPE_CHUNK = 512;
    /** Owned stripes: a power of two, four per processor, between 8 and 256. */
    static final int STRIPES = stripesFor(Runtime.getRuntime().availableProcessors());
    /** Stamps per block of the merge's scatter. */
    static final int BLOCK = 4096;

    /** Steps of an append at which {@link #step} is called; for tests that inject failures. */
    static final int STAMPED = 1;
    static final int STAMP_STORED = 2;
    static final int PUBLISHED = 3;

    private static final VarHandle REF = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(Stripe[].class);
    private static final VarHandle SEQUENCE;
    private static final VarHandle OWNER;
    private static final VarHandle LEASE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SEQUENCE = lookup.findVarHandle(Sequence.class, "value", long.class);
            OWNER = lookup.findVarHandle(StripeFields.class, "owner", Thread.class);
            LEASE = lookup.findVarHandle(StripeFields.class, "lease", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Where the merge puts records: positions of the log, written beyond what readers read. */
    interface Target {
        void set(long index, Object record);

        Object get(long index);
    }

    private final Sequence sequence = new Sequence();
    /** Owned stripes; a slot, once set, is never replaced (only its owner changes). */
    private final Stripe[] owned = new Stripe[STRIPES];
    /** Stripes leased per append; replaced (copy on write) under {@code this}. */
    private volatile Stripe[] shared = new Stripe[0];
    /** A thread's owned stripe (how it finds one away from its home slot), or a {@link Miss}. */
    private final ThreadLocal<Object> local = new ThreadLocal<>();
    /** The stripe claimed last: with a single writer, the only one. */
    private volatile Stripe recent;
    /** Run after an append that opened a new chunk (null: nothing to run); see ChunkedLog. */
    private final Runnable onNewChunk;

    /** Every stripe, in registration order; replaced (copy on write) under {@code this}. */
    private volatile Stripe[] all = new Stripe[0];

    // The merge's state, touched only by drain (callers serialise it) and published at its commit.
    private Cursor[] cursors = new Cursor[0];
    private Object[] lateRecords = new Object[16];
    private long[] lateStamps = new long[16];
    /** Stamps below it are placed or counted in {@link #unplaced}. */
    private volatile long horizon;
    /** Stamps below {@link #horizon} not placed: appends still running, or failed. */
    private volatile long unplaced;
    /** Records placed: the log's length. */
    private volatile long placed;
    /** True while a merge has not committed: the next one rolls it back first. */
    private boolean uncommitted;
    /** Target positions a merge that did not commit may have written, from {@link #placed}. */
    private long dirtyUpTo;

    StripedAppender() {
        this(null);
    }

    StripedAppender(Runnable onNewChunk) {
        this.onNewChunk = onNewChunk;
    }

    static int stripesFor(int processors) {
        int wanted = Math.max(8, Math.min(256, 4 * processors));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    // ---------------------------------------------------------------- test seams (no-ops here)

    /**
     * Called between the steps of an append; does nothing. Tests override it to fail there. No
     * production class overrides it, so the JIT compiles the calls to nothing.
     */
    void step(int step) {
    }

    /** Allocates a stripe chunk; tests override it to fail. */
    Chunk newChunk() {
        return new Chunk();
    }

    // ---------------------------------------------------------------- writers

    /** Appends {@code record}; safe from any thread. */
    final void append(Object record) {
        Thread thread = Thread.currentThread();
        Stripe s = recent;
        if (s == null || s.owner != thread || s.tailIndex == STRIPE_CHUNK) {
            s = owned[home(thread)];
            if (s == null || s.owner != thread || s.tailIndex == STRIPE_CHUNK) {
                appendSlowly(thread, record);
                return;
            }
        }
        store(s, record);
    }

    /** Stores into the tail of {@code s}, which has room and which this thread alone stores into. */
    private void store(Stripe s, Object record) {
        Chunk chunk = s.tail;
        int i = s.tailIndex;
        long stamp = (long) SEQUENCE.getAndAdd(sequence, 1L);
        step(STAMPED);
        chunk.stamps[i] = stamp;
        step(STAMP_STORED);
        REF.setRelease(chunk.records, i, record); // publishes the slot, its stamp with it
        s.tailIndex = i + 1;                        // nothing that can fail between the two
        step(PUBLISHED);
    }

    /** The home slot of a thread: Fibonacci hashing of its id, so consecutive ids spread out. */
    static int home(Thread thread) {
        @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
        long id = thread.getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
    }

    private void appendSlowly(Thread thread, Object record) {
        int home = home(thread);
        Stripe s = owned[home];
        if (s == null || s.owner != thread) {
            s = null;
            Object mine = local.get();
            if (mine instanceof Stripe away) { // its own: a live owner's stripe never changes hands
                s = away;
            } else if (!(mine instanceof Miss miss) || miss.retry()) {
                s = claim(thread, home);
            }
        }
        if (s == null) {
            appendShared(thread, record);
            return;
        }
        boolean opened = ensureRoom(s);
        store(s, record);
        if (opened && onNewChunk != null) {
            onNewChunk.run();
        }
    }

    /** Gives {@code s} a new tail chunk if it is full; true if it did. Fails before anything changes. */
    private boolean ensureRoom(Stripe s) {
        if (s.tailIndex < STRIPE_CHUNK) {
            return false;
        }
        Chunk fresh = newChunk();
        s.tail.next = fresh;
        s.tail = fresh;
        s.tailIndex = 0;
        return true;
    }

    /**
     * Claims an owned stripe for {@code thread}: a new one (with its first chunk, registered with
     * the merge before anyone can see it) in the first empty slot from its home on, or one whose
     * owner has terminated. Null if every slot holds a stripe of a live thread.
     */
    private Stripe claim(Thread thread, int home) {
        Stripe fresh = null;
        for (int probe = 0; probe < STRIPES; probe++) {
            int slot = (home + probe) & (STRIPES - 1);
            Stripe candidate = (Stripe) STRIPE.getAcquire(owned, slot);
            if (candidate == null) {
                if (fresh == null) {
                    fresh = new Stripe(thread, newChunk());
                    register(fresh);
                }
                candidate = (Stripe) STRIPE.compareAndExchange(owned, slot, null, fresh);
                if (candidate == null) {
                    return remember(fresh);
                }
            }
            Thread owner = candidate.owner;
            // A terminated owner's stores are visible once isAlive() has returned false.
            if (owner == thread || !owner.isAlive() && OWNER.compareAndSet(candidate, owner, thread)) {
                if (fresh != null) {
                    fresh.owner = null;
                    addShared(fresh); // registered already: it serves as a shared stripe
                }
                return remember(candidate);
            }
        }
        if (fresh != null) {
            fresh.owner = null;
            addShared(fresh);
        }
        Object mine = local.get();
        if (mine instanceof Miss miss) {
            miss.reset();
        } else {
            local.set(new Miss());
        }
        return null;
    }

    /**
     * Remembers a claimed stripe as the most recent claim and in the thread-local (where it replaces a
     * {@link Miss}; a stripe away from its home slot is found there).
     */
    private Stripe remember(Stripe stripe) {
        recent = stripe;
        local.set(stripe);
        return stripe;
    }

    /** Appends through a shared stripe leased for this append only. */
    private void appendShared(Thread thread, Object record) {
        Stripe[] pool = shared;
        int n = pool.length;
        int start = home(thread); // any start will do: it only spreads threads over the pool
        for (int probe = 0; probe < n; probe++) {
            Stripe s = pool[(start + probe) % n];
            if (s.lease == 0 && LEASE.compareAndSet(s, 0, 1)) {
                appendLeased(s, record);
                return;
            }
        }
        Stripe fresh = new Stripe(null, newChunk());
        fresh.lease = 1;
        register(fresh);
        addShared(fresh);
        appendLeased(fresh, record);
    }

    /**
     * Appends through shared stripe {@code k} (created if needed), whatever the calling thread:
     * for tests and benchmarks that need a given interleaving of many stripes from one thread.
     * Not used by the backend.
     */
    final void appendVia(int k, Object record) {
        while (shared.length <= k) {
            Stripe fresh = new Stripe(null, newChunk());
            register(fresh);
            addShared(fresh);
        }
        Stripe s = shared[k];
        if (!LEASE.compareAndSet(s, 0, 1)) {
            throw new IllegalStateException("shared stripe " + k + " is in use");
        }
        appendLeased(s, record);
    }

    private void appendLeased(Stripe s, Object record) {
        boolean opened;
        try {
            opened = ensureRoom(s);
            store(s, record);
        } finally {
            s.lease = 0; // a volatile store: releases the stripe and everything stored into it
        }
        if (opened && onNewChunk != null) {
            onNewChunk.run();
        }
    }

    private synchronized void register(Stripe stripe) {
        Stripe[] grown = Arrays.copyOf(all, all.length + 1);
        grown[grown.length - 1] = stripe;
        all = grown;
    }

    private synchronized void addShared(Stripe stripe) {
        Stripe[] grown = Arrays.copyOf(shared, shared.length + 1);
        grown[grown.length - 1] = stripe;
        shared = grown;
    }

    /** Stripes registered so far, owned and shared; for tests of the claim paths. */
    int stripesInUse() {
        return all.length;
    }

    /** Shared stripes so far; for tests of the claim paths. */
    int sharedStripes() {
        return shared.length;
    }

    /** Whether {@code thread} owns one of the owned stripes now; for tests of the claim paths. */
    boolean owns(Thread thread) {
        for (Stripe s : owned) {
            if (s != null && s.owner == thread) {
                return true;
            }
        }
        return false;
    }

    /** What the stripes and the merge still reference: chunks, records in them, and records in the late arrays. */
    record Holding(int chunks, int records, int lateRecords) {
    }

    /**
     * What the stripes hold now: the chunks a merge has not moved past, and the records they and the
     * merge's late arrays still reference. For tests that merged records are let go; callers
     * serialise it with {@link #drain}.
     */
    Holding holding() {
        Stripe[] walk = all;
        int chunks = 0;
        int records = 0;
        for (int i = 0; i < walk.length; i++) {
            Chunk c = i < cursors.length ? cursors[i].releaseChunk : walk[i].first;
            for (; c != null; c = c.next) {
                chunks++;
                records += nonNull(c.records);
            }
        }
        return new Holding(chunks, records, nonNull(lateRecords));
    }

    static int nonNull(Object[] array) {
        int count = 0;
        for (Object element : array) {
            if (element != null) {
                count++;
            }
        }
        return count;
    }

    /** Stamps taken so far: every append that got that far, stored or not; never reset. */
    final long reserved() {
        return (long) SEQUENCE.getVolatile(sequence);
    }

    // ---------------------------------------------------------------- the merge (readers)

    /** Records placed by merges so far: the length of the log; never goes down. */
    final long placed() {
        return placed;
    }

    /**
     * Whether a merge starting now would place nothing: every stamp taken is below the horizon
     * and none of those is unplaced. Lock-free; a true answer holds for every append that returned
     * before the call.
     */
    final boolean upToDate() {
        long reserved = reserved();
        return horizon >= reserved && unplaced == 0;
    }

    /** Stamps taken but not merged yet (an estimate for deciding when to merge). */
    final long backlog() {
        return reserved() - horizon;
    }

    /**
     * Places, into {@code target} from position {@link #placed()} on, every published record with
     * a stamp below the counter as read on entry, sorted by stamp. The caller serialises calls.
     *
     * @return the new {@link #placed()}
     */
    final long drain(Target target) {
        long at = placed;
        if (uncommitted) {
            rollBack(target, at);
        }
        long c = reserved();
        long h = horizon;
        long pending = unplaced;
        if (c == h && pending == 0) {
            return at;
        }
        Stripe[] walk = all; // read after the counter: every stripe holding a stamp below c is in
        Cursor[] cs = cursorsFor(walk);
        for (Cursor cursor : cs) {
            cursor.mark();
        }
        long span = c - h;
        uncommitted = true;
        dirtyUpTo = at + pending + span;

        int late = 0;
        if (pending > 0) {
            late = collectLate(cs, h);
            for (int k = 0; k < late; k++) {
                target.set(at + k, lateRecords[k]);
            }
        }
        long origin = at + late - h; // the position of stamp s is origin + s
        long fresh = 0;
        for (long blockEnd = Math.min(c, h + BLOCK); ; blockEnd = Math.min(c, blockEnd + BLOCK)) {
            for (Cursor cursor : cs) {
                fresh += cursor.scatter(target, origin, h, blockEnd);
            }
            if (blockEnd >= c) {
                break;
            }
        }
        if (fresh < span) {
            squeeze(target, at + late, span);
        }
        // Commit: the horizon last, so that upToDate() never sees it without the rest.
        uncommitted = false;
        Arrays.fill(lateRecords, 0, late, null);
        unplaced = pending - late + (span - fresh);
        placed = at + late + fresh;
        horizon = c;
        for (Cursor cursor : cs) {
            cursor.release(); // drops the merged records from the stripes' chunks
        }
        return at + late + fresh;
    }

    private Cursor[] cursorsFor(Stripe[] walk) {
        if (cursors.length < walk.length) {
            Cursor[] grown = Arrays.copyOf(cursors, walk.length);
            for (int i = cursors.length; i < walk.length; i++) {
                grown[i] = new Cursor(walk[i]);
            }
            cursors = grown;
        }
        return cursors;
    }

    /** Moves the records with stamps below {@code h} at the stripes' heads into the late arrays, sorted. */
    private int collectLate(Cursor[] cs, long h) {
        int late = 0;
        for (Cursor cursor : cs) {
            while (cursor.peek() && cursor.stamp < h) {
                if (late == lateStamps.length) {
                    lateStamps = Arrays.copyOf(lateStamps, late * 2);
                    lateRecords = Arrays.copyOf(lateRecords, late * 2);
                }
                lateStamps[late] = cursor.stamp;
                lateRecords[late] = cursor.head;
                late++;
                cursor.advance();
            }
        }
        // Insertion sort: late records are few (at most one per append that was running).
        for (int i = 1; i < late; i++) {
            long stamp = lateStamps[i];
            Object record = lateRecords[i];
            int j = i - 1;
            while (j >= 0 && lateStamps[j] > stamp) {
                lateStamps[j + 1] = lateStamps[j];
                lateRecords[j + 1] = lateRecords[j];
                j--;
            }
            lateStamps[j + 1] = stamp;
            lateRecords[j + 1] = record;
        }
        return late;
    }

    /** Closes up the positions of unused stamps in {@code [from, from + span)}; clears what is left behind. */
    private static void squeeze(Target target, long from, long span) {
        long to = from;
        for (long i = from; i < from + span; i++) {
            Object record = target.get(i);
            if (record != null) {
                if (to != i) {
                    target.set(to, record);
                    target.set(i, null);
                }
                to++;
            }
        }
    }

    /** Undoes what a merge that did not commit wrote and consumed. */
    private void rollBack(Target target, long at) {
        for (long i = at; i < dirtyUpTo; i++) {
            target.set(i, null);
        }
        for (Cursor cursor : cursors) {
            cursor.reset();
        }
        uncommitted = false;
    }

    // ---------------------------------------------------------------- types

    /** A thread that found no owned stripe: it leases shared ones, and probes again now and then. */
    private static final class Miss {
        private int appends;

        boolean retry() {
            return (++appends & 1023) == 0;
        }

        void reset() {
            appends = 0;
        }
    }

    /** A chunk of a stripe: records and their stamps. */
    static final class Chunk {
        final Object[] records = new Object[STRIPE_CHUNK];
        final long[] stamps = new long[STRIPE_CHUNK];
        volatile Chunk next;
    }

    /** Where the merge has got to in one stripe; touched only by the merge. */
    private static final class Cursor {
        private Chunk chunk;
        private int index;
        private Object head;
        private long stamp;
        private Chunk markChunk;
        private int markIndex;
        /** Where the last committed merge started in this stripe: merged slots from here get cleared. */
        private Chunk releaseChunk;
        private int releaseIndex;

        Cursor(Stripe stripe) {
            this.chunk = stripe.first;
            stripe.first = null; // from now on the cursor is the only reference to the stripe's oldest chunk
            this.releaseChunk = chunk;
        }

        /** Whether the next record of the stripe is published; loads it and its stamp. */
        boolean peek() {
            if (index == STRIPE_CHUNK) {
                Chunk following = chunk.next;
                if (following == null) {
                    return false;
                }
                chunk = following;
                index = 0;
            }
            Object record = REF.getAcquire(chunk.records, index);
            if (record == null) {
                return false;
            }
            stamp = chunk.stamps[index];
            head = record;
            return true;
        }

        /**
         * Places the published records from here with stamps in {@code [from, end)} at
         * {@code origin + stamp}; stops at the first one not published or not in that range. A
         * stamp below {@code from} is a late record published after this merge collected the late
         * ones: it stays for the next merge, which places it before anything newer.
         *
         * @return how many it placed
         */
        int scatter(StripedAppender.Target target, long origin, long from, long end) {
            if (head != null && (stamp >= end || stamp < from)) {
                return 0;
            }
            head = null;
            Chunk c = chunk;
            int i = index;
            int placed = 0;
            while (true) {
                if (i == STRIPE_CHUNK) {
                    Chunk following = c.next;
                    if (following == null) {
                        break;
                    }
                    c = following;
                    i = 0;
                }
                Object record = REF.getAcquire(c.records, i);
                if (record == null) {
                    break;
                }
                long s = c.stamps[i];
                if (s >= end || s < from) {
                    break;
                }
                target.set(origin + s, record);
                i++;
                placed++;
            }
            chunk = c;
            index = i;
            return placed;
        }

        void advance() {
            head = null;
            index++;
        }

        void mark() {
            head = null;
            markChunk = chunk;
            markIndex = index;
            releaseChunk = chunk;
            releaseIndex = index;
        }

        void reset() {
            head = null;
            chunk = markChunk;
            index = markIndex;
        }

        /** Clears the slots merged since {@link #mark()}, so stripes never keep merged records alive. */
        void release() {
            head = null;
            Chunk c = releaseChunk;
            int i = releaseIndex;
            while (c != chunk || i < index) {
                if (i == STRIPE_CHUNK) {
                    c = c.next;
                    i = 0;
                    continue;
                }
                c.records[i++] = null; // behind the writer, which never stores there again
            }
            releaseChunk = chunk;
            releaseIndex = index;
            markChunk = chunk;
            markIndex = index;
        }
    }

    /** Padding so that stripes written by different threads never share a cache line. */
    @SuppressWarnings("unused")
    private abstract static class PadBefore {
        long p01, p02, p03, p04, p05, p06, p07, p08;
        long p09, p10, p11, p12, p13, p14, p15, p16;
    }

    /** The fields of a stripe. */
    private abstract static class StripeFields extends PadBefore {
        /** The owning thread (null for a shared stripe); changed by CAS once the owner has terminated. */
        volatile Thread owner;
        /** 1 while a shared stripe is leased to an append. */
        volatile int lease;
        /** The first chunk, until the merge's cursor takes it. */
        Chunk first;
        Chunk tail;
        int tailIndex;
    }

    /** One part of the log, stored into by one thread at a time. */
    @SuppressWarnings("unused")
    private static final class Stripe extends StripeFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
        long q09, q10, q11, q12, q13, q14, q15, q16;

        /** A stripe with its storage, before anyone can see it. */
        Stripe(Thread owner, Chunk chunk) {
            this.owner = owner;
            this.first = chunk;
            this.tail = chunk;
        }
    }

    /** The global stamp counter, alone on its cache lines. */
    @SuppressWarnings("unused")
    private static final class Sequence extends PadBefore {
        volatile long value;
        long q01, q02, q03, q04, q05, q06, q07, q08;
        long q09, q10, q11, q12, q13, q14, q15, q16;
    }
}
