package app;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.Query;

import java.time.Instant;
import java.util.Map;

/** Opens the backend by name, records one event, reads it back and closes the backend. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the application.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (PersistenceBackend backend = PersistenceBackends.discover().open("memory")) {
            backend.recordEvent(new EventRecord("app", "local://1", "ActorStarted", Map.of(), Instant.now()));
            System.out.println(backend.getClass().getName() + " in " + backend.getClass().getModule()
                    + ": " + backend.listEvents(Query.latest(10)).size() + " event");
        }
    }
}
