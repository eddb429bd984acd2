package io.papyra.persistence;

import java.util.List;
import java.util.Set;

/**
 * A backend of the observability log: three append-only logs (events, audits, dead letters) that
 * an actor runtime writes on its hot path and that people and tools read back.
 *
 * <h2>Writes</h2>
 * Appends are amortised O(1) and keep insertion order: a record appended (returned) before
 * another starts is read before it. A record is visible whole or not at all. A null record is a
 * {@link NullPointerException} and changes nothing. After {@link #close()} an append is
 * <em>dropped, not thrown</em>: the runtime must not crash because persistence went away, and the
 * drop is counted in {@link MetricsSnapshot#recordsDropped()}. A backend whose storage can fail
 * may throw from an append; wrap it in {@link BestEffortBackend} where that must never reach the
 * caller. A null record after close is still a {@link NullPointerException} (a bug of the caller,
 * not a dropped write), and once one append of a thread has been dropped, all its later ones are.
 *
 * <h2>Reads</h2>
 * Each read returns an immutable snapshot of one log in insertion order: first the
 * {@link #retention() retention policy} is applied against the backend's clock, then the
 * {@link Query}'s {@code since} and {@code limit}. Later appends never change a returned list.
 * Reads keep working after {@link #close()}.
 *
 * <h2>Maintenance</h2>
 * {@link #scan()}, {@link #recover(RecoveryConfig)} and {@link #compact()} are optional: a backend
 * lists the ones it supports in {@link #capabilities()}, and the others throw
 * {@link UnsupportedOperationException} without changing anything.
 *
 * <h2>Thread-safety</h2>
 * Every method may be called from any number of threads at once. Concurrent appends are all kept,
 * each writer's in its own order; a concurrent read sees a prefix of the log in insertion order,
 * and that prefix holds every append that returned, in any thread, before the read started (so a
 * thread always reads its own appends).
 *
 * <pre>{@code
 * try (PersistenceBackend backend = PersistenceBackends.discover().open("memory")) {
 *     backend.recordEvent(new EventRecord("sys", "local://1", "ActorStarted", Map.of(), Instant.now()));
 *     List<EventRecord> recent = backend.listEvents(Query.latest(100));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface PersistenceBackend extends AutoCloseable {

    /**
     * Returns this backend's name: the {@linkplain io.papyra.persistence.spi.PersistenceBackendProvider#name()
     * name of its provider}, for example {@code memory}. Reports and messages name the backend by it.
     *
     * @return the name, not blank; constant for the backend's lifetime
     */
    String name();

    /**
     * Appends an actor lifecycle event.
     *
     * @param event the event, never null
     * @throws NullPointerException if {@code event} is null
     */
    void recordEvent(EventRecord event);

    /**
     * Appends an audit snapshot.
     *
     * @param audit the audit, never null
     * @throws NullPointerException if {@code audit} is null
     */
    void recordAudit(AuditRecord audit);

    /**
     * Appends a dead letter.
     *
     * @param deadLetter the dead letter, never null
     * @throws NullPointerException if {@code deadLetter} is null
     */
    void recordDeadLetter(DeadLetterRecord deadLetter);

    /**
     * Returns the retained events that {@code query} selects.
     *
     * @param query the filters, never null
     * @return an immutable list in insertion order
     * @throws NullPointerException if {@code query} is null
     */
    List<EventRecord> listEvents(Query query);

    /**
     * Returns the retained audits that {@code query} selects.
     *
     * @param query the filters, never null
     * @return an immutable list in insertion order
     * @throws NullPointerException if {@code query} is null
     */
    List<AuditRecord> listAudits(Query query);

    /**
     * Returns the retained dead letters that {@code query} selects.
     *
     * @param query the filters, never null
     * @return an immutable list in insertion order
     * @throws NullPointerException if {@code query} is null
     */
    List<DeadLetterRecord> listDeadLetters(Query query);

    /**
     * Returns every retained event.
     *
     * @return an immutable list in insertion order
     */
    default List<EventRecord> listEvents() {
        return listEvents(Query.all());
    }

    /**
     * Returns every retained audit.
     *
     * @return an immutable list in insertion order
     */
    default List<AuditRecord> listAudits() {
        return listAudits(Query.all());
    }

    /**
     * Returns every retained dead letter.
     *
     * @return an immutable list in insertion order
     */
    default List<DeadLetterRecord> listDeadLetters() {
        return listDeadLetters(Query.all());
    }

    /**
     * Returns the retention policy that reads apply to each log.
     *
     * @return the policy, never null
     */
    RetentionPolicy retention();

    /**
     * Returns this backend's live counters: all zero when the backend is created (opening a
     * backend scans, recovers or compacts nothing by itself). {@code records_written} never goes
     * down but through {@link PersistenceMetrics#reset()} and never exceeds the appends attempted;
     * an operation refused with an exception changes no counter.
     *
     * @return the metrics, never null
     */
    PersistenceMetrics metrics();

    /**
     * Returns the optional parts of the contract this backend supports; constant for its lifetime.
     * Without {@link Capability#DURABILITY}, two backends share no record.
     *
     * @return an unmodifiable set, never null
     */
    Set<Capability> capabilities();

    /**
     * Checks the stored data without changing it; safe to call before the runtime starts. Counted
     * in {@link MetricsSnapshot#scans()} and {@link MetricsSnapshot#anomaliesDetected()}.
     *
     * @return what was found, never null
     * @throws UnsupportedOperationException if {@link Capability#SCAN} is not supported
     */
    ScanReport scan();

    /**
     * Scans and repairs the stored data as {@code config} says. Counted in
     * {@link MetricsSnapshot#recoveries()}, once; the scan inside it is not counted in
     * {@link MetricsSnapshot#scans()}.
     *
     * @param config the recovery mode and options, never null
     * @return what was found and done, never null
     * @throws NullPointerException          if {@code config} is null
     * @throws UnsupportedOperationException if {@link Capability#RECOVERY} is not supported
     */
    RecoveryReport recover(RecoveryConfig config);

    /**
     * Makes retention physical: removes exactly the records that reads hide at this instant, and
     * nothing else, so reads at the same instant return the same before and after. Never automatic.
     * Counted in {@link MetricsSnapshot#compactions()}.
     *
     * @return the record (and, when known, byte) counts before and after, naming this backend
     * @throws UnsupportedOperationException if {@link Capability#COMPACTION} is not supported
     */
    CompactionReport compact();

    /**
     * Closes this backend: later appends are dropped and counted, reads keep working. Idempotent:
     * calling it again does nothing and does not throw.
     */
    @Override
    void close();

    /**
     * Tells whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    boolean isClosed();
}
