import io.papyra.persistence.memory.internal.InMemoryPersistenceProvider;
import io.papyra.persistence.spi.PersistenceBackendProvider;

/**
 * The in-memory reference backend of Papyra's observability log: three in-memory logs whose appends
 * take no lock on their fast path, no I/O, no durability; retention applied on every read and
 * bounding memory by its count and size bounds. Found by
 * {@link io.papyra.persistence.PersistenceBackends} under the name {@code memory}, or constructed
 * directly as {@link io.papyra.persistence.memory.InMemoryPersistence}.
 *
 * @since 0.1
 */
@SuppressWarnings("requires-automatic")
module io.papyra.persistence.memory {
    requires transitive io.papyra.persistence;
    // Annotations only, read at compile time by the processor that writes META-INF/services.
    requires static com.google.auto.service;

    exports io.papyra.persistence.memory;
    // io.papyra.persistence.memory.internal holds the provider and stays unexported: ServiceLoader
    // instantiates it through the provides clause, and users never compile against @AutoService.

    provides PersistenceBackendProvider with InMemoryPersistenceProvider;
}
