package io.papyra.persistence.file.internal;

import io.papyra.persistence.Query;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer per directory, across processes; read-only opening while the writer runs. */
class LockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondWriterInAnotherProcessIsRefusedAndReadOnlyWorks() throws Exception {
        Process child = ChildJvm.start(LockHolder.class, dir.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the child JVM exited before it locked the directory");
            assertEquals("locked " + child.pid(), line);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Logs.open(dir));
            String message = refused.getMessage();
            assertTrue(message.contains("directory " + dir + " is already open for writing"), message);
            assertTrue(message.contains(dir.resolve(DirectoryLock.FILE).toString()), message);
            assertTrue(message.contains("pid " + child.pid()), message);
            assertTrue(message.contains("read_only=true"), message);
            try (FilePersistence reader = new FilePersistence(Logs.config(dir, "never").withOption("read_only", "true"))) {
                assertEquals(Logs.events(0, 10), reader.listEvents(Query.all()));
                assertTrue(reader.scan().isClean());
            }
        } finally {
            ChildJvm.kill(child);
        }
        try (FilePersistence writer = Logs.open(dir)) {
            assertEquals(Logs.events(0, 10), writer.listEvents(Query.all()), "a killed writer leaves no stale lock");
        }
    }

    @Test
    void aSecondWriterInTheSameProcessIsRefused() {
        try (FilePersistence first = Logs.open(dir)) {
            assertTrue(assertThrows(IllegalStateException.class, () -> Logs.open(dir)).getMessage()
                    .contains("is already open for writing"));
            assertTrue(!first.isClosed());
        }
        Logs.open(dir).close();
    }
}
