package io.papyra.persistence;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A decorator for runtimes that must never see an exception from persistence: an append that
 * fails in the wrapped backend is counted in {@link MetricsSnapshot#writeErrors()}, logged through
 * {@link System.Logger}, and swallowed. Reads and maintenance pass through unchanged.
 *
 * <p>A null record is still a {@link NullPointerException}: it is a bug of the caller, not a
 * failure of persistence. Errors ({@link VirtualMachineError} and the like) are not swallowed.
 *
 * <pre>{@code
 * PersistenceBackend safe = BestEffortBackend.wrap(PersistenceBackends.discover().openDefault());
 * }</pre>
 *
 * <p>Thread-safe if the wrapped backend is.
 *
 * @since 0.1
 */
public final class BestEffortBackend extends ForwardingPersistenceBackend {

    private static final System.Logger LOG = System.getLogger(BestEffortBackend.class.getName());

    private final LongAdder writeErrors = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final PersistenceMetrics metrics = new PersistenceMetrics() {
        @Override
        public MetricsSnapshot snapshot() {
            return MetricsSnapshot.of(delegate()).plusWriteErrors(writeErrors.sum());
        }

        @Override
        public void reset() {
            writeErrors.reset();
            delegate().metrics().reset();
        }
    };

    private BestEffortBackend(PersistenceBackend delegate) {
        super(delegate);
    }

    /**
     * Wraps a backend. Wrapping a {@code BestEffortBackend} returns it as it is.
     *
     * @param backend the backend whose append failures must not reach the caller, never null
     * @return the wrapping backend
     * @throws NullPointerException if {@code backend} is null
     */
    public static BestEffortBackend wrap(PersistenceBackend backend) {
        Checks.notNull(backend, "backend");
        return backend instanceof BestEffortBackend same ? same : new BestEffortBackend(backend);
    }

    @Override
    public void recordEvent(EventRecord event) {
        Checks.notNull(event, "event");
        try {
            super.recordEvent(event);
        } catch (RuntimeException e) {
            failed("an event", e);
        }
    }

    @Override
    public void recordAudit(AuditRecord audit) {
        Checks.notNull(audit, "audit");
        try {
            super.recordAudit(audit);
        } catch (RuntimeException e) {
            failed("an audit", e);
        }
    }

    @Override
    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        Checks.notNull(deadLetter, "deadLetter");
        try {
            super.recordDeadLetter(deadLetter);
        } catch (RuntimeException e) {
            failed("a dead letter", e);
        }
    }

    private void failed(String kind, RuntimeException e) {
        writeErrors.increment();
        // Logging must not become the way an exception escapes: the failure's own toString() or a
        // broken logger may throw too. The count above is what monitoring relies on.
        try {
            // The first failure is a warning with its stack trace; later ones would flood a log that
            // is already failing, so they go to DEBUG, and the message is only built when enabled.
            if (warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "Persistence backend '" + name() + "' failed to record " + kind
                        + "; it was dropped and counted in write_errors (further failures are logged at DEBUG)", e);
            } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "Persistence backend '" + name() + "' failed to record " + kind, e);
            }
        } catch (RuntimeException ignored) {
            // Counted already; nothing more can be done without risking the caller.
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The wrapped backend's counters, with the append failures this decorator swallowed added
     * to {@code write_errors}; {@code reset()} zeroes both.
     */
    @Override
    public PersistenceMetrics metrics() {
        return metrics;
    }
}
