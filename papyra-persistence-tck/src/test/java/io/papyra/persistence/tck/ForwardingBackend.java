package io.papyra.persistence.tck;

import io.papyra.persistence.AuditRecord;
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

import java.util.List;
import java.util.Set;

/** A backend that forwards every call; the self-test's broken backends override one thing each. */
class ForwardingBackend implements PersistenceBackend {

    final PersistenceBackend delegate;

    ForwardingBackend(PersistenceBackend delegate) {
        this.delegate = delegate;
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
}
