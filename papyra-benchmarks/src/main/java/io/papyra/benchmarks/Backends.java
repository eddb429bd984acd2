package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;

/** The backends under measurement, created in one place. */
final class Backends {

    private Backends() {
    }

    /** Returns a new, empty memory backend with the default configuration. */
    static PersistenceBackend memory() {
        return memory(BackendConfig.defaults());
    }

    /** Returns a new, empty memory backend with {@code config}. */
    static PersistenceBackend memory(BackendConfig config) {
        return PersistenceBackends.discover().open("memory", config);
    }
}
