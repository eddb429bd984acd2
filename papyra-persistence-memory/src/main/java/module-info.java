import io.papyra.persistence.memory.InMemoryPersistenceProvider;
import io.papyra.persistence.spi.PersistenceBackendProvider;

/**
 * The in-memory reference backend of Papyra's observability log: three in-memory logs whose appends
 * take no lock on their fast path, no I/O, no durability; retention applied on every read and
 * bounding memory by its count and size bounds. Found by
 * {@link io.papyra.persistence.PersistenceBackends} under the name {@code memory}.
 */
@SuppressWarnings("requires-automatic")
module io.papyra.persistence.memory {
    requires transitive io.papyra.persistence;
    // Annotations only, read at compile time by the processor that writes META-INF/services.
    requires static com.google.auto.service;

    exports io.papyra.persistence.memory;

    provides PersistenceBackendProvider with InMemoryPersistenceProvider;
}
