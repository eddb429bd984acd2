package io.papyra.persistence.redis.internal;

import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.RetentionPolicy;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * Applies a retention policy to one log walked newest-first, one record at a time: age, then count,
 * then size, as {@link RetentionPolicy#retain} does over the whole list. Not thread-safe: one per walk.
 */
final class Retained {

    /** What retention makes of the next record, newest-first. */
    enum Verdict {
        /** Older than the age cutoff: hidden, and the walk goes on (insertion order is not timestamp order). */
        AGED,
        /** Kept. */
        VISIBLE,
        /** Beyond the count or size bound: hidden, and so is every older record. */
        STOP
    }

    private final @Nullable Instant cutoff;
    private final boolean bySize;
    private long countLeft;
    private long bytesLeft;

    Retained(RetentionPolicy policy, Instant now) {
        this.cutoff = policy.ageCutoff(now);
        this.bySize = policy.hasMaxTotalBytes();
        this.countLeft = policy.maxRecords();
        this.bytesLeft = policy.maxTotalBytes();
    }

    Verdict next(PersistenceRecord record) {
        if (cutoff != null && record.timestamp().isBefore(cutoff)) {
            return Verdict.AGED;
        }
        if (countLeft == 0) {
            return Verdict.STOP;
        }
        if (bySize) {
            long size = record.sizeInBytes();
            if (size > bytesLeft) {
                countLeft = 0;
                return Verdict.STOP;
            }
            bytesLeft -= size;
        }
        countLeft--;
        return Verdict.VISIBLE;
    }
}
