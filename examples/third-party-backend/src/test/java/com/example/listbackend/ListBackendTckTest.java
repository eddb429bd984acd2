package com.example.listbackend;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.tck.PersistenceBackendTck;
import io.papyra.persistence.tck.TckContext;

/** The whole compatibility kit against {@link ListBackend}, built directly. */
class ListBackendTckTest extends PersistenceBackendTck {

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        return new ListBackend(context.config());   // the kit's retention policy and clock
    }
}
