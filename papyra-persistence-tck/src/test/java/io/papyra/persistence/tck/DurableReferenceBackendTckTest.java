package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceBackend;

/**
 * The kit against the reference backend claiming every capability, durability included: a reopened
 * backend reads the storage of the closed one, so the kit's durability path runs and passes too.
 */
class DurableReferenceBackendTckTest extends PersistenceBackendTck {

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        return new ReferenceBackend(context.config(), ReferenceBackend.EVERY);
    }

    @Override
    protected PersistenceBackend reopenBackend(TckContext context, PersistenceBackend closed) {
        return new ReferenceBackend(context.config(), ReferenceBackend.EVERY, ((ReferenceBackend) closed).storage());
    }
}
