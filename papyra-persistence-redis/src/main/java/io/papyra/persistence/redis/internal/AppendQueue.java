package io.papyra.persistence.redis.internal;

import io.papyra.persistence.PersistenceRecord;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the appending threads and the one drainer: a ring of {@link Pending}
 * appends under one lock. {@link #offer} never waits for space (a full queue refuses) and holds the
 * lock for a few stores only; the drainer takes everything queued at once. The lock also makes
 * {@link #close()} and {@link #offer} mutually exclusive, so that an append accepted is always
 * drained, and numbers the accepted appends so that a read can wait for exactly those that were
 * accepted before it started. Thread-safe.
 */
final class AppendQueue {

    /** The outcome of {@link #offer}. */
    enum Offer { ACCEPTED, FULL, CLOSED }

    /**
     * One accepted append: its log's index (0 events, 1 audits, 2 dead letters) and the record, not yet
     * encoded (the drainer encodes it, so that the caller does not pay for the JSON).
     */
    record Pending(int log, PersistenceRecord record) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Pending[] ring;
    private int head;
    private int count;
    private long accepted;
    private boolean drainerWaiting;
    private volatile boolean closed;

    AppendQueue(int capacity) {
        ring = new Pending[capacity];
    }

    /** Adds {@code pending} unless the queue is full or closed; never waits for space. */
    Offer offer(Pending pending) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (count == ring.length) {
                return Offer.FULL;
            }
            int tail = head + count;
            ring[tail >= ring.length ? tail - ring.length : tail] = pending;
            count++;
            accepted++;
            if (drainerWaiting) {
                drainerWaiting = false;
                notEmpty.signal();
            }
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code waitNanos} until the queue holds an append or is closed.
     *
     * @return true if it holds one
     */
    boolean awaitNotEmpty(long waitNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = waitNanos;
            while (count == 0 && !closed && remaining > 0) {
                drainerWaiting = true;
                remaining = notEmpty.awaitNanos(remaining);
            }
            drainerWaiting = false;
            return count > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code into.length} appends into {@code into}, oldest first, without waiting.
     *
     * @return how many were moved
     */
    int drain(Pending[] into) {
        lock.lock();
        try {
            int n = Math.min(count, into.length);
            for (int i = 0; i < n; i++) {
                into[i] = ring[head];
                ring[head] = null;
                head = head + 1 == ring.length ? 0 : head + 1;
            }
            count -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** How many appends were accepted since the queue was created. */
    long accepted() {
        lock.lock();
        try {
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    /** How many appends are queued now. */
    int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later offer and wakes the drainer. Idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
