package io.papyra.persistence.redis;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several nodes, one order: three JVM processes append to one actor system's log at once; every
 * acknowledged record is read back once, each process's order is kept, and the readers in every
 * process see the same single order (each one's read is a prefix of the final log).
 */
class MultiProcessTest {

    private static final int PROCESSES = 3;
    private static final int APPENDS = 3_000;
    private static final long WAIT_SECONDS = 120;
    private static RedisServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void threeProcessesAppendConcurrentlyAndEveryReaderSeesOneOrder() throws Exception {
        Path go = dir.resolve("go");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                Path out = dir.resolve("p" + p + ".out");
                outputs.add(out);
                processes.add(new ProcessBuilder(javaCommand("proc-" + p, go))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            Files.createFile(go);
            for (int p = 0; p < PROCESSES; p++) {
                Process process = processes.get(p);
                if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    fail("process " + p + " (pid " + process.pid() + ") did not finish within " + WAIT_SECONDS + " s");
                }
                assertEquals(0, process.exitValue(), "process " + p + " failed: " + Files.readString(outputs.get(p)));
            }
        } finally {
            for (Process process : processes) { // by the pid each was started with, never by name
                if (process.isAlive()) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }

        List<String> finalOrder;
        try (RedisPersistence reader = RedisPersistence.open(BackendConfig.defaults()
                .withOption(RedisPersistence.URL, server.uri()).withOption(RedisPersistence.PREFIX, "multi"))) {
            finalOrder = reader.listEvents().stream()
                    .map(e -> e.actorAddress() + ":" + e.payload().get("seq")).toList();
        }
        Map<String, Integer> next = new HashMap<>();
        for (String tag : finalOrder) {
            String process = tag.substring(0, tag.indexOf(':'));
            int seq = Integer.parseInt(tag.substring(tag.indexOf(':') + 1));
            assertEquals(next.getOrDefault(process, 0), seq, "each process's records once, in its order: " + tag);
            next.put(process, seq + 1);
        }
        Set<String> unique = new LinkedHashSet<>(finalOrder);
        assertEquals(finalOrder.size(), unique.size(), "no record is read twice");
        for (int p = 0; p < PROCESSES; p++) {
            List<String> lines = Files.readAllLines(outputs.get(p), StandardCharsets.UTF_8);
            long acked = Long.parseLong(line(lines, "ACKED ", p));
            assertEquals(APPENDS, acked, "process " + p + " had every append acknowledged");
            assertEquals((int) acked, next.getOrDefault("proc-" + p, 0), "every acknowledged record of process " + p + " is read");
            List<String> seen = List.of(line(lines, "ORDER ", p).split(","));
            assertTrue(seen.size() >= APPENDS, "process " + p + " read at least its own records");
            assertEquals(finalOrder.subList(0, seen.size()), seen,
                    "process " + p + " read a prefix of the one order that every reader sees");
        }
        assertEquals(PROCESSES * APPENDS, finalOrder.size());
    }

    private static String line(List<String> lines, String prefix, int p) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("process " + p + " printed no " + prefix.strip() + ": " + lines));
    }

    /** A JVM of the same Java, on a class path of this test's classes and every module and jar of this run. */
    private static List<String> javaCommand(String name, Path go) throws URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> path = new ArrayList<>();
        path.add(Path.of(ProcessAppender.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                path.add(value);
            }
        }
        return List.of(java, "-Xmx256m", "-cp", String.join(File.pathSeparator, path),
                ProcessAppender.class.getName(), server.uri(), "multi", name, Integer.toString(APPENDS), go.toString());
    }
}
