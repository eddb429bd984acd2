/**
 * The contract of Papyra's observability log: the records, the backend interface, retention,
 * metrics, maintenance reports, and the discovery of backends through {@link java.util.ServiceLoader}.
 *
 * <p>Backends implement {@link io.papyra.persistence.spi.PersistenceBackendProvider} and declare it
 * with {@code provides} (module path) and in {@code META-INF/services} (class path). Applications
 * find them through {@link io.papyra.persistence.PersistenceBackends}, which lives in this module
 * because this is the module that declares {@code uses}.
 */
module io.papyra.persistence {
    exports io.papyra.persistence;
    exports io.papyra.persistence.spi;

    uses io.papyra.persistence.spi.PersistenceBackendProvider;
}
