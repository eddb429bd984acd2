package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceBackend;

/**
 * The kit against the reference backend without any optional capability, so that the kit's
 * refusal paths (unsupported maintenance, refused retention bounds) run and pass too.
 */
class MinimalReferenceBackendTckTest extends PersistenceBackendTck {

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        return new ReferenceBackend(context.config(), ReferenceBackend.NONE);
    }
}
