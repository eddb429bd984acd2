package io.papyra.persistence.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The write side of a log: writers append into stripes of their own, and one global sequence
 * number per record gives the single insertion order that readers merge the stripes by.
 *
 * <p>Why stripes: when two writers store into the same cache lines (one shared array), every
 * append moves a line between cores and costs about as much as a lock. Here a writer owns a
 * stripe and is the only thread that stores into it; the one line writers share is the sequence
 * counter, touched by a single {@code getAndAdd}.
 *
 * <p>An append first checks the most recently claimed stripe, then the thread's home slot
 * (its id, hashed). The first append of a thread claims a stripe there (a new one, or one whose
 * owner has terminated) with a CAS; after that its appends take no lock and no CAS. A thread that
 * finds no stripe to claim (more live writers than {@value #STRIPES}) appends to a shared overflow
 * stripe under a lock: slower, still correct.
 *
 * <p>Within a stripe, sequence numbers increase, because only its owner appends to it and takes
 * the number right before storing. The reader-side {@link #drain merge} therefore walks the
 * stripes in sequence order and stops at the first number not yet stored (readers wait for such
 * a writer: see {@code ChunkedLog.published()}). Capacity is allocated before the number is
 * taken, so a failed allocation leaves no gap.
 */
final class StripedAppender {

    /** Records per stripe chunk. */
    static final int STRIPE_CHUNK = 512;
    /** Home slots for writer threads; a stripe is only allocated when a thread claims its slot. */
    static final int STRIPES = 64;
    private static final int HASH_SHIFT = 64 - Integer.numberOfTrailingZeros(STRIPES);

    private static final VarHandle REF = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(Stripe[].class);
    private static final VarHandle SEQUENCE;
    private static final VarHandle OWNER;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(Sequence.class, "value", long.class);
            OWNER = MethodHandles.lookup().findVarHandle(StripeFields.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Receives merged records in sequence order. */
    interface Sink {
        void place(long sequence, Object record);
    }

    private final Sequence sequence = new Sequence();
    /** Null until claimed; a slot's stripe, once set, is never replaced (only its owner changes). */
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Stripe overflow = new Stripe();
    private final ThreadLocal<Stripe> displaced = new ThreadLocal<>();
    /** The stripe claimed last; see {@link #append}. */
    private volatile Stripe recent;
    /** Guarded by {@link #overflow}. */
    private boolean overflowUsed;

    /** The stripes ever claimed, which the merge walks; replaced (copy on write) under {@code this}. */
    private volatile Stripe[] claimed = new Stripe[0];
    /** Merge cursors, parallel to {@link #claimed}; touched only by {@link #drain}. */
    private Cursor[] cursors = new Cursor[0];


    // ---------------------------------------------------------------- writers

    /** Appends {@code record}; safe from any thread. */
    void append(Object record) {
        Thread thread = Thread.currentThread();
        // The stripe claimed last: with a single writer, the only one. Checking it first skips
        // hashing the thread's id, which costs about as much as the rest of an append.
        Stripe recent = this.recent;
        if (recent != null && recent.owner == thread && recent.hasRoom()) {
            recent.store(record, (long) SEQUENCE.getAndAdd(sequence, 1L));
            return;
        }
        int homeIndex = home(thread);
        Stripe home = stripes[homeIndex];
        if (home != null && home.owner == thread && home.hasRoom()) {
            home.store(record, (long) SEQUENCE.getAndAdd(sequence, 1L));
        } else {
            appendSlowly(thread, homeIndex, record);
        }
    }

    /** The home slot of a thread: Fibonacci hashing of its id, so consecutive ids spread out. */
    static int home(Thread thread) {
        @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
        long id = thread.getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> HASH_SHIFT);
    }

    private void appendSlowly(Thread thread, int homeIndex, Object record) {
        Stripe home = stripes[homeIndex];
        Stripe own = home != null && home.owner == thread ? home : ownedElsewhere(thread);
        if (own == null) {
            own = claim(thread, homeIndex);
        }
        if (own != null) {
            own.ensureRoom(); // before the number is taken: a failed allocation must leave no gap
            own.store(record, (long) SEQUENCE.getAndAdd(sequence, 1L));
            return;
        }
        synchronized (overflow) {
            if (!overflowUsed) {
                register(overflow);
                overflowUsed = true;
            }
            overflow.ensureRoom();
            overflow.store(record, (long) SEQUENCE.getAndAdd(sequence, 1L));
        }
    }

    private Stripe ownedElsewhere(Thread thread) {
        Stripe cached = displaced.get();
        return cached != null && cached.owner == thread ? cached : null;
    }

    /**
     * Claims a stripe for {@code thread}: a new one in the first empty slot from its home on, or
     * one whose owner has terminated; null if every slot holds a stripe of a live thread.
     */
    private Stripe claim(Thread thread, int homeIndex) {
        for (int probe = 0; probe < STRIPES; probe++) {
            int slot = (homeIndex + probe) & (STRIPES - 1);
            Stripe candidate = stripes[slot];
            if (candidate == null) {
                Stripe fresh = new Stripe();
                fresh.owner = thread;
                candidate = (Stripe) STRIPE.compareAndExchange(stripes, slot, null, fresh);
                if (candidate == null) {
                    register(fresh); // before its first number is taken, so the merge will look at it
                    return remember(fresh, probe);
                }
            }
            Thread owner = candidate.owner;
            // A terminated owner's stores are visible once isAlive() has returned false.
            if (!owner.isAlive() && OWNER.compareAndSet(candidate, owner, thread)) {
                return remember(candidate, probe);
            }
        }
        return null;
    }

    /**
     * Remembers a claimed stripe: as the most recent claim (written only here, so writers never
     * share a cache line through it) and, away from the thread's home slot, in a thread-local.
     */
    private Stripe remember(Stripe stripe, int probe) {
        recent = stripe;
        if (probe != 0) {
            displaced.set(stripe);
        }
        return stripe;
    }

    private synchronized void register(Stripe stripe) {
        claimed = Arrays.copyOf(claimed, claimed.length + 1);
        claimed[claimed.length - 1] = stripe;
    }

    /** Stripes claimed so far, overflow included; for tests of the claim paths. */
    int stripesInUse() {
        return claimed.length;
    }

    /** Whether some append went to the shared overflow stripe; for tests of the claim paths. */
    boolean overflowUsed() {
        synchronized (overflow) {
            return overflowUsed;
        }
    }

    /** Sequence numbers taken so far: every append that has started, stored or not; never reset. */
    long reserved() {
        return (long) SEQUENCE.getVolatile(sequence);
    }

    // ---------------------------------------------------------------- the merge (readers)

    /**
     * Moves records {@code from} onwards, in sequence order, into {@code sink} until the first
     * sequence number that is not stored yet. The caller serialises calls.
     *
     * @return the first sequence number not placed
     */
    long drain(long from, Sink sink) {
        long next = from;
        long reserved = reserved();
        if (next >= reserved) {
            return next;
        }
        Stripe[] walk = claimed; // read after reserved(): every stripe holding a number below it is in
        if (cursors.length < walk.length) {
            Cursor[] grown = Arrays.copyOf(cursors, walk.length);
            for (int i = cursors.length; i < walk.length; i++) {
                grown[i] = new Cursor(walk[i]);
            }
            cursors = grown;
        }
        boolean progress = true;
        while (next < reserved && progress) {
            progress = false;
            for (Cursor cursor : cursors) {
                // Drain a run: a busy writer often holds many consecutive numbers.
                while (cursor.peek() && cursor.sequence() == next) {
                    sink.place(next, cursor.head);
                    cursor.advance(); // only once placed: a failed placement loses nothing
                    next++;
                    progress = true;
                }
            }
        }
        return next;
    }

    // ---------------------------------------------------------------- types

    /** A chunk of a stripe: records and their sequence numbers. */
    private static final class Chunk {
        final Object[] records = new Object[STRIPE_CHUNK];
        final long[] sequences = new long[STRIPE_CHUNK];
        volatile Chunk next;
    }

    /** Where the merge has got to in one stripe. */
    private static final class Cursor {
        private final Stripe stripe;
        private Chunk chunk;
        private int index;
        private Object head;

        Cursor(Stripe stripe) {
            this.stripe = stripe;
        }

        /** Whether the next record of the stripe is stored; loads it as the head. */
        boolean peek() {
            if (head != null) {
                return true;
            }
            if (chunk == null) {
                chunk = stripe.takeFirst();
                if (chunk == null) {
                    return false;
                }
            }
            if (index == STRIPE_CHUNK) {
                Chunk following = chunk.next;
                if (following == null) {
                    return false;
                }
                chunk = following; // the consumed chunk is now garbage: nothing else holds it
                index = 0;
            }
            head = REF.getAcquire(chunk.records, index);
            return head != null;
        }

        long sequence() {
            return chunk.sequences[index];
        }

        void advance() {
            head = null;
            index++;
        }
    }

    /** Padding so that stripes written by different threads never share a cache line. */
    @SuppressWarnings("unused")
    private abstract static class PadBefore {
        long p01, p02, p03, p04, p05, p06, p07, p08;
        long p09, p10, p11, p12, p13, p14, p15, p16;
    }

    /** The fields of a stripe; written by its owner only, except {@code owner} (claims). */
    private abstract static class StripeFields extends PadBefore {
        volatile Thread owner;
        /**
         * The first chunk, set once by the owner and taken once by the merge: from then on the
         * merge's cursor is the only reference to the oldest chunk, so merged chunks become garbage.
         */
        volatile Chunk first;
        Chunk tail;
        int tailIndex;
    }

    /** One writer's part of the log. */
    @SuppressWarnings("unused")
    private static final class Stripe extends StripeFields {
        long q01, q02, q03, q04, q05, q06, q07, q08;
        long q09, q10, q11, q12, q13, q14, q15, q16;

        /** Hands the first chunk to the merge and forgets it; null until the owner has allocated it. */
        Chunk takeFirst() {
            Chunk chunk = first;
            if (chunk != null) {
                first = null;
            }
            return chunk;
        }

        boolean hasRoom() {
            return tailIndex < STRIPE_CHUNK;
        }

        void ensureRoom() {
            if (tail == null) {
                tail = new Chunk();
                tailIndex = 0;
                first = tail;
            } else if (tailIndex == STRIPE_CHUNK) {
                Chunk fresh = new Chunk();
                tail.next = fresh;
                tail = fresh;
                tailIndex = 0;
            }
        }

        void store(Object record, long sequence) {
            int i = tailIndex;
            Chunk chunk = tail;
            chunk.sequences[i] = sequence;
            REF.setRelease(chunk.records, i, record); // publishes the sequence number with it
            tailIndex = i + 1;
        }
    }

    /** The global sequence counter, alone on its cache lines. */
    @SuppressWarnings("unused")
    private static final class Sequence extends PadBefore {
        volatile long value;
        long q01, q02, q03, q04, q05, q06, q07, q08;
        long q09, q10, q11, q12, q13, q14, q15, q16;
    }
}
