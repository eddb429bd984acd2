import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.Query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A program outside the project that holds only the api and memory jars: it finds the memory
 * backend by name through the API, records the three kinds and reads them back.
 * Usage: {@code DiscoverySmoke module|classpath}; the argument says where the API must come from.
 */
public final class DiscoverySmoke {

    public static void main(String[] args) {
        boolean expectModule = args.length == 1 && args[0].equals("module");
        Module api = PersistenceBackends.class.getModule();
        check(api.isNamed() == expectModule, "API loaded from the " + (api.isNamed() ? "module path" : "class path"));

        PersistenceBackends backends = PersistenceBackends.discover();
        check(backends.names().equals(java.util.Set.of("memory")), "backends found: " + backends.names());
        try (PersistenceBackend backend = backends.open("memory")) {
            Instant now = Instant.now();
            EventRecord event = new EventRecord("smoke", "local://1", "ActorStarted", Map.of("k", "v"), now);
            AuditRecord audit = new AuditRecord("smoke", now, 1, 1, 0, 0, 1, List.of(), List.of(), 0);
            DeadLetterRecord letter = new DeadLetterRecord("smoke", null, "Ping", Map.of(), now);
            backend.recordEvent(event);
            backend.recordAudit(audit);
            backend.recordDeadLetter(letter);
            check(backend.listEvents(Query.latest(10)).equals(List.of(event)), "events read back");
            check(backend.listAudits().equals(List.of(audit)), "audits read back");
            check(backend.listDeadLetters().equals(List.of(letter)), "dead letters read back");
            check(backend.metrics().snapshot().recordsWritten() == 3, "records_written = 3");
            System.out.println("OK: " + backend.getClass().getName() + " from "
                    + (expectModule ? "the module path (" + backend.getClass().getModule() + ")" : "the class path"));
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("FAILED: " + what);
        }
        System.out.println("ok: " + what);
    }
}
