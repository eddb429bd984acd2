package io.papyra.cli.internal;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged {@code papyra.jar} as a real process (failsafe, after {@code package}): the exit
 * codes a shell sees, and the backends the jar holds. The fixture backend of the tests is added with
 * {@code -cp papyra.jar:test-classes}, seeded through its options, since a separate process shares
 * no memory with the test.
 */
class JarProcessIT {

    @TempDir
    Path work;

    private JarRun jarCommand(String... args) throws IOException, InterruptedException {
        return JarRun.papyra(work, args);
    }

    /** The jar plus the test classes (the fixture provider and its META-INF/services entry). */
    private JarRun withFixture(String... args) throws IOException, InterruptedException {
        String testClasses = Paths.get(System.getProperty("basedir", "."), "target", "test-classes").toString();
        List<String> command = new ArrayList<>(List.of(JarRun.java(), "-cp", JarRun.jar() + File.pathSeparator + testClasses,
                "io.papyra.cli.Main"));
        command.addAll(List.of(args));
        return JarRun.run(work, command);
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        JarRun help = jarCommand("--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Exit codes:") && help.out().contains("doctor"), help.out());
        JarRun version = jarCommand("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("papyra 0."), "the manifest's version: " + version.out());
    }

    @Test
    void theJarHoldsTheMemoryBackendAndFindsItByName() throws Exception {
        JarRun backends = jarCommand("backends");
        assertEquals(0, backends.code(), backends.err());
        assertTrue(backends.out().contains("\nmemory "), backends.out());
        JarRun scan = jarCommand("scan", "--backend", "memory");
        assertEquals(new JarRun(0, "backend memory: clean\n", ""), scan);
        JarRun doctor = jarCommand("doctor", "--backend", "memory", "--format", "json");
        assertEquals(0, doctor.code(), doctor.err());
        assertTrue(doctor.out().contains("\"healthy\":true"), doctor.out());
    }

    @Test
    void usageErrorsExitTwoOnOneLine() throws Exception {
        JarRun unknown = jarCommand("inspect", "events", "--backend", "nosuch");
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("Unknown persistence backend 'nosuch'; backends found: [file, memory, redis]"), unknown.err());
        assertEquals(2, jarCommand("frobnicate").code());
    }

    @Test
    void exitCodesForAnomaliesAndUnreachableBackends() throws Exception {
        JarRun found = withFixture("scan", "--backend", "fixture", "--option", "store=s", "--option", "anomalies=2");
        assertEquals(1, found.code(), found.err());
        assertTrue(found.out().startsWith("backend fixture: 2 anomalies"), found.out());

        JarRun repaired = withFixture("doctor", "--backend", "fixture", "--option", "store=s", "--option", "anomalies=1");
        assertEquals(0, repaired.code(), repaired.out() + repaired.err());

        JarRun left = withFixture("doctor", "--backend", "fixture", "--option", "store=s", "--option", "anomalies=1",
                "--option", "repairable=false");
        assertEquals(3, left.code(), left.out() + left.err());

        JarRun unreachable = withFixture("inspect", "events", "--backend", "fixture", "--option", "unreachable=true");
        assertEquals(4, unreachable.code());
        assertEquals(1, unreachable.err().strip().lines().count(), unreachable.err());
        assertFalse(unreachable.err().contains("\tat "), unreachable.err());
        JarRun verbose = withFixture("inspect", "events", "--backend", "fixture", "--option", "unreachable=true", "--verbose");
        assertEquals(4, verbose.code());
        assertTrue(verbose.err().contains("Caused by: java.net.ConnectException"), verbose.err());
    }

    @Test
    void aRealLogDirectoryDamagedThenRepaired() throws Exception {
        Path dir = work.resolve("log");
        BackendConfig config = BackendConfig.defaults().withOption("dir", dir.toString()).withOption("fsync", "always");
        try (PersistenceBackend writer = PersistenceBackends.discover().open("file", config)) {
            for (int i = 0; i < 3; i++) {
                writer.recordEvent(new EventRecord("orders", "local://" + i, "ActorStarted", Map.of("n", i),
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
            }
        }
        JarRun clean = jarCommand("scan", "--path", dir.toString());
        assertEquals(new JarRun(0, "backend file: clean\n", ""), clean);

        Path segment;
        try (Stream<Path> files = Files.walk(dir.resolve("events"))) {
            segment = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("\"n\":1");
        bytes[at + 4] = (byte) '7';
        Files.write(segment, bytes);

        JarRun found = jarCommand("scan", "--path", dir.toString());
        assertEquals(1, found.code(), found.out() + found.err());
        assertTrue(found.out().contains(segment.getFileName().toString()), "names the file: " + found.out());
        JarRun doctor = jarCommand("doctor", "--path", dir.toString());
        assertEquals(0, doctor.code(), doctor.out() + doctor.err());
        JarRun inspect = jarCommand("inspect", "events", "--path", dir.toString(), "--format", "ndjson");
        assertEquals(0, inspect.code(), inspect.err());
        assertEquals(2, inspect.out().lines().count(), "the damaged record is gone: " + inspect.out());
    }

}
