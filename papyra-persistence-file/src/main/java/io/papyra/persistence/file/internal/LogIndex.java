package io.papyra.persistence.file.internal;

import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * The in-memory index of one log: for each record in insertion order, its segment, offset and
 * length in that segment, its timestamp and its size, plus the running maximum of the timestamps,
 * which lets a read skip, by binary search, the prefix of the log where no timestamp reaches a
 * bound. About 48 bytes per record.
 *
 * <p>One thread (the writer, or maintenance holding the writer's lock) {@linkplain #add adds} and
 * {@linkplain #publish publishes}; readers take the published {@link View}, an immutable snapshot
 * (entries below its size are never written again, and arrays that grow are copied).
 */
final class LogIndex {

    /**
     * Records kept decoded per log, by position modulo this size: the newest appends (the writer
     * puts them there) and what reads decoded, so that repeated latest-N reads neither read nor
     * decode. A power of two.
     */
    static final int CACHE = 4096;

    /** One cache slot: immutable, so a slot written by one thread and read by another is safe without locks. */
    record Cached(int position, PersistenceRecord record) {
    }

    private final Cached[] cache = new Cached[CACHE];

    /** A published, immutable prefix of the index. */
    record View(int size, int[] segment, long[] offset, int[] length, long[] seconds, int[] nanos, long[] bytes,
                long[] maxSeconds, int[] maxNanos, Path[] segments, Cached[] cache) {

        /** The record at {@code position} if the cache holds it, else null. */
        PersistenceRecord cached(int position) {
            Cached c = cache[position & (CACHE - 1)];
            return c != null && c.position == position ? c.record : null;
        }

        /** Remembers the decoded record at {@code position}; any thread (a slot is one immutable holder). */
        void remember(int position, PersistenceRecord record) {
            cache[position & (CACHE - 1)] = new Cached(position, record);
        }

        /** Positions (ascending) of the records a read returns: retention, then since, then limit. */
        int[] select(RetentionPolicy retention, Instant now, Query query) {
            long limit = query.limit();
            if (limit == 0 || size == 0) {
                return new int[0];
            }
            Instant cutoff = retention.ageCutoff(now);
            Instant since = query.since();
            int low = 0;
            if (cutoff != null) {
                low = Math.max(low, firstReaching(cutoff));
            }
            if (since != null) {
                low = Math.max(low, firstReaching(since));
            }
            long maxRecords = retention.maxRecords();
            long maxBytes = retention.maxTotalBytes();
            boolean byBytes = retention.hasMaxTotalBytes();
            int[] out = new int[(int) Math.max(1, Math.min(limit, Math.min(size - low, 1024)))];
            int found = 0;
            long counted = 0;
            long total = 0;
            for (int i = size - 1; i >= low && found < limit; i--) {
                if (cutoff != null && before(i, cutoff)) {
                    continue;
                }
                if (counted == maxRecords) {
                    break;
                }
                if (byBytes) {
                    if (bytes[i] > maxBytes - total) {
                        break;
                    }
                    total += bytes[i];
                }
                counted++;
                if (since == null || !before(i, since)) {
                    if (found == out.length) {
                        out = Arrays.copyOf(out, found * 2);
                    }
                    out[found++] = i;
                }
            }
            int[] ascending = new int[found];
            for (int k = 0; k < found; k++) {
                ascending[k] = out[found - 1 - k];
            }
            return ascending;
        }

        private boolean before(int i, Instant bound) {
            long s = seconds[i];
            return s < bound.getEpochSecond() || (s == bound.getEpochSecond() && nanos[i] < bound.getNano());
        }

        /** The first position whose running maximum timestamp is at or after {@code bound}. */
        private int firstReaching(Instant bound) {
            int lo = 0;
            int hi = size;
            long bs = bound.getEpochSecond();
            int bn = bound.getNano();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                boolean below = maxSeconds[mid] < bs || (maxSeconds[mid] == bs && maxNanos[mid] < bn);
                if (below) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private int size;
    private int[] segment = new int[64];
    private long[] offset = new long[64];
    private int[] length = new int[64];
    private long[] seconds = new long[64];
    private int[] nanos = new int[64];
    private long[] bytes = new long[64];
    private long[] maxSeconds = new long[64];
    private int[] maxNanos = new int[64];
    private volatile View view = new View(0, segment, offset, length, seconds, nanos, bytes, maxSeconds, maxNanos,
            new Path[0], cache);

    /** Adds a record; visible to readers after the next {@link #publish}. Writer only. */
    void add(int seg, long off, int len, long sec, int nano, long size) {
        if (this.size == segment.length) {
            int capacity = this.size * 2;
            segment = Arrays.copyOf(segment, capacity);
            offset = Arrays.copyOf(offset, capacity);
            length = Arrays.copyOf(length, capacity);
            seconds = Arrays.copyOf(seconds, capacity);
            nanos = Arrays.copyOf(nanos, capacity);
            bytes = Arrays.copyOf(bytes, capacity);
            maxSeconds = Arrays.copyOf(maxSeconds, capacity);
            maxNanos = Arrays.copyOf(maxNanos, capacity);
        }
        int i = this.size;
        segment[i] = seg;
        offset[i] = off;
        length[i] = len;
        seconds[i] = sec;
        nanos[i] = nano;
        bytes[i] = size;
        if (i > 0 && (maxSeconds[i - 1] > sec || (maxSeconds[i - 1] == sec && maxNanos[i - 1] > nano))) {
            maxSeconds[i] = maxSeconds[i - 1];
            maxNanos[i] = maxNanos[i - 1];
        } else {
            maxSeconds[i] = sec;
            maxNanos[i] = nano;
        }
        this.size = i + 1;
    }

    /** Caches the record just added at {@code position}. Writer only. */
    void cache(int position, PersistenceRecord record) {
        cache[position & (CACHE - 1)] = new Cached(position, record);
    }

    /** Publishes what was added, with the paths of the segments the entries refer to. Writer only. */
    void publish(Path[] segments) {
        view = new View(size, segment, offset, length, seconds, nanos, bytes, maxSeconds, maxNanos, segments, cache);
    }

    /** The latest published view; any thread. */
    View view() {
        return view;
    }

    /** The end (offset + length) of entry {@code i}. Writer only. */
    long endOf(int i) {
        return offset[i] + length[i];
    }

    /** Copies entry {@code i} into {@code out}: offset, length, seconds, nanos, size. Writer only. */
    void entry(int i, long[] out) {
        out[0] = offset[i];
        out[1] = length[i];
        out[2] = seconds[i];
        out[3] = nanos[i];
        out[4] = bytes[i];
    }

    /** Records added so far (published or not). Writer only. */
    int size() {
        return size;
    }
}
