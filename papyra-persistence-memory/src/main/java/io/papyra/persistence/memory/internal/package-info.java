/**
 * Internal: the service provider of the memory backend. Not exported from the module and not part
 * of the API; it may change or move in any release. Applications open the backend by name through
 * {@link io.papyra.persistence.PersistenceBackends} or construct
 * {@link io.papyra.persistence.memory.InMemoryPersistence} directly.
 */
package io.papyra.persistence.memory.internal;
