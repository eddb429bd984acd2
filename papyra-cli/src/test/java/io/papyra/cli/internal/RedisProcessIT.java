package io.papyra.cli.internal;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged {@code papyra.jar} as a real process against a real {@code redis-server}
 * (started by the Redis module's {@link RedisServer}, stopped by its pid): the backend is found by
 * name, reads what another process wrote, and an unreachable server exits 4 on one line.
 */
class RedisProcessIT {

    private static RedisServer server;

    @TempDir
    Path work;

    private final String prefix = "cli-" + UUID.randomUUID();

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private JarRun papyra(String... args) throws IOException, InterruptedException {
        return JarRun.papyra(work, args);
    }

    @Test
    void readsWhatAnotherProcessWroteToTheServer() throws Exception {
        BackendConfig config = BackendConfig.defaults().withOption("url", server.uri()).withOption("prefix", prefix)
                .withOption("system_id", "orders");
        try (PersistenceBackend writer = PersistenceBackends.discover().open("redis", config)) {
            for (int i = 0; i < 3; i++) {
                writer.recordEvent(new EventRecord("orders", "local://" + i, "ActorStarted", Map.of("n", i),
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
            }
            assertEquals(3, writer.listEvents().size(), "a read flushes the writer's queue first");
        }

        String[] backend = {"--backend", "redis", "--option", "url=" + server.uri(), "--option", "prefix=" + prefix,
                "--option", "system_id=orders"};
        JarRun inspect = papyra(concat(new String[] {"inspect", "events", "--format", "ndjson"}, backend));
        assertEquals(0, inspect.code(), inspect.err());
        List<String> lines = inspect.out().lines().collect(java.util.stream.Collectors.toList());
        assertEquals(3, lines.size(), inspect.out());
        assertTrue(lines.get(2).contains("\"n\":2"), "oldest first, the newest last: " + inspect.out());

        JarRun latest = papyra(concat(new String[] {"inspect", "events", "--limit", "1", "--format", "ndjson"}, backend));
        assertEquals(0, latest.code(), latest.err());
        assertEquals(1, latest.out().lines().count(), latest.out());
        assertTrue(latest.out().contains("\"n\":2"), latest.out());

        JarRun scan = papyra(concat(new String[] {"scan"}, backend));
        assertEquals(0, scan.code(), scan.out() + scan.err());
        assertEquals("backend redis: clean", scan.out().strip());
    }

    @Test
    void anUnreachableServerExitsFourOnOneLineWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JarRun run = papyra("inspect", "events", "--backend", "redis",
                "--option", "url=redis://:s3cret-word@127.0.0.1:" + closedPort);
        assertEquals(ExitCode.UNAVAILABLE, run.code(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("s3cret-word"), "no password in messages: " + run.err());
    }

    private static String[] concat(String[] head, String[] tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
