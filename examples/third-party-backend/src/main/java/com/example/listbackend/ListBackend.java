package com.example.listbackend;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.MetricsRecorder;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A simple, correct backend: three {@link ArrayList}s behind one {@link ReadWriteLock}. Appends
 * take the write lock; reads copy a log under the read lock, then apply the retention policy
 * (with {@link RetentionPolicy#retain}, against the configured clock), {@code since} and
 * {@code limit} outside it.
 *
 * <p>Capabilities: the three retention bounds and {@link Capability#COMPACTION}. It has no storage,
 * so it declares neither {@link Capability#SCAN} nor {@link Capability#RECOVERY} (both throw
 * {@link UnsupportedOperationException}), nor {@link Capability#DURABILITY}.
 *
 * <p>Costs: an append is O(1) amortised; a read is O(n) in the size of the log (it copies it). The
 * lists keep every record until {@link #compact()}, even those retention already hides.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class ListBackend implements PersistenceBackend {

    /** The name of the backend and of its provider. */
    public static final String NAME = "example-list";

    /** What this backend supports; the same for every instance. */
    public static final Set<Capability> CAPABILITIES = Set.of(Capability.COMPACTION,
            Capability.RETENTION_MAX_RECORDS, Capability.RETENTION_MAX_AGE, Capability.RETENTION_MAX_TOTAL_BYTES);

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final MetricsRecorder metrics = new MetricsRecorder();

    private final Lock readLock;
    private final Lock writeLock;
    /** Guarded by the lock: written under the write lock, read under either. */
    private final List<EventRecord> events = new ArrayList<>();
    private final List<AuditRecord> audits = new ArrayList<>();
    private final List<DeadLetterRecord> deadLetters = new ArrayList<>();
    /** Set under the write lock, so an append that takes the lock after close() returned sees it. */
    private volatile boolean closed;

    /** Creates a backend without retention, on the system clock. */
    public ListBackend() {
        this(BackendConfig.defaults());
    }

    /**
     * Creates a backend with the retention policy and the clock of {@code config}.
     *
     * @param config the configuration, never null
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalArgumentException if {@code config} has options: this backend takes none
     */
    public ListBackend(BackendConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        if (!config.options().isEmpty()) {
            throw new IllegalArgumentException(NAME + " takes no options, got " + config.options().keySet());
        }
        this.retention = config.retention();
        this.clock = config.clock();
        ReadWriteLock lock = new ReentrantReadWriteLock();
        this.readLock = lock.readLock();
        this.writeLock = lock.writeLock();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recordEvent(EventRecord event) {
        append(events, Objects.requireNonNull(event, "event must not be null"));
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        append(audits, Objects.requireNonNull(audit, "audit must not be null"));
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        append(deadLetters, Objects.requireNonNull(deadLetter, "deadLetter must not be null"));
    }

    private <R extends PersistenceRecord> void append(List<R> log, R record) {
        writeLock.lock();
        try {
            if (closed) {
                metrics.recordDropped();   // dropped, not thrown, and never silent
                return;
            }
            log.add(record);               // records are immutable: no copy needed
            metrics.recordWritten(0);      // no storage: no bytes written
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<EventRecord> listEvents(Query query) {
        return read(events, query);
    }

    @Override
    public List<AuditRecord> listAudits(Query query) {
        return read(audits, query);
    }

    @Override
    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return read(deadLetters, query);
    }

    private <R extends PersistenceRecord> List<R> read(List<R> log, Query query) {
        Objects.requireNonNull(query, "query must not be null");
        List<R> snapshot;
        readLock.lock();
        try {
            snapshot = new ArrayList<>(log);
        } finally {
            readLock.unlock();
        }
        // Retention first (age, then count, then size, on the configured clock), then since, then limit.
        // Without a bound there is nothing to apply: skip retain()'s pass over every record's size.
        List<R> retained = retention.isUnbounded() ? snapshot : retention.retain(snapshot, clock.instant());
        Instant since = query.since();
        List<R> selected = since == null ? retained
                : retained.stream().filter(r -> !r.timestamp().isBefore(since)).toList();
        if (query.limit() < selected.size()) {
            selected = selected.subList(selected.size() - (int) query.limit(), selected.size());
        }
        return List.copyOf(selected);
    }

    @Override
    public RetentionPolicy retention() {
        return retention;
    }

    @Override
    public PersistenceMetrics metrics() {
        return metrics;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Not supported: there is no storage to check.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public ScanReport scan() {
        throw new UnsupportedOperationException(NAME + " has no storage to scan (capabilities: " + CAPABILITIES + ")");
    }

    /**
     * Not supported: there is no storage to repair.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        throw new UnsupportedOperationException(NAME + " has no storage to recover (capabilities: " + CAPABILITIES + ")");
    }

    /**
     * Drops, from each log, what retention hides at this instant of the clock, so that reads at
     * the same instant return the same before and after.
     */
    @Override
    public CompactionReport compact() {
        writeLock.lock();
        try {
            Instant now = clock.instant();
            long before = (long) events.size() + audits.size() + deadLetters.size();
            retainInPlace(events, now);
            retainInPlace(audits, now);
            retainInPlace(deadLetters, now);
            long after = (long) events.size() + audits.size() + deadLetters.size();
            metrics.compacted();
            return CompactionReport.ofRecords(NAME, before, after);
        } finally {
            writeLock.unlock();
        }
    }

    private <R extends PersistenceRecord> void retainInPlace(List<R> log, Instant now) {
        List<R> kept = retention.retain(log, now);
        log.clear();
        log.addAll(kept);
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "ListBackend[" + retention + ", closed=" + closed + "]";
    }
}
