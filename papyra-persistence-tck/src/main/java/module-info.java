/**
 * The compatibility kit (TCK) of Papyra's persistence contract: abstract JUnit Jupiter tests that
 * a backend author extends with one small subclass to prove that a backend honours every clause
 * of {@link io.papyra.persistence.PersistenceBackend}.
 *
 * <p>The kit's package is opened to JUnit so that JUnit can discover and run the inherited,
 * package-private test methods from any backend's test module.
 */
module io.papyra.persistence.tck {
    requires transitive io.papyra.persistence;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;

    exports io.papyra.persistence.tck;

    opens io.papyra.persistence.tck to org.junit.platform.commons;
}
