package com.example.listbackend;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The provider registration, which the kit does not see when the test builds the backend directly. */
class ListBackendProviderTest {

    @Test
    void openedByNameThroughDiscovery() {
        try (PersistenceBackend backend = PersistenceBackends.discover().open(ListBackend.NAME, BackendConfig.defaults())) {
            assertInstanceOf(ListBackend.class, backend);
            assertEquals(ListBackend.NAME, backend.name());
        }
    }

    @Test
    void registeredForTheClassPath() throws IOException {
        String file = "META-INF/services/" + PersistenceBackendProvider.class.getName();
        try (InputStream in = ListBackendProvider.class.getClassLoader().getResourceAsStream(file)) {
            assertNotNull(in, file + " is missing");
            assertEquals(ListBackendProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
