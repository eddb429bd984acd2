package io.papyra.persistence.memory;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.tck.PersistenceBackendTck;
import io.papyra.persistence.tck.TckContext;

/** The memory backend, built directly, against the whole compatibility kit. */
class InMemoryPersistenceTckTest extends PersistenceBackendTck {

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        return new InMemoryPersistence(context.config());
    }
}
