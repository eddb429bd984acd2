package io.papyra.persistence.memory;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.tck.PersistenceBackendTck;
import io.papyra.persistence.tck.TckContext;

/**
 * The memory backend as an application gets it, by name through the API's discovery, against the
 * whole compatibility kit: the provider must pass the kit's retention policy and clock through.
 */
class InMemoryPersistenceProviderTckTest extends PersistenceBackendTck {

    private static final PersistenceBackends BACKENDS = PersistenceBackends.discover();

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        return BACKENDS.open(InMemoryPersistence.NAME, context.config());
    }
}
