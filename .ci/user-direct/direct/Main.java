package direct;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.memory.InMemoryPersistence;

import java.time.Instant;
import java.util.Map;

/** Constructs {@link InMemoryPersistence} directly, records a dead letter, reads it back and closes. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the program.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        BackendConfig config = BackendConfig.defaults().withRetention(RetentionPolicy.none().withMaxRecords(100));
        try (InMemoryPersistence backend = new InMemoryPersistence(config)) {
            backend.recordDeadLetter(new DeadLetterRecord("direct", "local://7", "Ping", Map.of("id", "42"), Instant.now()));
            backend.clear();
            System.out.println(InMemoryPersistence.NAME + ": " + backend.listDeadLetters().size() + " dead letters after clear()");
        }
    }
}
