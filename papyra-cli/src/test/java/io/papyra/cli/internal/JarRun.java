package io.papyra.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of a real JVM process for the integration tests: its exit code and what it printed, line
 * separators normalised to {@code \n}. A run is bounded in time and the process killed by its own
 * handle if it hangs.
 */
record JarRun(int code, String out, String err) {

    private static final long TIMEOUT_SECONDS = 60;

    /** {@code java -jar papyra.jar args...}, with output captured in files under {@code work}. */
    static JarRun papyra(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return run(work, command);
    }

    /** The packaged jar, which Maven builds in {@code package} and names in {@code -Dpapyra.jar}. */
    static Path jar() {
        String path = System.getProperty("papyra.jar");
        if (path == null || !Files.isRegularFile(Paths.get(path))) {
            fail("papyra.jar not found at " + path + ": run this test through Maven (mvn -pl papyra-cli -am verify),"
                    + " which builds the jar in the package phase and passes -Dpapyra.jar");
        }
        return Paths.get(path);
    }

    /** The {@code java} launcher of the JVM running the tests. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code command}, waits a bounded time, and kills that process (by its handle) if it hangs. */
    static JarRun run(Path work, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("pid " + process.pid() + " did not exit within " + TIMEOUT_SECONDS + " s: " + command);
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String sep = System.lineSeparator();
        return new JarRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).replace(sep, "\n"),
                Files.readString(err, StandardCharsets.UTF_8).replace(sep, "\n"));
    }
}
