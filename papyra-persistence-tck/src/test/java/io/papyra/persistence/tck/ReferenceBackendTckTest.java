package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceBackend;

/** The kit against the reference backend with every optional capability: everything must pass. */
class ReferenceBackendTckTest extends PersistenceBackendTck {

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        return new ReferenceBackend(context.config(), ReferenceBackend.ALL);
    }
}
