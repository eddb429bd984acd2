package io.papyra.persistence.redis.internal;

import io.papyra.persistence.PersistenceRecord;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;

/**
 * The records that reads decoded lately, per log, so that a read that meets the same entry again (a
 * dashboard polling the newest 100, a {@code since} poller reading its overlap) does not decode it
 * again. An entry is found by its stream id and must hold the very bytes it held when decoded: a
 * stream recreated under the same key can reuse an id for other data, and then it is decoded anew.
 * A record is immutable and decoding is a function of the bytes, so the record found is the one a
 * decode would return.
 *
 * <p>Direct-mapped: {@code size} slots per log (a power of two), each holding one entry's id, a copy
 * of its data and its record; an entry whose slot is taken replaces what was there. At most
 * {@code 3 * size} records and their JSON are kept. Thread-safe without locks: a slot is an immutable
 * object, written and read whole (a racing reader sees the old slot, the new one or none).
 */
final class DecodedCache {

    /** One decoded entry. Final fields: a slot read through a race is seen fully built. */
    private static final class Slot {
        final long ms;
        final long seq;
        final byte[] data;
        final PersistenceRecord record;

        Slot(long ms, long seq, byte[] data, PersistenceRecord record) {
            this.ms = ms;
            this.seq = seq;
            this.data = data;
            this.record = record;
        }
    }

    private final Slot[][] logs;
    private final int shift;

    /**
     * A cache of {@code size} records per log, rounded up to a power of two (at least 2); 0 keeps nothing.
     *
     * @throws IllegalArgumentException if {@code size} is negative or above 2^20
     */
    DecodedCache(int size) {
        if (size < 0 || size > 1 << 20) {
            throw new IllegalArgumentException("size must be from 0 to " + (1 << 20) + ", was " + size);
        }
        int slots = size == 0 ? 0 : Math.max(2, Integer.highestOneBit(size - 1) << 1); // the next power of two
        this.logs = new Slot[3][slots];
        this.shift = 64 - Integer.numberOfTrailingZeros(Math.max(slots, 2));
    }

    /** How many records each log keeps at most. */
    int slotsPerLog() {
        return logs[0].length;
    }

    /**
     * The record decoded from entry {@code ms-seq} of {@code log} when it held {@code data[offset, offset + length)},
     * or null if it is not kept (or the id is not two numbers, -1).
     */
    @Nullable PersistenceRecord get(int log, long ms, long seq, byte[] data, int offset, int length) {
        Slot[] slots = logs[log];
        if (slots.length == 0 || ms < 0 || seq < 0) {
            return null;
        }
        Slot slot = slots[index(ms, seq)];
        if (slot == null || slot.ms != ms || slot.seq != seq
                || !Arrays.equals(slot.data, 0, slot.data.length, data, offset, offset + length)) {
            return null;
        }
        return slot.record;
    }

    /** Keeps {@code record}, decoded from entry {@code ms-seq} of {@code log} holding {@code data[offset, offset + length)}. */
    void put(int log, long ms, long seq, byte[] data, int offset, int length, PersistenceRecord record) {
        Slot[] slots = logs[log];
        if (slots.length == 0 || ms < 0 || seq < 0) {
            return;
        }
        slots[index(ms, seq)] = new Slot(ms, seq, Arrays.copyOfRange(data, offset, offset + length), record);
    }

    /** Multiplicative hashing of the id: neighbouring ids (the newest entries, read together) land apart. */
    private int index(long ms, long seq) {
        return (int) ((ms * 0x9E3779B97F4A7C15L + seq * 0xC2B2AE3D27D4EB4FL) >>> shift);
    }
}
