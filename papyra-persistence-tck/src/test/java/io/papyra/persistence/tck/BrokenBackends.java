package io.papyra.persistence.tck;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.ForwardingPersistenceBackend;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.MetricsRecorder;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The kit's subjects for its self-test ({@link KitSelfTest}): kits over backends that each break one
 * clause of the contract, mostly as decorators of the {@link ReferenceBackend}, and two backends that
 * do nothing at all. Each kit is a nested class, which Surefire does not run by itself; the
 * self-test runs them through the JUnit Platform's {@code EngineTestKit}.
 */
final class BrokenBackends {

    private BrokenBackends() {
    }

    /** A kit that remembers the names of the backends it created, which failure messages must start with. */
    abstract static class Kit extends PersistenceBackendTck {
        static final Map<Class<?>, Set<String>> CREATED = new ConcurrentHashMap<>();

        @Override
        protected final PersistenceBackend createBackend(TckContext context) {
            PersistenceBackend backend = create(context);
            if (backend != null) {
                String simple = backend.getClass().getSimpleName();
                CREATED.computeIfAbsent(getClass(), k -> ConcurrentHashMap.newKeySet())
                        .add(simple.isEmpty() ? backend.getClass().getName() : simple);
            }
            return backend;
        }

        abstract PersistenceBackend create(TckContext context);
    }

    // ---------------------------------------------------------------- helpers

    static ReferenceBackend reference(TckContext context) {
        return new ReferenceBackend(context.config(), ReferenceBackend.ALL);
    }

    static RetentionPolicy countOnly(RetentionPolicy policy) {
        return policy.hasMaxRecords() ? RetentionPolicy.none().withMaxRecords(policy.maxRecords()) : RetentionPolicy.none();
    }

    static RetentionPolicy ageOnly(RetentionPolicy policy) {
        Duration maxAge = policy.maxAge();
        return maxAge == null ? RetentionPolicy.none() : RetentionPolicy.none().withMaxAge(maxAge);
    }

    static RetentionPolicy sizeOnly(RetentionPolicy policy) {
        return policy.hasMaxTotalBytes()
                ? RetentionPolicy.none().withMaxTotalBytes(policy.maxTotalBytes()) : RetentionPolicy.none();
    }

    static RetentionPolicy withoutSize(RetentionPolicy policy) {
        RetentionPolicy kept = countOnly(policy);
        Duration maxAge = policy.maxAge();
        return maxAge == null ? kept : kept.withMaxAge(maxAge);
    }

    static Query withoutLimit(Query query) {
        Instant since = query.since();
        return since == null ? Query.all() : Query.since(since);
    }

    /** Applies since, then limit: what {@link ReferenceBackend#select} does. */
    static <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
        List<R> selected = new ArrayList<>();
        Instant since = query.since();
        for (R record : retained) {
            if (since == null || !record.timestamp().isBefore(since)) {
                selected.add(record);
            }
        }
        int from = selected.size() - (int) Math.min(query.limit(), selected.size());
        return List.copyOf(selected.subList(from, selected.size()));
    }

    // ---------------------------------------------------------------- backends that do nothing

    /**
     * Does nothing and never throws: appends are ignored (null ones too), reads are empty, no
     * capability, metrics always empty, maintenance returns null, close changes nothing.
     */
    static final class InertBackend implements PersistenceBackend {
        @Override
        public String name() {
            return "inert";
        }

        @Override
        public void recordEvent(EventRecord event) {
        }

        @Override
        public void recordAudit(AuditRecord audit) {
        }

        @Override
        public void recordDeadLetter(DeadLetterRecord deadLetter) {
        }

        @Override
        public List<EventRecord> listEvents(Query query) {
            return List.of();
        }

        @Override
        public List<AuditRecord> listAudits(Query query) {
            return List.of();
        }

        @Override
        public List<DeadLetterRecord> listDeadLetters(Query query) {
            return List.of();
        }

        @Override
        public RetentionPolicy retention() {
            return RetentionPolicy.none();
        }

        @Override
        public PersistenceMetrics metrics() {
            return new PersistenceMetrics() {
                @Override
                public MetricsSnapshot snapshot() {
                    return MetricsSnapshot.empty();
                }

                @Override
                public void reset() {
                }
            };
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public ScanReport scan() {
            return null;
        }

        @Override
        public RecoveryReport recover(RecoveryConfig config) {
            return null;
        }

        @Override
        public CompactionReport compact() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isClosed() {
            return false;
        }
    }

    /**
     * Stores nothing, but otherwise follows the letter of the contract: refuses null arguments and
     * retention bounds it has no capability for, throws UnsupportedOperationException from maintenance,
     * reports its policy and whether it is closed. The hardest backend for a kit to fail without
     * looking at what was stored.
     */
    static final class EmptyBackend implements PersistenceBackend {
        private final RetentionPolicy retention;
        private volatile boolean closed;

        @Override
        public String name() {
            return "empty";
        }

        EmptyBackend(BackendConfig config) {
            if (!config.retention().isUnbounded()) {
                throw new IllegalArgumentException("no retention capability, cannot honour " + config.retention());
            }
            this.retention = config.retention();
        }

        @Override
        public void recordEvent(EventRecord event) {
            Objects.requireNonNull(event);
        }

        @Override
        public void recordAudit(AuditRecord audit) {
            Objects.requireNonNull(audit);
        }

        @Override
        public void recordDeadLetter(DeadLetterRecord deadLetter) {
            Objects.requireNonNull(deadLetter);
        }

        @Override
        public List<EventRecord> listEvents(Query query) {
            Objects.requireNonNull(query);
            return List.of();
        }

        @Override
        public List<AuditRecord> listAudits(Query query) {
            Objects.requireNonNull(query);
            return List.of();
        }

        @Override
        public List<DeadLetterRecord> listDeadLetters(Query query) {
            Objects.requireNonNull(query);
            return List.of();
        }

        @Override
        public RetentionPolicy retention() {
            return retention;
        }

        @Override
        public PersistenceMetrics metrics() {
            return new MetricsRecorder();
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public ScanReport scan() {
            throw new UnsupportedOperationException("scan");
        }

        @Override
        public RecoveryReport recover(RecoveryConfig config) {
            Objects.requireNonNull(config);
            throw new UnsupportedOperationException("recover");
        }

        @Override
        public CompactionReport compact() {
            throw new UnsupportedOperationException("compact");
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

    static class DoesNothing extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new InertBackend();
        }
    }

    static class StoresNothing extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new EmptyBackend(context.config());
        }
    }

    // ---------------------------------------------------------------- retention defects

    static class IgnoresRetention extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(new ReferenceBackend(context.config().withRetention(RetentionPolicy.none()),
                    ReferenceBackend.ALL)) {
                @Override
                public RetentionPolicy retention() {
                    return context.retention();
                }
            };
        }
    }

    static class IgnoresByteRetention extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(new ReferenceBackend(
                    context.config().withRetention(withoutSize(context.retention())), ReferenceBackend.ALL)) {
                @Override
                public RetentionPolicy retention() {
                    return context.retention();
                }
            };
        }
    }

    static class UsesSystemClock extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config().withClock(InstantSource.system()), ReferenceBackend.ALL);
        }
    }

    static class CountBeforeAge extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    return sizeOnly(p).retain(ageOnly(p).retain(countOnly(p).retain(log, now), now), now);
                }
            };
        }
    }

    static class SizeBeforeAge extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    return countOnly(p).retain(ageOnly(p).retain(sizeOnly(p).retain(log, now), now), now);
                }
            };
        }
    }

    static class SizeSkipsMisfits extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    List<R> aged = countOnly(p).retain(ageOnly(p).retain(log, now), now);
                    if (!p.hasMaxTotalBytes()) {
                        return aged;
                    }
                    List<R> kept = new ArrayList<>();
                    long total = 0;
                    for (int i = aged.size() - 1; i >= 0; i--) {
                        long size = aged.get(i).sizeInBytes();
                        if (total + size <= p.maxTotalBytes()) {
                            total += size;
                            kept.add(aged.get(i));
                        }
                    }
                    Collections.reverse(kept);
                    return kept;
                }
            };
        }
    }

    /** Sizes records by UTF-16 length instead of {@link PersistenceRecord#sizeInBytes()}: wrong only for non-ASCII text. */
    static class SizeCountsChars extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    List<R> aged = countOnly(p).retain(ageOnly(p).retain(log, now), now);
                    if (!p.hasMaxTotalBytes()) {
                        return aged;
                    }
                    long total = 0;
                    int from = aged.size();
                    while (from > 0) {
                        long size = chars(aged.get(from - 1));
                        if (total + size > p.maxTotalBytes()) {
                            break;
                        }
                        total += size;
                        from--;
                    }
                    return new ArrayList<>(aged.subList(from, aged.size()));
                }
            };
        }

        private static long chars(PersistenceRecord record) {
            if (record instanceof EventRecord e) {
                return PersistenceRecord.TIMESTAMP_BYTES + e.systemId().length() + e.actorAddress().length()
                        + e.eventType().length() + chars(e.payload());
            }
            if (record instanceof AuditRecord a) {
                return PersistenceRecord.TIMESTAMP_BYTES + (long) AuditRecord.COUNTERS * PersistenceRecord.COUNTER_BYTES
                        + a.systemId().length() + String.join("", a.registryOrphans()).length()
                        + String.join("", a.registryDead()).length();
            }
            DeadLetterRecord d = (DeadLetterRecord) record;
            String target = d.targetAddress();
            return PersistenceRecord.TIMESTAMP_BYTES + d.systemId().length() + (target == null ? 0 : target.length())
                    + d.messageType().length() + chars(d.payload());
        }

        private static long chars(Object payload) {
            return JsonValues.canonicalJson(payload).length();
        }
    }

    static class AgeCutoffExclusive extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    List<R> kept = new ArrayList<>(super.retain(log, now));
                    Instant cutoff = retention().ageCutoff(now);
                    if (cutoff != null) {
                        kept.removeIf(r -> !r.timestamp().isAfter(cutoff));
                    }
                    return kept;
                }
            };
        }
    }

    /**
     * Keeps the three logs in one list and applies retention to it before filtering by kind: count
     * and size retention then span the three logs.
     */
    static class RetentionAcrossLogs extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            RetentionPolicy policy = context.retention();
            InstantSource clock = context.clock();
            return new ForwardingPersistenceBackend(new ReferenceBackend(context.config().withRetention(RetentionPolicy.none()),
                    ReferenceBackend.ALL)) {
                private final List<PersistenceRecord> all = new ArrayList<>();

                private synchronized <R extends PersistenceRecord> List<R> read(Class<R> kind, Query query) {
                    Objects.requireNonNull(query);
                    List<R> ofKind = new ArrayList<>();
                    for (PersistenceRecord record : policy.retain(all, clock.instant())) {
                        if (kind.isInstance(record)) {
                            ofKind.add(kind.cast(record));
                        }
                    }
                    return select(ofKind, query);
                }

                private synchronized void keep(PersistenceRecord record) {
                    if (!isClosed()) {
                        all.add(record);
                    }
                }

                @Override
                public void recordEvent(EventRecord event) {
                    delegate().recordEvent(event);
                    keep(event);
                }

                @Override
                public void recordAudit(AuditRecord audit) {
                    delegate().recordAudit(audit);
                    keep(audit);
                }

                @Override
                public void recordDeadLetter(DeadLetterRecord deadLetter) {
                    delegate().recordDeadLetter(deadLetter);
                    keep(deadLetter);
                }

                @Override
                public List<EventRecord> listEvents(Query query) {
                    return read(EventRecord.class, query);
                }

                @Override
                public List<AuditRecord> listAudits(Query query) {
                    return read(AuditRecord.class, query);
                }

                @Override
                public List<DeadLetterRecord> listDeadLetters(Query query) {
                    return read(DeadLetterRecord.class, query);
                }

                @Override
                public synchronized CompactionReport compact() {
                    delegate().compact(); // only to count it: the delegate keeps everything
                    long before = all.size();
                    List<PersistenceRecord> kept = policy.retain(all, clock.instant());
                    all.clear();
                    all.addAll(kept);
                    return CompactionReport.ofRecords(name(), before, all.size());
                }

                @Override
                public RetentionPolicy retention() {
                    return policy;
                }
            };
        }
    }

    static class ReportsNoRetention extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public RetentionPolicy retention() {
                    return RetentionPolicy.none();
                }
            };
        }
    }

    static class AcceptsUnsupportedRetention extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(new ReferenceBackend(context.config().withRetention(RetentionPolicy.none()),
                    ReferenceBackend.NONE)) {
                @Override
                public RetentionPolicy retention() {
                    return context.retention();
                }
            };
        }
    }

    // ---------------------------------------------------------------- query defects

    static class LimitOffByOne extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> matching = super.select(retained, withoutLimit(query));
                    long from = Math.max(0, matching.size() - query.limit() - 1);
                    return matching.subList((int) from, matching.size());
                }
            };
        }
    }

    static class LimitTakesOldest extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> matching = super.select(retained, withoutLimit(query));
                    return matching.subList(0, (int) Math.min(matching.size(), query.limit()));
                }
            };
        }
    }

    static class SinceExclusive extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> after = new ArrayList<>(retained);
                    Instant since = query.since();
                    if (since != null) {
                        after.removeIf(r -> !r.timestamp().isAfter(since));
                    }
                    return super.select(after, query);
                }
            };
        }
    }

    static class LimitBeforeSince extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> latest = super.select(retained, Query.latest(query.limit()));
                    return super.select(latest, withoutLimit(query));
                }
            };
        }
    }

    static class TimestampOrder extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> sorted = new ArrayList<>(retained);
                    sorted.sort(Comparator.comparing(PersistenceRecord::timestamp));
                    return super.select(sorted, query);
                }
            };
        }
    }

    static class ReverseOrder extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> newestFirst = new ArrayList<>(super.select(retained, query));
                    Collections.reverse(newestFirst);
                    return newestFirst;
                }
            };
        }
    }

    static class MutableReads extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public List<AuditRecord> listAudits(Query query) {
                    return new ArrayList<>(delegate().listAudits(query));
                }
            };
        }
    }

    static class LiveReads extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                private List<DeadLetterRecord> lastRead;

                @Override
                public synchronized List<DeadLetterRecord> listDeadLetters(Query query) {
                    lastRead = new ArrayList<>(delegate().listDeadLetters(query));
                    return Collections.unmodifiableList(lastRead);
                }

                @Override
                public synchronized void recordDeadLetter(DeadLetterRecord deadLetter) {
                    delegate().recordDeadLetter(deadLetter);
                    if (lastRead != null && !isClosed()) {
                        lastRead.add(deadLetter);
                    }
                }
            };
        }
    }

    static class NullQueryMeansAll extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public List<EventRecord> listEvents(Query query) {
                    return delegate().listEvents(query == null ? Query.all() : query);
                }
            };
        }
    }

    // ---------------------------------------------------------------- append and close defects

    static class Deduplicates extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                private final Set<Object> seen = new HashSet<>();

                @Override
                public synchronized void recordEvent(EventRecord event) {
                    if (event == null || seen.add(event)) {
                        delegate().recordEvent(event);
                    }
                }
            };
        }
    }

    /** Drops appends after close without counting them: a defect of the Python original. */
    static class SilentDrop extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public void recordEvent(EventRecord event) {
                    Objects.requireNonNull(event);
                    if (!isClosed()) {
                        delegate().recordEvent(event);
                    }
                }

                @Override
                public void recordAudit(AuditRecord audit) {
                    Objects.requireNonNull(audit);
                    if (!isClosed()) {
                        delegate().recordAudit(audit);
                    }
                }

                @Override
                public void recordDeadLetter(DeadLetterRecord deadLetter) {
                    Objects.requireNonNull(deadLetter);
                    if (!isClosed()) {
                        delegate().recordDeadLetter(deadLetter);
                    }
                }
            };
        }
    }

    /** Counts an append after close as written as well as dropped. */
    static class DropCountedAsWritten extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            ReferenceBackend reference = reference(context);
            return new ForwardingPersistenceBackend(reference) {
                @Override
                public void recordEvent(EventRecord event) {
                    if (event != null && isClosed()) {
                        reference.recorder().recordWritten(0);
                    }
                    delegate().recordEvent(event);
                }
            };
        }
    }

    /** Does not reset records_dropped: a defect of the Python original's reset. */
    static class ResetKeepsDropped extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                private final LongAdder dropped = new LongAdder();

                @Override
                public void recordEvent(EventRecord event) {
                    Objects.requireNonNull(event);
                    if (isClosed()) {
                        dropped.increment();
                    } else {
                        delegate().recordEvent(event);
                    }
                }

                @Override
                public PersistenceMetrics metrics() {
                    return new PersistenceMetrics() {
                        @Override
                        public MetricsSnapshot snapshot() {
                            MetricsSnapshot s = delegate().metrics().snapshot();
                            return new MetricsSnapshot(s.recordsWritten(), s.bytesWritten(),
                                    s.recordsDropped() + dropped.sum(), s.scans(), s.anomaliesDetected(),
                                    s.recoveries(), s.compactions(), s.writeErrors(), s.scanErrors(),
                                    s.recoveryErrors(), s.compactionErrors());
                        }

                        @Override
                        public void reset() {
                            delegate().metrics().reset();
                        }
                    };
                }
            };
        }
    }

    static class ThrowsAfterClose extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public void recordAudit(AuditRecord audit) {
                    if (isClosed()) {
                        throw new IllegalStateException("closed");
                    }
                    delegate().recordAudit(audit);
                }
            };
        }
    }

    static class CloseNotIdempotent extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public void close() {
                    if (isClosed()) {
                        throw new IllegalStateException("already closed");
                    }
                    delegate().close();
                }
            };
        }
    }

    static class NullAfterCloseDropped extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            ReferenceBackend reference = reference(context);
            return new ForwardingPersistenceBackend(reference) {
                @Override
                public void recordEvent(EventRecord event) {
                    if (event == null && isClosed()) {
                        reference.recorder().recordDropped();
                        return;
                    }
                    delegate().recordEvent(event);
                }
            };
        }
    }

    // ---------------------------------------------------------------- concurrency defects

    /**
     * Once a second thread has appended, loses one append in every 1,000, although it counts it as
     * written: correct on one thread, deterministically wrong under concurrent writers.
     */
    static class LosesConcurrentAppends extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            ReferenceBackend reference = reference(context);
            return new ForwardingPersistenceBackend(reference) {
                private final Set<Thread> writers = ConcurrentHashMap.newKeySet();
                private final AtomicLong concurrentAppends = new AtomicLong();

                private boolean lose(Object record) {
                    Objects.requireNonNull(record);
                    writers.add(Thread.currentThread());
                    if (writers.size() > 1 && !isClosed() && concurrentAppends.incrementAndGet() % 1000 == 0) {
                        reference.recorder().recordWritten(0);
                        return true;
                    }
                    return false;
                }

                @Override
                public void recordEvent(EventRecord event) {
                    if (!lose(event)) {
                        delegate().recordEvent(event);
                    }
                }

                @Override
                public void recordAudit(AuditRecord audit) {
                    if (!lose(audit)) {
                        delegate().recordAudit(audit);
                    }
                }

                @Override
                public void recordDeadLetter(DeadLetterRecord deadLetter) {
                    if (!lose(deadLetter)) {
                        delegate().recordDeadLetter(deadLetter);
                    }
                }
            };
        }
    }

    /**
     * Once a second thread has appended, every read swaps the last two events of one writer: a read
     * that is not a prefix of the log, deterministically, under concurrent writers.
     */
    static class TornConcurrentReads extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                private final Set<Thread> writers = ConcurrentHashMap.newKeySet();

                @Override
                public void recordEvent(EventRecord event) {
                    writers.add(Thread.currentThread());
                    delegate().recordEvent(event);
                }

                @Override
                public List<EventRecord> listEvents(Query query) {
                    List<EventRecord> read = new ArrayList<>(delegate().listEvents(query));
                    if (writers.size() > 1 && read.size() >= 2) {
                        EventRecord last = read.get(read.size() - 1);
                        for (int i = read.size() - 2; i >= 0; i--) {
                            if (read.get(i).systemId().startsWith(last.systemId().substring(0,
                                    last.systemId().lastIndexOf('-') + 1))) {
                                read.set(read.size() - 1, read.get(i));
                                read.set(i, last);
                                break;
                            }
                        }
                    }
                    return List.copyOf(read);
                }
            };
        }
    }

    // ---------------------------------------------------------------- capability, metrics and maintenance defects

    static class MutableCapabilities extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public Set<Capability> capabilities() {
                    return EnumSet.copyOf(delegate().capabilities());
                }
            };
        }
    }

    static class ClaimsScanWithout extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public ScanReport scan() {
                    throw new UnsupportedOperationException("scan");
                }
            };
        }
    }

    /** Compacts although it does not declare COMPACTION: what is declared is not what is implemented. */
    static class CompactsUndeclared extends Kit {
        private static final Set<Capability> WITHOUT_COMPACTION;

        static {
            Set<Capability> capabilities = EnumSet.copyOf(ReferenceBackend.ALL);
            capabilities.remove(Capability.COMPACTION);
            WITHOUT_COMPACTION = Collections.unmodifiableSet(capabilities);
        }

        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public Set<Capability> capabilities() {
                    return WITHOUT_COMPACTION;
                }
            };
        }
    }

    /** Claims DURABILITY, but a reopened backend starts empty. */
    static class ClaimsDurability extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.EVERY);
        }

        @Override
        protected PersistenceBackend reopenBackend(TckContext context, PersistenceBackend closed) {
            return create(context);
        }
    }

    /** Refuses compact() as it should without COMPACTION, but only after emptying the events. */
    static class RefusalChangesLog extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.NONE) {
                @Override
                public CompactionReport compact() {
                    synchronized (storage().events) {
                        storage().events.clear();
                    }
                    throw new UnsupportedOperationException("compact");
                }
            };
        }
    }

    static class RefusalCounts extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.NONE) {
                @Override
                public CompactionReport compact() {
                    recorder().compactionFailed();
                    return super.compact();
                }
            };
        }
    }

    static class CompactionIsNoOp extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                public CompactionReport compact() {
                    recorder().compacted();
                    return CompactionReport.ofRecords(name(), stored(), stored());
                }
            };
        }
    }

    static class CompactionDropsNewest extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> compacted(List<R> log, Instant now) {
                    List<R> kept = super.compacted(log, now);
                    return kept.isEmpty() ? kept : new ArrayList<>(kept.subList(0, kept.size() - 1));
                }
            };
        }
    }

    /** Compacts by the system clock although reads use the injected one. */
    static class CompactionUsesSystemClock extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> compacted(List<R> log, Instant now) {
                    return super.compacted(log, Instant.now());
                }
            };
        }
    }

    /** Never increments the scans counter. */
    static class ScansNeverCounted extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ForwardingPersistenceBackend(reference(context)) {
                @Override
                public PersistenceMetrics metrics() {
                    PersistenceMetrics metrics = delegate().metrics();
                    return new PersistenceMetrics() {
                        @Override
                        public MetricsSnapshot snapshot() {
                            MetricsSnapshot s = metrics.snapshot();
                            return new MetricsSnapshot(s.recordsWritten(), s.bytesWritten(), s.recordsDropped(), 0,
                                    s.anomaliesDetected(), s.recoveries(), s.compactions(), s.writeErrors(),
                                    s.scanErrors(), s.recoveryErrors(), s.compactionErrors());
                        }

                        @Override
                        public void reset() {
                            metrics.reset();
                        }
                    };
                }
            };
        }
    }

    static class RecoverCountsScan extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                public RecoveryReport recover(RecoveryConfig config) {
                    RecoveryReport report = super.recover(config);
                    scan();
                    return report;
                }
            };
        }
    }

    static class ScansOnOpen extends Kit {
        @Override
        PersistenceBackend create(TckContext context) {
            ReferenceBackend backend = reference(context);
            backend.scan();
            return backend;
        }
    }
}
