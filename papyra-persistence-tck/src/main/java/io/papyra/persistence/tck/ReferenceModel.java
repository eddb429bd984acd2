package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The contract written as plainly as possible, for the model-based test to compare a backend with:
 * three lists, retention through the API's reference {@link RetentionPolicy#retain}, then
 * {@code since} and {@code limit}, and the counters a backend must keep. Written for clarity, not
 * speed. Not thread-safe; one model per sequence.
 */
final class ReferenceModel {

    private final RetentionPolicy policy;
    private final Map<LogKind, List<PersistenceRecord>> logs = new EnumMap<>(LogKind.class);
    long written;
    long dropped;
    long scans;
    long recoveries;
    long compactions;
    boolean closed;

    ReferenceModel(RetentionPolicy policy) {
        this.policy = policy;
        for (LogKind log : LogKind.values()) {
            logs.put(log, new ArrayList<>());
        }
    }

    /** An append: stored and counted while open, counted as dropped once closed. */
    void append(LogKind log, PersistenceRecord record) {
        if (closed) {
            dropped++;
        } else {
            logs.get(log).add(record);
            written++;
        }
    }

    /** What retention keeps of {@code log} at {@code now}, before the query's filters. */
    List<PersistenceRecord> retained(LogKind log, Instant now) {
        return policy.retain(logs.get(log), now);
    }

    /** What a read of {@code log} with {@code query} at {@code now} returns: retention, then since, then limit. */
    List<PersistenceRecord> read(LogKind log, Query query, Instant now) {
        List<PersistenceRecord> selected = new ArrayList<>();
        for (PersistenceRecord record : retained(log, now)) {
            Instant since = query.since();
            if (since == null || !record.timestamp().isBefore(since)) {
                selected.add(record);
            }
        }
        int from = (int) Math.max(0, selected.size() - Math.min(query.limit(), selected.size()));
        return List.copyOf(selected.subList(from, selected.size()));
    }

    /** Records stored in the three logs together, hidden ones included. */
    long stored() {
        long stored = 0;
        for (List<PersistenceRecord> log : logs.values()) {
            stored += log.size();
        }
        return stored;
    }

    /**
     * A compaction at {@code now}: each log keeps exactly what retention shows.
     *
     * @return the records stored before and after, as {@code {before, after}}
     */
    long[] compact(Instant now) {
        long before = stored();
        for (LogKind log : LogKind.values()) {
            List<PersistenceRecord> kept = retained(log, now);
            logs.get(log).clear();
            logs.get(log).addAll(kept);
        }
        compactions++;
        return new long[] {before, stored()};
    }

    /** {@code metrics().reset()}: every counter back to zero. */
    void resetCounters() {
        written = 0;
        dropped = 0;
        scans = 0;
        recoveries = 0;
        compactions = 0;
    }
}
