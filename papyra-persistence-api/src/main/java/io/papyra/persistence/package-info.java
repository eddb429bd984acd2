/**
 * The observability log of the Papyra actor runtime: the records ({@link io.papyra.persistence.EventRecord},
 * {@link io.papyra.persistence.AuditRecord}, {@link io.papyra.persistence.DeadLetterRecord}), the backend
 * contract {@link io.papyra.persistence.PersistenceBackend}, retention, metrics, maintenance reports,
 * and {@link io.papyra.persistence.PersistenceBackends}, which finds backends.
 */
package io.papyra.persistence;
