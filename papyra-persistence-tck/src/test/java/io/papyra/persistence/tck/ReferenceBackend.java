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
 * capability a policy with that bound is refused.
 */
class ReferenceBackend implements PersistenceBackend {

    /** Every capability but durability. */
    static final Set<Capability> ALL = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)));

    /** No optional capability at all. */
    static final Set<Capability> NONE = Collections.unmodifiableSet(EnumSet.noneOf(Capability.class));

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final Set<Capability> capabilities;
    private final MetricsRecorder metrics = new MetricsRecorder();
    private final Log<EventRecord> events = new Log<>();
    private final Log<AuditRecord> audits = new Log<>();
    private final Log<DeadLetterRecord> deadLetters = new Log<>();
    private volatile boolean closed;

    ReferenceBackend(BackendConfig config, Set<Capability> capabilities) {
        this.retention = config.retention();
        this.clock = config.clock();
        this.capabilities = capabilities;
        require(retention.maxRecords().isPresent(), Capability.RETENTION_MAX_RECORDS);
        require(retention.maxAge().isPresent(), Capability.RETENTION_MAX_AGE);
        require(retention.maxTotalBytes().isPresent(), Capability.RETENTION_MAX_TOTAL_BYTES);
    }

    private void require(boolean needed, Capability capability) {
        if (needed && !capabilities.contains(capability)) {
            throw new IllegalArgumentException("this backend lacks " + capability + ", needed by " + retention);
        }
    }

    /** One append-only log; every access holds its lock. */
    private final class Log<R extends PersistenceRecord> {
        private final List<R> records = new ArrayList<>();

        void append(R record) {
            Objects.requireNonNull(record, "record must not be null");
            if (closed) {
                metrics.recordDropped();
                return;
            }
            synchronized (this) {
                records.add(record);
            }
            metrics.recordWritten(0);
        }

        List<R> read(Query query) {
            Objects.requireNonNull(query, "query must not be null");
            List<R> copy;
            synchronized (this) {
                copy = new ArrayList<>(records);
            }
            return List.copyOf(select(retain(copy, clock.instant()), query));
        }

        synchronized int size() {
            return records.size();
        }

        synchronized void compact(Instant now) {
            List<R> kept = retain(records, now);
            records.clear();
            records.addAll(kept);
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
     * Applies a query's {@code since}, then its {@code limit}, to the retained records. A hook for the
     * kit's self-test, like {@link #retain}.
     */
    <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
        List<R> selected = new ArrayList<>();
        Instant since = query.sinceOrNull();
        for (R record : retained) {
            if (since == null || !record.timestamp().isBefore(since)) {
                selected.add(record);
            }
        }
        int from = Math.max(0, selected.size() - query.limitOrMax());
        return selected.subList(from, selected.size());
    }

    /** Returns how many records the three logs store, hidden ones included. */
    long stored() {
        return events.size() + audits.size() + deadLetters.size();
    }

    /** Returns the counters, for subclasses that count on their own. */
    MetricsRecorder recorder() {
        return metrics;
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
        return ScanReport.clean();
    }

    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        supports(Capability.RECOVERY);
        metrics.recovered();
        return RecoveryReport.nothingToDo(config.mode());
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
        return CompactionReport.ofRecords(before, after);
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
