package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read_only option that every backend of the project accepts (the CLI opens backends so to inspect them). */
class ReadOnlyTest {

    private static final EventRecord EVENT = new EventRecord("sys", "local://1", "ActorStarted", Map.of(), Instant.EPOCH);

    @Test
    void readOnlyDropsAndCountsAppendsAndRefusesMaintenance() {
        try (InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults().withOption("read_only", "true"))) {
            assertTrue(backend.isReadOnly());
            backend.recordEvent(EVENT);
            assertTrue(backend.listEvents().isEmpty());
            assertEquals(1, backend.metrics().snapshot().recordsDropped());
            assertEquals(0, backend.metrics().snapshot().recordsWritten());
            assertTrue(backend.scan().isClean());
            IllegalStateException recover = assertThrows(IllegalStateException.class,
                    () -> backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR)));
            assertEquals("The memory backend was opened read-only (read_only=true), so it cannot recover;"
                    + " open it without read_only=true", recover.getMessage());
            IllegalStateException compact = assertThrows(IllegalStateException.class, backend::compact);
            assertTrue(compact.getMessage().contains("cannot compact"), compact.getMessage());
            assertEquals(0, backend.metrics().snapshot().recoveries(), "a refused operation changes no counter");
            assertEquals(0, backend.metrics().snapshot().compactions());
        }
    }

    @Test
    void readOnlyFalseIsTheDefault() {
        try (PersistenceBackend backend = PersistenceBackends.discover()
                .open("memory", BackendConfig.defaults().withOption("read_only", "false"))) {
            backend.recordEvent(EVENT);
            assertEquals(1, backend.listEvents().size());
        }
        assertFalse(new InMemoryPersistence().isReadOnly());
    }

    @Test
    void unknownOptionsAndBadValuesAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new InMemoryPersistence(BackendConfig.defaults().withOption("dir", "/tmp")));
        assertEquals("Unknown option 'dir' of the memory backend; known options: [read_only]", unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new InMemoryPersistence(BackendConfig.defaults().withOption("read_only", "yes")));
        assertEquals("Option read_only of the memory backend must be true or false, was 'yes'", bad.getMessage());
    }
}
