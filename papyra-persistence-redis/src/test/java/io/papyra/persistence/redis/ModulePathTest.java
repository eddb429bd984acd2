package io.papyra.persistence.redis;

import io.papyra.persistence.redis.app.ModulePathApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module's {@code requires} are enough on the module path: a JVM with this run's modules on
 * {@code --module-path} and only the API module as a root ({@code --add-modules io.papyra.persistence},
 * as for an application that requires only the API) finds the backend by service binding and opens,
 * appends and reads against a real server. Lettuce is an automatic module that pulls none of its
 * dependencies into the module graph, so a missing {@code requires io.netty...} fails here with
 * {@code NoClassDefFoundError}.
 */
class ModulePathTest {

    @TempDir
    Path dir;

    @Test
    void anApplicationThatRequiresOnlyTheApiOpensTheBackendByName() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        assertNotNull(modulePath, "this test runs on the module path (Surefire puts the module there)");
        String classes = Path.of(ModulePathApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path out = dir.resolve("app.out");
        try (RedisServer server = RedisServer.start()) {
            Process app = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--module-path", modulePath, "--add-modules", "io.papyra.persistence", "-cp", classes,
                    ModulePathApp.class.getName(), server.uri()))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the application finished within 60 s");
            } finally {
                if (app.isAlive()) { // by the pid it was started with
                    app.destroyForcibly();
                    app.waitFor(10, TimeUnit.SECONDS);
                }
            }
            String output = Files.readString(out);
            assertEquals(0, app.exitValue(), output);
            assertTrue(output.contains("OPENED io.papyra.persistence.redis READ 1"), output);
        }
    }
}
