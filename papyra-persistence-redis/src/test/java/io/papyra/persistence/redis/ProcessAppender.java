package io.papyra.persistence.redis;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.MetricsSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The child process of {@link MultiProcessTest}: waits for the go file, appends {@code count} events
 * tagged with its name and a sequence number, flushes, reads the whole log back, and prints
 * {@code ACKED <n>} and {@code ORDER <name:seq,...>} on standard output.
 */
public final class ProcessAppender {

    private ProcessAppender() {
    }

    /**
     * Runs one appender.
     *
     * @param args server URI, key prefix, process name, number of appends, go file
     * @throws Exception if anything fails; the exit status is then not 0
     */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String prefix = args[1];
        String name = args[2];
        int count = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(go)) { // the parent starts the three processes at once
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no go file " + go + " within 60 s");
            }
            Thread.sleep(5);
        }
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (RedisPersistence backend = RedisPersistence.open(BackendConfig.defaults()
                .withOption(RedisPersistence.URL, uri).withOption(RedisPersistence.PREFIX, prefix))) {
            for (int i = 0; i < count; i++) {
                backend.recordEvent(new EventRecord("multi", name, "Seq", Map.of("seq", i), t.plusMillis(i)));
            }
            if (!backend.flush(Duration.ofSeconds(60))) {
                throw new IllegalStateException("flush did not complete");
            }
            MetricsSnapshot metrics = backend.metrics().snapshot();
            System.out.println("ACKED " + (metrics.recordsWritten() - metrics.writeErrors()));
            System.out.println("ORDER " + backend.listEvents().stream()
                    .map(e -> e.actorAddress() + ":" + e.payload().get("seq")).collect(Collectors.joining(",")));
        }
    }
}
