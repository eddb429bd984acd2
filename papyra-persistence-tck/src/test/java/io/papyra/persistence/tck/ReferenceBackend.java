package io.papyra.persistence.tck;

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
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deliberately simple backend that follows the contract to the letter, so that the kit can prove
 * itself green in its own module: three lists each guarded by its own lock, retention through
 * {@link RetentionPolicy#retain(List, Instant)}, and compaction that rebuilds the lists. Not fast,
 * not meant to be; obviously correct is the point.
 *
 * <p>The capabilities it claims are a constructor argument, so that the kit's refusal paths run
 * too: without an optional operation's capability the operation throws, and without a retention
 * capability a policy with that bound is refused. Its records live in a {@link Storage} that a
 * second backend can be opened over, so that it can claim {@link Capability#DURABILITY} honestly.
 */
class ReferenceBackend implements PersistenceBackend {

    /** Every capability but durability. */
    static final Set<Capability> ALL = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)));

    /** Every capability, durability included: for a backend opened over a {@link Storage} that outlives it. */
    static final Set<Capability> EVERY = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    /** No optional capability at all. */
    static final Set<Capability> NONE = Collections.unmodifiableSet(EnumSet.noneOf(Capability.class));

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final Set<Capability> capabilities;
    private final MetricsRecorder metrics = new MetricsRecorder();
    private final Storage storage;
    private final Log<EventRecord> events;
    private final Log<AuditRecord> audits;
    private final Log<DeadLetterRecord> deadLetters;
    private volatile boolean closed;

    /** Where a reference backend keeps its records: three lists, which outlive the backend. */
    static final class Storage {
        final List<EventRecord> events = new ArrayList<>();
        final List<AuditRecord> audits = new ArrayList<>();
        final List<DeadLetterRecord> deadLetters = new ArrayList<>();
    }

    ReferenceBackend(BackendConfig config, Set<Capability> capabilities) {
        this(config, capabilities, new Storage());
    }

    ReferenceBackend(BackendConfig config, Set<Capability> capabilities, Storage storage) {
        this.storage = storage;
        this.events = new Log<>(storage.events);
        this.audits = new Log<>(storage.audits);
        this.deadLetters = new Log<>(storage.deadLetters);
        this.retention = config.retention();
        this.clock = config.clock();
        this.capabilities = capabilities;
        require(retention.hasMaxRecords(), Capability.RETENTION_MAX_RECORDS);
        require(retention.hasMaxAge(), Capability.RETENTION_MAX_AGE);
        require(retention.hasMaxTotalBytes(), Capability.RETENTION_MAX_TOTAL_BYTES);
    }

    private void require(boolean needed, Capability capability) {
        if (needed && !capabilities.contains(capability)) {
            throw new IllegalArgumentException("this backend lacks " + capability + ", needed by " + retention);
        }
    }

    /** One append-only log; every access holds the lock of its list. */
    private final class Log<R extends PersistenceRecord> {
        private final List<R> records;

        Log(List<R> records) {
            this.records = records;
        }

        void append(R record) {
            Objects.requireNonNull(record, "record must not be null");
            if (closed) {
                metrics.recordDropped();
                return;
            }
            synchronized (records) {
                records.add(record);
            }
            metrics.recordWritten(0);
        }

        List<R> read(Query query) {
            Objects.requireNonNull(query, "query must not be null");
            List<R> copy;
            synchronized (records) {
                copy = new ArrayList<>(records);
            }
            return List.copyOf(select(retain(copy, clock.instant()), query));
        }

        int size() {
            synchronized (records) {
                return records.size();
            }
        }

        void compact(Instant now) {
            synchronized (records) {
                List<R> kept = compacted(new ArrayList<>(records), now);
                records.clear();
                records.addAll(kept);
            }
        }
    }

    /**
     * Applies the retention policy to one log. A hook so that the kit's self-test can plant
     * retention defects; this implementation is the API's reference one.
     */
    <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
        return retention.retain(log, now);
    }

    /**
     * What compaction keeps of one log at {@code now}: what retention shows. A hook for the kit's
     * self-test, like {@link #retain}.
     */
    <R extends PersistenceRecord> List<R> compacted(List<R> log, Instant now) {
        return retain(log, now);
    }

    /**
     * Applies a query's {@code since}, then its {@code limit}, to the retained records. A hook for the
     * kit's self-test, like {@link #retain}.
     */
    <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
        List<R> selected = new ArrayList<>();
        Instant since = query.since();
        for (R record : retained) {
            if (since == null || !record.timestamp().isBefore(since)) {
                selected.add(record);
            }
        }
        int from = selected.size() - (int) Math.min(query.limit(), selected.size());
        return selected.subList(from, selected.size());
    }

    /** Returns how many records the three logs store, hidden ones included. */
    long stored() {
        return events.size() + audits.size() + deadLetters.size();
    }

    /** Returns the storage, for a backend reopened over it. */
    Storage storage() {
        return storage;
    }

    /** Returns the counters, for subclasses that count on their own. */
    MetricsRecorder recorder() {
        return metrics;
    }

    /** The name that reports carry. */
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void recordEvent(EventRecord event) {
        events.append(event);
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        audits.append(audit);
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        deadLetters.append(deadLetter);
    }

    @Override
    public List<EventRecord> listEvents(Query query) {
        return events.read(query);
    }

    @Override
    public List<AuditRecord> listAudits(Query query) {
        return audits.read(query);
    }

    @Override
    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return deadLetters.read(query);
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
        return capabilities;
    }

    @Override
    public ScanReport scan() {
        supports(Capability.SCAN);
        metrics.scanned(0);
        return ScanReport.clean(name());
    }

    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        supports(Capability.RECOVERY);
        metrics.recovered();
        return RecoveryReport.nothingToDo(name(), config.mode());
    }

    @Override
    public CompactionReport compact() {
        supports(Capability.COMPACTION);
        Instant now = clock.instant();
        long before = stored();
        events.compact(now);
        audits.compact(now);
        deadLetters.compact(now);
        long after = stored();
        metrics.compacted();
        return CompactionReport.ofRecords(name(), before, after);
    }

    private void supports(Capability capability) {
        if (!capabilities.contains(capability)) {
            throw new UnsupportedOperationException(capability + " is not supported by this backend");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
