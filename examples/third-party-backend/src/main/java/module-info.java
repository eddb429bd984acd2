/**
 * An example backend of Papyra's observability log, written outside the Papyra build: three lists
 * behind one read-write lock. Found by {@code PersistenceBackends} under the name
 * {@code example-list}, on the module path through {@code provides}, on the class path through
 * {@code META-INF/services}.
 */
module com.example.listbackend {
    requires transitive io.papyra.persistence;

    exports com.example.listbackend;

    provides io.papyra.persistence.spi.PersistenceBackendProvider with com.example.listbackend.ListBackendProvider;
}
