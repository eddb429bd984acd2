package io.papyra.persistence;

import java.util.List;
import java.util.Set;

/**
 * A backend that forwards every call to another: the base of decorators, which override only what
 * they change. Every method of {@link PersistenceBackend} is forwarded as it is, including
 * {@link #listEvents()} and the other defaults, so that a delegate's own faster versions are used.
 *
 * <pre>{@code
 * final class CountingBackend extends ForwardingPersistenceBackend {
 *     final LongAdder events = new LongAdder();
 *     CountingBackend(PersistenceBackend delegate) { super(delegate); }
 *     @Override public void recordEvent(EventRecord event) {
 *         super.recordEvent(event);
 *         events.increment();
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe if the delegate is and the subclass's own state is.
 *
 * @since 0.2
 */
public abstract class ForwardingPersistenceBackend implements PersistenceBackend {

    private final PersistenceBackend delegate;

    /**
     * Creates a backend that forwards to {@code delegate}.
     *
     * @param delegate the backend that calls go to
     * @throws NullPointerException if {@code delegate} is null
     */
    protected ForwardingPersistenceBackend(PersistenceBackend delegate) {
        this.delegate = Checks.notNull(delegate, "delegate");
    }

    /**
     * Returns the backend that calls go to.
     *
     * @return the delegate given at construction
     */
    public PersistenceBackend delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void recordEvent(EventRecord event) {
        delegate.recordEvent(event);
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        delegate.recordAudit(audit);
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        delegate.recordDeadLetter(deadLetter);
    }

    @Override
    public List<EventRecord> listEvents(Query query) {
        return delegate.listEvents(query);
    }

    @Override
    public List<AuditRecord> listAudits(Query query) {
        return delegate.listAudits(query);
    }

    @Override
    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return delegate.listDeadLetters(query);
    }

    @Override
    public List<EventRecord> listEvents() {
        return delegate.listEvents();
    }

    @Override
    public List<AuditRecord> listAudits() {
        return delegate.listAudits();
    }

    @Override
    public List<DeadLetterRecord> listDeadLetters() {
        return delegate.listDeadLetters();
    }

    @Override
    public RetentionPolicy retention() {
        return delegate.retention();
    }

    @Override
    public PersistenceMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public ScanReport scan() {
        return delegate.scan();
    }

    @Override
    public RecoveryReport recover(RecoveryConfig config) {
        return delegate.recover(config);
    }

    @Override
    public CompactionReport compact() {
        return delegate.compact();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    /**
     * Returns the class's simple name around the delegate's string, for example
     * {@code BestEffortBackend[InMemoryPersistence[...]]}.
     *
     * @return a description for logs and messages
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
