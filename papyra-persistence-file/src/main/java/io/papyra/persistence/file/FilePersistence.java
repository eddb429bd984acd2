package io.papyra.persistence.file;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.file.internal.FileEngine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The file backend: a durable observability log on one machine, in one directory (option
 * {@code dir}) holding three logs (events, audits, dead letters) of JSON-lines segment files, each
 * line checked by a CRC32C. See the module's README for the options, the directory layout and the
 * line format.
 *
 * <ul>
 *   <li><b>Appends</b> encode the record on the caller's thread and put it on a bounded queue
 *       (option {@code queue_capacity}); one writer thread writes the queue in batches. With
 *       {@code fsync=always} (the default) an append returns once its bytes are forced to the
 *       device, and appends that wait together share one force; with {@code interval} the writer
 *       forces every {@code fsync_interval_ms}; with {@code never} it leaves that to the operating
 *       system. A full queue, a failed write or a closed backend drops the record and counts it
 *       ({@code records_dropped}, {@code write_errors}): an append never throws but for a null record.</li>
 *   <li><b>Reads</b> wait until every append enqueued before them is written, then read the lines
 *       an in-memory index points to: a latest-N or {@code since} read costs O(log n + k) plus the
 *       reading of k lines while timestamps do not go backwards. Retention is applied on every read,
 *       per log, against the configured clock.</li>
 *   <li><b>One writer per directory</b>: a second writer, in any process, is refused with an
 *       {@link IllegalStateException} naming the directory and its lock file; {@code read_only=true}
 *       opens without the lock, to read while the writer runs (each read first brings the log it reads
 *       up to what the writer has written, so its new records show).</li>
 *   <li><b>Maintenance</b>: {@link #scan()} reports torn tails, damaged records (file and byte
 *       offset) and stray files, and changes nothing; {@link #recover(RecoveryConfig)} repairs,
 *       quarantines or rebuilds; {@link #compact()} rewrites each log crash-safely.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FilePersistence backend = new FilePersistence(BackendConfig.defaults()
 *         .withOption("dir", "/var/lib/papyra").withOption("fsync", "interval"))) {
 *     backend.recordEvent(new EventRecord("sys", "local://1", "ActorStarted", Map.of(), Instant.now()));
 *     List<EventRecord> recent = backend.listEvents(Query.latest(100));
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any number of threads.
 *
 * @since 0.2
 */
public final class FilePersistence implements PersistenceBackend {

    /** The provider name, {@value}. */
    public static final String NAME = FileEngine.NAME;

    /** The option keys this backend accepts. */
    public static final List<String> OPTIONS = io.papyra.persistence.file.internal.Options.KEYS;

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));

    private final FileEngine engine;

    /**
     * Opens (creating it if needed, unless read-only) the directory named by option {@code dir}.
     *
     * @param config the retention policy, clock and options, never null
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalArgumentException if an option is unknown, missing or invalid (the message names
     *                                  the key, the value and what is allowed)
     * @throws IllegalStateException    if another writer holds the directory's lock
     * @throws java.io.UncheckedIOException if the directory cannot be created or read
     */
    public FilePersistence(BackendConfig config) {
        this.engine = new FileEngine(config);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@value #NAME}
     */
    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recordEvent(EventRecord event) {
        engine.recordEvent(event);
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        engine.recordAudit(audit);
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        engine.recordDeadLetter(deadLetter);
    }

    @Override
    public List<EventRecord> listEvents(Query query) {
        return engine.listEvents(query);
    }

    @Override
    public List<AuditRecord> listAudits(Query query) {
        return engine.listAudits(query);
    }

    @Override
    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return engine.listDeadLetters(query);
    }

    @Override
    public RetentionPolicy retention() {
        return engine.retention();
    }

    @Override
    public PersistenceMetrics metrics() {
        return engine.metrics();
    }

    /**
     * {@inheritDoc}
     *
     * @return every capability: scan, recovery, compaction, the three retention bounds, durability
     */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reports, each with the file and byte offset: a truncated tail ({@code TRUNCATED_LINE}),
     * damaged records ({@code CORRUPTED_LINE}: a failed checksum or an undecodable record, one
     * anomaly per damaged record), generations and temporary files left by interrupted work
     * ({@code ORPHANED_ROTATED_FILE}), and files the backend did not write ({@code UNEXPECTED_FILE}).
     * Deletes nothing. Allowed on a read-only backend.
     *
     * @throws java.io.UncheckedIOException if the directory cannot be read; counted in {@code scan_errors}
     */
    @Override
    public ScanReport scan() {
        return engine.scan();
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code REPAIR} rewrites each damaged segment with its intact records only (a temporary file,
     * forced, renamed over it) and deletes what interrupted work left; {@code QUARANTINE} first
     * copies each damaged record's bytes to the quarantine directory (default {@code quarantine/} in
     * the backend's directory) in a file named after its log, segment and byte offset, and moves
     * unexpected files there; {@code REBUILD} rewrites every log into a new generation of segments
     * from its intact records; {@code IGNORE} changes nothing. Afterwards the index is rebuilt.
     *
     * @throws IllegalStateException        if the backend is read-only or closed
     * @throws java.io.UncheckedIOException if a file cannot be rewritten; counted in {@code recovery_errors}
     */
    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        return engine.recover(config);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each log with something to remove is rewritten as a new generation: new segments written and
     * forced, the {@code CURRENT} pointer replaced atomically, the old generation removed last; a
     * crash at any step leaves the old or the new log whole, never both and never neither (the next
     * writer's open removes the other). Reports bytes before and after. Appends wait in the queue
     * meanwhile (and are dropped if it fills); reads wait.
     *
     * @throws IllegalStateException        if the backend is read-only or closed
     * @throws java.io.UncheckedIOException if a file cannot be written; counted in {@code compaction_errors}
     */
    @Override
    public CompactionReport compact() {
        return engine.compact();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waits for the writer to write (and force) what was enqueued, then releases the directory's lock.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String toString() {
        return "FilePersistence[" + engine.options().dir() + ", fsync=" + engine.options().fsync() + "]";
    }
}
