package io.papyra.persistence.file;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider is found by name, declares every capability, and opens a working backend. */
class DiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void theBackendIsFoundByNameAndWorks() {
        PersistenceBackends backends = PersistenceBackends.discover();
        EventRecord event = new EventRecord("sys", "local://1", "ActorStarted", Map.of(), Instant.parse("2026-01-01T00:00:00Z"));
        try (PersistenceBackend backend = backends.open("file", BackendConfig.defaults().withOption("dir", dir.toString()))) {
            assertInstanceOf(FilePersistence.class, backend);
            assertEquals("file", backend.name());
            assertEquals(EnumSet.allOf(Capability.class), EnumSet.copyOf(backend.capabilities()));
            backend.recordEvent(event);
        }
        try (PersistenceBackend reopened = backends.open("file", BackendConfig.defaults().withOption("dir", dir.toString()))) {
            assertEquals(List.of(event), reopened.listEvents(Query.all()));
            assertTrue(reopened.scan().isClean());
        }
    }
}
