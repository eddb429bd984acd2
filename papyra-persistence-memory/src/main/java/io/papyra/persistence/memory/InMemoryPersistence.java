package io.papyra.persistence.memory;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
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

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The in-memory reference backend: three append-only logs in process memory, no I/O, no
 * durability. For tests, local development and short-lived systems; everything is lost when the
 * process exits.
 *
 * <ul>
 *   <li><b>Appends</b> take no lock and wait for nothing on their fast path (a thread appending to
 *       its own stripe): one {@code getAndAdd} on a shared stamp counter, which fixes the insertion
 *       order, and three stores; no copying of the log, no clock read, 12 bytes allocated per
 *       record (its reference and its stamp, in chunks of {@value StripedAppender#STRIPE_CHUNK}).
 *       Off the fast path: a thread's first append claims a stripe with a CAS; threads beyond the
 *       owned stripes (four per CPU) lease a shared stripe with one CAS per append; under a count
 *       or size bound, a writer whose stripe fills a chunk while 4,096 records wait to be merged
 *       merges them, if no other thread is merging ({@code tryLock}, never a wait).</li>
 *   <li><b>Reads</b> see every append that returned before they started, in any thread, and never
 *       wait for a writer: an append that has not returned, or that failed half-way (out of stack,
 *       out of memory), delays nothing; its record, if it was stored, is read by a later read.
 *       A read may wait for another thread's merge of what writers stored (bounded by that work)
 *       and for a compaction, {@link #clear()} or a release of hidden records (each bounded by its
 *       own work).</li>
 *   <li><b>Reads</b> apply the {@link RetentionPolicy} to each log on its own, against the
 *       configured clock, then the query's filters; a latest-N or {@code since} read costs
 *       O(log n + k) while timestamps do not go backwards (see {@link #listEvents(Query)}).</li>
 *   <li><b>Memory is bounded by the count and size bounds</b>: records they hide for good (at any
 *       clock reading, whatever is appended next) are released as appends and reads go, without a
 *       read or {@link #compact()}; nothing a read could return is released, and metrics do not
 *       change. Records hidden by age alone stay until {@link #compact()}: a clock set back shows
 *       them again. With an age bound, a record is released by count or size only once enough
 *       newer records that are not older than it exist (see {@code ChunkedLog}).</li>
 *   <li><b>{@link #compact()}</b> physically drops what retention hides, releasing the memory; its
 *       report counts the records released since the last compaction as removed by it.</li>
 *   <li><b>{@link #scan()}</b> is always clean and {@link #recover(RecoveryConfig)} always
 *       succeeds with nothing to do: there is no storage to damage. Both are counted.</li>
 *   <li><b>Metrics</b>: {@code bytes_written} stays 0, since nothing is written to storage.</li>
 *   <li><b>After {@link #close()}</b> appends are dropped and counted in {@code records_dropped};
 *       reads keep working.</li>
 * </ul>
 *
 * <pre>{@code
 * var backend = new InMemoryPersistence(BackendConfig.defaults()
 *         .withRetention(RetentionPolicy.none().withMaxRecords(1_000)));
 * backend.recordEvent(new EventRecord("sys", "local://1", "ActorStarted", Map.of(), Instant.now()));
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may append, read and maintain at once.
 *
 * @since 0.1
 */
public final class InMemoryPersistence implements PersistenceBackend {

    /** The name under which {@link io.papyra.persistence.PersistenceBackends} finds this backend. */
    public static final String NAME = "memory";

    /**
     * The one option this backend takes, {@code true} or {@code false} (the default), as every backend
     * of this project does: a read-only backend drops every append and counts it in
     * {@code records_dropped}, and refuses {@link #recover(RecoveryConfig)} and {@link #compact()}
     * with an {@link IllegalStateException}. The {@code papyra} command line opens backends so for
     * {@code inspect}, {@code scan} and {@code metrics}.
     */
    public static final String READ_ONLY = "read_only";

    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)));

    private final RetentionPolicy retention;
    private final ChunkedLog<EventRecord> events;
    private final ChunkedLog<AuditRecord> audits;
    private final ChunkedLog<DeadLetterRecord> deadLetters;
    private final Counters counters = new Counters();
    private final boolean readOnly;
    private volatile boolean closed;

    /**
     * {@inheritDoc}
     *
     * @return {@value #NAME}
     */
    @Override
    public String name() {
        return NAME;
    }

    /** Creates a backend with no retention and the system clock. */
    public InMemoryPersistence() {
        this(BackendConfig.defaults());
    }

    /**
     * Creates a backend with the retention policy, clock and options of {@code config}.
     *
     * @param config the retention policy and clock; never null; its only allowed option is
     *               {@value #READ_ONLY}
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalArgumentException if {@code config} has another option (the message names it and
     *                                  the known ones), or {@value #READ_ONLY} is neither {@code true}
     *                                  nor {@code false}
     */
    public InMemoryPersistence(BackendConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        for (String key : config.options().keySet()) {
            if (!key.equals(READ_ONLY)) {
                throw new IllegalArgumentException("Unknown option '" + key + "' of the memory backend; known options: ["
                        + READ_ONLY + "]");
            }
        }
        String readOnlyValue = config.option(READ_ONLY);
        if (readOnlyValue != null && !readOnlyValue.equals("true") && !readOnlyValue.equals("false")) {
            throw new IllegalArgumentException("Option " + READ_ONLY + " of the memory backend must be true or false, was '"
                    + readOnlyValue + "'");
        }
        this.readOnly = "true".equals(readOnlyValue);
        this.retention = config.retention();
        this.events = new ChunkedLog<>(retention, config.clock());
        this.audits = new ChunkedLog<>(retention, config.clock());
        this.deadLetters = new ChunkedLog<>(retention, config.clock());
    }

    @Override
    public void recordEvent(EventRecord event) {
        append(events, event, "event");
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        append(audits, audit, "audit");
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        append(deadLetters, deadLetter, "deadLetter");
    }

    /** The one append path of the three logs: a null is refused, a closed or read-only backend drops and counts. */
    private <R extends PersistenceRecord> void append(ChunkedLog<R> log, R record, String name) {
        if (record == null) {
            throw new NullPointerException(name + " must not be null");
        }
        if (closed || readOnly) {
            counters.recordDropped();
            return;
        }
        log.append(record);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Costs O(log n + k) for a result of k records out of n, as long as the events' timestamps
     * never go backwards in insertion order. Once an event is appended with a timestamp before its
     * predecessor's, reads that filter by time ({@code since}, or a policy with a maximum age) scan
     * the log linearly until {@link #compact()} or {@link #clear()} drops that event; reads by
     * position only stay O(log n + k).
     */
    @Override
    public List<EventRecord> listEvents(Query query) {
        return events.read(Objects.requireNonNull(query, "query must not be null"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Costs as {@link #listEvents(Query)}.
     */
    @Override
    public List<AuditRecord> listAudits(Query query) {
        return audits.read(Objects.requireNonNull(query, "query must not be null"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Costs as {@link #listEvents(Query)}.
     */
    @Override
    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return deadLetters.read(Objects.requireNonNull(query, "query must not be null"));
    }

    @Override
    public RetentionPolicy retention() {
        return retention;
    }

    @Override
    public PersistenceMetrics metrics() {
        return counters;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Everything but {@link Capability#DURABILITY}.
     */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Always clean: there is no storage to damage.
     */
    @Override
    public ScanReport scan() {
        counters.scanned(0);
        return ScanReport.clean(NAME);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Always succeeds with nothing to do, in every mode.
     *
     * @throws IllegalStateException if the backend was opened {@value #READ_ONLY}
     */
    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        requireWritable("recover");
        counters.recovered();
        return RecoveryReport.nothingToDo(NAME, config.mode());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Releases the memory of the dropped records. Byte counts are unknown: nothing is stored as
     * bytes.
     *
     * @throws IllegalStateException if the backend was opened {@value #READ_ONLY}
     */
    @Override
    public CompactionReport compact() {
        requireWritable("compact");
        ChunkedLog.Counts e = events.compact();
        ChunkedLog.Counts a = audits.compact();
        ChunkedLog.Counts d = deadLetters.compact();
        counters.compacted();
        return CompactionReport.ofRecords(NAME, e.before() + a.before() + d.before(), e.after() + a.after() + d.after());
    }

    private void requireWritable(String operation) {
        if (readOnly) {
            throw new IllegalStateException("The memory backend was opened read-only (" + READ_ONLY + "=true), so it cannot "
                    + operation + "; open it without " + READ_ONLY + "=true");
        }
    }

    /**
     * Tells whether this backend was opened with {@value #READ_ONLY}{@code =true}.
     *
     * @return true if appends are dropped and recovery and compaction are refused
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Removes every record of the three logs, as a test suite does between tests. Metrics are kept;
     * {@code metrics().reset()} zeroes them. Appends that race with it are kept or removed whole.
     */
    public void clear() {
        events.clear();
        audits.clear();
        deadLetters.clear();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "InMemoryPersistence[" + retention + (readOnly ? ", read-only" : "") + (closed ? ", closed" : "") + "]";
    }

    /**
     * The backend's counters. {@code records_written} is derived from the logs' cursors, so an
     * append pays for no counter of its own.
     */
    private final class Counters implements PersistenceMetrics {
        private final MetricsRecorder others = new MetricsRecorder();
        /** Appends counted before the last reset; a baseline, since the cursors never go back. */
        private volatile long writtenBeforeReset;

        private long appended() {
            return events.appended() + audits.appended() + deadLetters.appended();
        }

        void recordDropped() {
            others.recordDropped();
        }

        void scanned(long anomalies) {
            others.scanned(anomalies);
        }

        void recovered() {
            others.recovered();
        }

        void compacted() {
            others.compacted();
        }

        @Override
        public MetricsSnapshot snapshot() {
            MetricsSnapshot o = others.snapshot();
            long written = Math.max(0, appended() - writtenBeforeReset);
            return new MetricsSnapshot(written, 0, o.recordsDropped(), o.scans(), o.anomaliesDetected(),
                    o.recoveries(), o.compactions(), o.writeErrors(), o.scanErrors(), o.recoveryErrors(),
                    o.compactionErrors());
        }

        @Override
        public void reset() {
            writtenBeforeReset = appended();
            others.reset();
        }
    }
}
