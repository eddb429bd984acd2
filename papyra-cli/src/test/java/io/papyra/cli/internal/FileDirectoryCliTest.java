package io.papyra.cli.internal;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.junit.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands in-process against a real log directory of the file backend: {@code --path DIR}
 * finds it by name, reads what a writer left, and scan, doctor and the exit codes see real damage.
 */
class FileDirectoryCliTest {

    private static final Instant T0 = ManualClock.DEFAULT_START;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(new PrintWriter(out), new PrintWriter(err), clock, duration -> {
            throw new AssertionError("this command must not sleep");
        }, PersistenceBackends::discover);
        int code = new Cli(env).execute(args);
        return new Result(code, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @BeforeEach
    void writeALog() {
        BackendConfig config = BackendConfig.defaults().withOption("dir", dir.toString()).withOption("fsync", "always");
        try (PersistenceBackend writer = PersistenceBackends.discover().open("file", config)) {
            for (int i = 0; i < 3; i++) {
                writer.recordEvent(new EventRecord("orders", "local://" + i, "ActorStarted", Map.of("n", i),
                        T0.plusSeconds(i)));
            }
            assertEquals(3, writer.listEvents().size(), "the writer sees its own appends");
        }
    }

    @Test
    void pathOpensTheFileBackendAndReadsWhatTheWriterLeft() {
        Result inspect = run("inspect", "events", "--path", dir.toString(), "--format", "ndjson");
        assertEquals(0, inspect.code(), inspect.err());
        List<String> lines = inspect.out().lines().collect(Collectors.toList());
        assertEquals(3, lines.size(), inspect.out());
        assertTrue(lines.get(0).contains("\"actor_id\":0") || lines.get(0).contains("local://0"), lines.get(0));
        assertTrue(lines.get(2).contains("\"n\":2"), lines.get(2));

        Result latest = run("inspect", "events", "--path", dir.toString(), "--limit", "1", "--format", "ndjson");
        assertEquals(0, latest.code(), latest.err());
        assertEquals(1, latest.out().lines().count(), latest.out());
        assertTrue(latest.out().contains("\"n\":2"), "the newest record: " + latest.out());

        Result scan = run("scan", "--path", dir.toString());
        assertEquals(new Result(0, "backend file: clean\n", ""), scan);
    }

    @Test
    void damageIsFoundByScanAndRepairedByDoctor() throws IOException {
        Path segment = onlySegment();
        byte[] bytes = Files.readAllBytes(segment);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int second = text.indexOf("\"n\":1");
        assertTrue(second > 0, text);
        bytes[second + 4] = (byte) '7'; // the second record's payload changes under its checksum
        Files.write(segment, bytes);

        Result scan = run("scan", "--path", dir.toString());
        assertEquals(1, scan.code(), scan.out() + scan.err());
        assertTrue(scan.out().startsWith("backend file: 1 anomal"), scan.out());
        assertTrue(scan.out().contains(segment.getFileName().toString()), "names the file: " + scan.out());

        Result doctor = run("doctor", "--path", dir.toString());
        assertEquals(0, doctor.code(), doctor.out() + doctor.err());

        Result after = run("scan", "--path", dir.toString());
        assertEquals(0, after.code(), after.out());
        Result inspect = run("inspect", "events", "--path", dir.toString(), "--format", "ndjson");
        assertEquals(2, inspect.out().lines().count(), "the damaged record is gone, the others stay: " + inspect.out());
        assertFalse(inspect.out().contains("\"n\":1"), inspect.out());
    }

    @Test
    void aDirectoryThatIsNotALogIsAOneLineError() {
        Path missing = dir.resolve("no-such-log");
        Result scan = run("scan", "--path", missing.toString());
        assertEquals(ExitCode.USAGE, scan.code(), scan.err());
        assertEquals(1, scan.err().strip().lines().count(), scan.err());
        assertTrue(scan.err().contains(missing.toString()), "names the directory: " + scan.err());
        assertFalse(Files.exists(missing), "a read-only command creates nothing");
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("events"))) {
            List<Path> segments = files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .collect(Collectors.toList());
            assertEquals(1, segments.size(), "one events segment: " + segments);
            return segments.get(0);
        }
    }
}
