/**
 * A JUnit Jupiter extension for applications that write Papyra's observability log: each test gets
 * a fresh {@link io.papyra.persistence.memory.InMemoryPersistence} and a
 * {@link io.papyra.persistence.junit.ManualClock} as parameters, retention set with
 * {@link io.papyra.persistence.junit.WithRetention}, the backend closed after the test, and
 * {@link io.papyra.persistence.junit.PersistenceAssertions} on what was recorded.
 *
 * <p>Entry point: {@link io.papyra.persistence.junit.PersistenceExtension}.
 *
 * @since 0.2
 */
module io.papyra.persistence.junit {
    requires transitive io.papyra.persistence.memory;
    requires transitive org.junit.jupiter.api;

    exports io.papyra.persistence.junit;
}
