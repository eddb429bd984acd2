/**
 * The compatibility kit (TCK) of Papyra's persistence contract: abstract JUnit Jupiter tests that
 * a backend author extends with one small subclass to prove that a backend honours every clause
 * of {@link io.papyra.persistence.PersistenceBackend}.
 *
 * <p>The kit's tests are default methods of the contract interfaces ({@code AppendContract},
 * {@code RetentionContract}, ...) that {@link io.papyra.persistence.tck.PersistenceBackendTck}
 * implements; their annotations come from JUnit Jupiter's API and params modules, which this module
 * therefore requires transitively. The kit's package is opened to JUnit so that JUnit can run the
 * kit's package-private lifecycle methods from any backend's test module.
 */
module io.papyra.persistence.tck {
    requires transitive io.papyra.persistence;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports io.papyra.persistence.tck;

    opens io.papyra.persistence.tck to org.junit.platform.commons;
}
