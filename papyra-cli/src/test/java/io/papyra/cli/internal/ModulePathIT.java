package io.papyra.cli.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the CLI's module jar on a module path (failsafe, after {@code package}), as
 * {@code java -p ... -m io.papyra.cli/io.papyra.cli.Main}: proves its module descriptor (what it
 * requires, the commands opened to picocli) and that the memory backend is bound by service binding.
 */
class ModulePathIT {

    @TempDir
    Path work;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        String modulePath = System.getProperty("papyra.modulepath");
        if (modulePath == null || modulePath.contains("${")) {
            fail("papyra.modulepath not set (was " + modulePath + "): run this test through Maven"
                    + " (mvn -pl papyra-cli -am verify), which resolves the jars");
        }
        for (String entry : modulePath.split(File.pathSeparator)) {
            assertTrue(Files.isRegularFile(Paths.get(entry)), "module path entry missing: " + entry);
        }
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath, "-m", "io.papyra.cli/io.papyra.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                fail("pid " + process.pid() + " did not exit within 60 s: " + command);
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void commandsRunFromTheModulePathWithTheMemoryBackendBound() throws Exception {
        Run scan = run("scan", "--backend", "memory");
        assertEquals(new Run(0, "backend memory: clean" + System.lineSeparator(), ""), scan);
        Run inspect = run("inspect", "events", "--backend", "memory", "--since", "15m", "--format", "json");
        assertEquals(0, inspect.code(), inspect.err());
        assertEquals("[]", inspect.out().strip());
        Run completion = run("completion");
        assertEquals(0, completion.code(), completion.err());
        assertTrue(completion.out().contains("complete -F _complete_papyra"), completion.out());
        Run unknown = run("scan", "--backend", "nosuch");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("backends found: [memory]"), unknown.err());
    }
}
