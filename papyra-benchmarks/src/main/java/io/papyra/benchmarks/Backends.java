package io.papyra.benchmarks;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.memory.InMemoryPersistence;

/**
 * The backends under measurement, created in one place: directly, not through discovery, so a
 * renewal inside a benchmark costs a constructor call and nothing else.
 */
final class Backends {

    private Backends() {
    }

    /** Returns a new, empty memory backend with the default configuration. */
    static PersistenceBackend memory() {
        return new InMemoryPersistence();
    }

    /** Returns a new, empty memory backend with {@code config}. */
    static PersistenceBackend memory(BackendConfig config) {
        return new InMemoryPersistence(config);
    }
}
