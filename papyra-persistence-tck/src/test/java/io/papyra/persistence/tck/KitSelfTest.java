package io.papyra.persistence.tck;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Tests the kit itself. A kit that passes a broken backend is worse than none, so each nested
 * class below runs the whole kit against a backend with one planted defect (the first three are
 * the known defects of the Python original) and the kit must fail it; and the kit must pass the
 * reference backend with no test skipped or aborted.
 */
class KitSelfTest {

    static Stream<Arguments> brokenBackends() {
        return Stream.of(
                Arguments.of("ignores retention on reads (defect of the original memory backend)", IgnoresRetention.class),
                Arguments.of("drops writes after close without counting them (defect of the original)", SilentDrop.class),
                Arguments.of("does not reset records_dropped (like the original's reset)", ResetKeepsDropped.class),
                Arguments.of("measures age on the system clock", UsesSystemClock.class),
                Arguments.of("applies count before age", CountBeforeAge.class),
                Arguments.of("applies size before age", SizeBeforeAge.class),
                Arguments.of("keeps older records that fit after one that did not", SizeSkipsMisfits.class),
                Arguments.of("hides the record exactly at the age cutoff", AgeCutoffExclusive.class),
                Arguments.of("returns the oldest N for a limit", LimitTakesOldest.class),
                Arguments.of("treats since as exclusive", SinceExclusive.class),
                Arguments.of("applies limit before since", LimitBeforeSince.class),
                Arguments.of("reads in timestamp order", TimestampOrder.class),
                Arguments.of("returns mutable lists", MutableReads.class),
                Arguments.of("returns live views instead of snapshots", LiveReads.class),
                Arguments.of("de-duplicates equal records", Deduplicates.class),
                Arguments.of("throws on appends after close", ThrowsAfterClose.class),
                Arguments.of("throws on a second close", CloseNotIdempotent.class),
                Arguments.of("treats a null query as Query.all()", NullQueryMeansAll.class),
                Arguments.of("counts a null record after close as dropped", NullAfterCloseDropped.class),
                Arguments.of("reports a retention policy other than the configured one", ReportsNoRetention.class),
                Arguments.of("accepts retention bounds it lacks the capability for", AcceptsUnsupportedRetention.class),
                Arguments.of("returns a modifiable capability set", MutableCapabilities.class),
                Arguments.of("claims SCAN but does not support it", ClaimsScanWithout.class),
                Arguments.of("counts a refused compaction", RefusalCounts.class),
                Arguments.of("compacts nothing although it claims COMPACTION", CompactionIsNoOp.class),
                Arguments.of("counts a scan inside recover", RecoverCountsScan.class),
                Arguments.of("scans when it is created", ScansOnOpen.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBackends")
    @DisplayName("self-test: the kit fails a backend that breaks one clause, with messages naming the backend")
    void kitFailsBrokenBackend(String defect, Class<? extends PersistenceBackendTck> kit) {
        TestExecutionSummary summary = run(kit);
        assertTrue(summary.getTestsFailedCount() > 0, "the kit passed a backend that " + defect
                + " (" + summary.getTestsSucceededCount() + " tests succeeded)");
        assertEquals(0, summary.getTestsSkippedCount() + summary.getTestsAbortedCount(),
                "the kit skipped or aborted tests of a backend that " + defect);
        List<String> unnamed = summary.getFailures().stream()
                .map(TestExecutionSummary.Failure::getException)
                .filter(e -> e instanceof AssertionError && (e.getMessage() == null || !e.getMessage().startsWith("[")))
                .map(String::valueOf)
                .collect(Collectors.toList());
        assertEquals(List.of(), unnamed, "assertion messages must start with [backend name]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {ReferenceBackendTckTest.class, MinimalReferenceBackendTckTest.class})
    @DisplayName("self-test: the kit passes the reference backend with no test skipped, aborted or disabled")
    void kitPassesReferenceBackend(Class<?> kit) {
        TestExecutionSummary summary = run(kit);
        assertEquals(List.of(), summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()
                + ": " + f.getException()).collect(Collectors.toList()), "failures of the reference backend");
        assertEquals(0, summary.getTestsSkippedCount(), "skipped (or @Disabled) tests");
        assertEquals(0, summary.getTestsAbortedCount(), "aborted tests (assumptions)");
        assertEquals(summary.getTestsFoundCount(), summary.getTestsSucceededCount(), "every test found succeeds");
        assertTrue(summary.getTestsFoundCount() > 100, "the kit has its tests, found " + summary.getTestsFoundCount());
    }

    private static TestExecutionSummary run(Class<?> kit) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    // ---------------------------------------------------------------- helpers for the broken backends

    private static ReferenceBackend reference(TckContext context) {
        return new ReferenceBackend(context.config(), ReferenceBackend.ALL);
    }

    private static RetentionPolicy countOnly(RetentionPolicy policy) {
        return policy.maxRecords().isPresent()
                ? RetentionPolicy.none().withMaxRecords(policy.maxRecords().getAsLong()) : RetentionPolicy.none();
    }

    private static RetentionPolicy ageOnly(RetentionPolicy policy) {
        return policy.maxAge().map(RetentionPolicy.none()::withMaxAge).orElse(RetentionPolicy.none());
    }

    private static RetentionPolicy sizeOnly(RetentionPolicy policy) {
        return policy.maxTotalBytes().isPresent()
                ? RetentionPolicy.none().withMaxTotalBytes(policy.maxTotalBytes().getAsLong()) : RetentionPolicy.none();
    }

    private static Query withoutLimit(Query query) {
        return query.since().map(Query::since).orElse(Query.all());
    }

    // ---------------------------------------------------------------- retention defects

    static class IgnoresRetention extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(new ReferenceBackend(context.config().withRetention(RetentionPolicy.none()),
                    ReferenceBackend.ALL)) {
                @Override
                public RetentionPolicy retention() {
                    return context.retention();
                }
            };
        }
    }

    static class UsesSystemClock extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config().withClock(InstantSource.system()), ReferenceBackend.ALL);
        }
    }

    static class CountBeforeAge extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    return sizeOnly(p).retain(ageOnly(p).retain(countOnly(p).retain(log, now), now), now);
                }
            };
        }
    }

    static class SizeBeforeAge extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    return countOnly(p).retain(ageOnly(p).retain(sizeOnly(p).retain(log, now), now), now);
                }
            };
        }
    }

    static class SizeSkipsMisfits extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    RetentionPolicy p = retention();
                    List<R> aged = countOnly(p).retain(ageOnly(p).retain(log, now), now);
                    if (p.maxTotalBytes().isEmpty()) {
                        return aged;
                    }
                    List<R> kept = new ArrayList<>();
                    long total = 0;
                    for (int i = aged.size() - 1; i >= 0; i--) {
                        long size = aged.get(i).sizeInBytes();
                        if (total + size <= p.maxTotalBytes().getAsLong()) {
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

    static class AgeCutoffExclusive extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> retain(List<R> log, Instant now) {
                    List<R> kept = new ArrayList<>(super.retain(log, now));
                    retention().ageCutoff(now).ifPresent(cutoff -> kept.removeIf(r -> !r.timestamp().isAfter(cutoff)));
                    return kept;
                }
            };
        }
    }

    static class ReportsNoRetention extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public RetentionPolicy retention() {
                    return RetentionPolicy.none();
                }
            };
        }
    }

    static class AcceptsUnsupportedRetention extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(new ReferenceBackend(context.config().withRetention(RetentionPolicy.none()),
                    ReferenceBackend.NONE)) {
                @Override
                public RetentionPolicy retention() {
                    return context.retention();
                }
            };
        }
    }

    // ---------------------------------------------------------------- query defects

    static class LimitTakesOldest extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> matching = super.select(retained, withoutLimit(query));
                    return matching.subList(0, Math.min(matching.size(), query.limitOrMax()));
                }
            };
        }
    }

    static class SinceExclusive extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> after = new ArrayList<>(retained);
                    Instant since = query.sinceOrNull();
                    if (since != null) {
                        after.removeIf(r -> !r.timestamp().isAfter(since));
                    }
                    return super.select(after, query);
                }
            };
        }
    }

    static class LimitBeforeSince extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                <R extends PersistenceRecord> List<R> select(List<R> retained, Query query) {
                    List<R> latest = super.select(retained, Query.latest(query.limitOrMax()));
                    return super.select(latest, withoutLimit(query));
                }
            };
        }
    }

    static class TimestampOrder extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
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

    static class MutableReads extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public List<AuditRecord> listAudits(Query query) {
                    return new ArrayList<>(delegate.listAudits(query));
                }
            };
        }
    }

    static class LiveReads extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                private List<DeadLetterRecord> lastRead;

                @Override
                public synchronized List<DeadLetterRecord> listDeadLetters(Query query) {
                    lastRead = new ArrayList<>(delegate.listDeadLetters(query));
                    return Collections.unmodifiableList(lastRead);
                }

                @Override
                public synchronized void recordDeadLetter(DeadLetterRecord deadLetter) {
                    delegate.recordDeadLetter(deadLetter);
                    if (lastRead != null && !isClosed()) {
                        lastRead.add(deadLetter);
                    }
                }
            };
        }
    }

    static class NullQueryMeansAll extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public List<EventRecord> listEvents(Query query) {
                    return delegate.listEvents(query == null ? Query.all() : query);
                }
            };
        }
    }

    // ---------------------------------------------------------------- append and close defects

    static class Deduplicates extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                private final Set<Object> seen = new HashSet<>();

                @Override
                public synchronized void recordEvent(EventRecord event) {
                    if (event == null || seen.add(event)) {
                        delegate.recordEvent(event);
                    }
                }
            };
        }
    }

    static class SilentDrop extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public void recordEvent(EventRecord event) {
                    Objects.requireNonNull(event);
                    if (!isClosed()) {
                        delegate.recordEvent(event);
                    }
                }

                @Override
                public void recordAudit(AuditRecord audit) {
                    Objects.requireNonNull(audit);
                    if (!isClosed()) {
                        delegate.recordAudit(audit);
                    }
                }

                @Override
                public void recordDeadLetter(DeadLetterRecord deadLetter) {
                    Objects.requireNonNull(deadLetter);
                    if (!isClosed()) {
                        delegate.recordDeadLetter(deadLetter);
                    }
                }
            };
        }
    }

    static class ResetKeepsDropped extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                private final LongAdder dropped = new LongAdder();

                @Override
                public void recordEvent(EventRecord event) {
                    Objects.requireNonNull(event);
                    if (isClosed()) {
                        dropped.increment();
                    } else {
                        delegate.recordEvent(event);
                    }
                }

                @Override
                public PersistenceMetrics metrics() {
                    return new PersistenceMetrics() {
                        @Override
                        public MetricsSnapshot snapshot() {
                            MetricsSnapshot s = delegate.metrics().snapshot();
                            return new MetricsSnapshot(s.recordsWritten(), s.bytesWritten(),
                                    s.recordsDropped() + dropped.sum(), s.scans(), s.anomaliesDetected(),
                                    s.recoveries(), s.compactions(), s.writeErrors(), s.scanErrors(),
                                    s.recoveryErrors(), s.compactionErrors());
                        }

                        @Override
                        public void reset() {
                            delegate.metrics().reset();
                        }
                    };
                }
            };
        }
    }

    static class ThrowsAfterClose extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public void recordAudit(AuditRecord audit) {
                    if (isClosed()) {
                        throw new IllegalStateException("closed");
                    }
                    delegate.recordAudit(audit);
                }
            };
        }
    }

    static class CloseNotIdempotent extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public void close() {
                    if (isClosed()) {
                        throw new IllegalStateException("already closed");
                    }
                    delegate.close();
                }
            };
        }
    }

    static class NullAfterCloseDropped extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            ReferenceBackend reference = reference(context);
            return new ForwardingBackend(reference) {
                @Override
                public void recordEvent(EventRecord event) {
                    if (event == null && isClosed()) {
                        reference.recorder().recordDropped();
                        return;
                    }
                    delegate.recordEvent(event);
                }
            };
        }
    }

    // ---------------------------------------------------------------- capability and maintenance defects

    static class MutableCapabilities extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public Set<Capability> capabilities() {
                    return EnumSet.copyOf(delegate.capabilities());
                }
            };
        }
    }

    static class ClaimsScanWithout extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ForwardingBackend(reference(context)) {
                @Override
                public ScanReport scan() {
                    throw new UnsupportedOperationException("scan");
                }
            };
        }
    }

    static class RefusalCounts extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.NONE) {
                @Override
                public CompactionReport compact() {
                    recorder().compactionFailed();
                    return super.compact();
                }
            };
        }
    }

    static class CompactionIsNoOp extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            return new ReferenceBackend(context.config(), ReferenceBackend.ALL) {
                @Override
                public CompactionReport compact() {
                    recorder().compacted();
                    return CompactionReport.ofRecords(stored(), stored());
                }
            };
        }
    }

    static class RecoverCountsScan extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
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

    static class ScansOnOpen extends PersistenceBackendTck {
        @Override
        protected PersistenceBackend createBackend(TckContext context) {
            ReferenceBackend backend = reference(context);
            backend.scan();
            return backend;
        }
    }
}
