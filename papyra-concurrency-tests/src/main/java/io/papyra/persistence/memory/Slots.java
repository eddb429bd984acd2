package io.papyra.persistence.memory;

/** A small merge target for the jcstress tests: positions in an array. */
final class Slots implements StripedAppender.Target {
    final Object[] positions = new Object[16];

    @Override
    public void set(long index, Object record) {
        positions[(int) index] = record;
    }

    @Override
    public Object get(long index) {
        return positions[(int) index];
    }

    /** The index of {@code record} among the first {@code placed} positions, or -1. */
    int indexOf(Object record, long placed) {
        for (int i = 0; i < placed; i++) {
            if (positions[i] == record) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the first {@code placed} positions hold each of {@code records} once, and nothing else. */
    boolean holdsEachOnce(long placed, Object... records) {
        if (placed != records.length) {
            return false;
        }
        for (Object record : records) {
            int at = indexOf(record, placed);
            if (at < 0) {
                return false;
            }
            for (int i = at + 1; i < placed; i++) {
                if (positions[i] == record) {
                    return false;
                }
            }
        }
        return true;
    }
}
