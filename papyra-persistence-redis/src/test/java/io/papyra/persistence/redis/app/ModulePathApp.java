package io.papyra.persistence.redis.app;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;

import java.time.Instant;
import java.util.Map;

/**
 * The application of {@link io.papyra.persistence.redis.ModulePathTest}, run in a JVM of its own
 * with the jars on the module path and only the API module as a root: it knows nothing of the
 * backend but its name.
 */
public final class ModulePathApp {

    private ModulePathApp() {
    }

    /**
     * Opens the backend named {@code redis}, appends an event, reads it back, prints what it found.
     *
     * @param args the server's URI
     */
    public static void main(String[] args) {
        try (PersistenceBackend backend = PersistenceBackends.discover().open("redis",
                BackendConfig.defaults().withOption("url", args[0]).withOption("prefix", "module-path"))) {
            backend.recordEvent(new EventRecord("sys", "local://1", "ActorStarted", Map.of(), Instant.now()));
            System.out.println("OPENED " + backend.getClass().getModule().getName() + " READ " + backend.listEvents().size());
        }
    }
}
