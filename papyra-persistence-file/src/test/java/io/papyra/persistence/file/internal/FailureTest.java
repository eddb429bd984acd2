package io.papyra.persistence.file.internal;

import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing disk or writer counts what it loses and never throws; options and read-only refusals are clear. */
class FailureTest {

    @TempDir
    Path dir;

    @AfterEach
    void removeFaults() {
        Faults.install(Faults.NONE);
    }

    @Test
    void aFailedWriteCountsItsAppendsAsWriteErrorsWithoutThrowingAndTheLogStaysWhole() {
        AtomicBoolean failing = new AtomicBoolean();
        Faults.install(new Faults() {
            @Override
            public void beforeWrite(String log) throws IOException {
                if (failing.get()) {
                    throw new IOException("No space left on device (simulated)");
                }
            }
        });
        for (String fsync : List.of("never", "always")) {
            Path d = dir.resolve(fsync);
            try (FilePersistence backend = new FilePersistence(Logs.config(d, fsync))) {
                backend.recordEvent(Logs.event(0));
                assertEquals(List.of(Logs.event(0)), backend.listEvents(Query.all()), fsync); // written before the disk fails
                failing.set(true);
                backend.recordEvent(Logs.event(1));
                backend.recordEvent(Logs.event(2));
                MetricsSnapshot metrics = backend.metrics().snapshot();
                assertEquals(1, metrics.recordsWritten(), fsync);
                assertEquals(0, metrics.recordsDropped(), fsync + ": an append that failed is not also a drop");
                assertEquals(2, metrics.writeErrors(), fsync + ": one write error per failed append");
                failing.set(false);
                backend.recordEvent(Logs.event(3));
                assertEquals(List.of(Logs.event(0), Logs.event(3)), backend.listEvents(Query.all()), fsync);
                assertTrue(backend.scan().isClean(), fsync);
            }
            try (FilePersistence reopened = new FilePersistence(Logs.config(d, fsync))) {
                assertEquals(List.of(Logs.event(0), Logs.event(3)), reopened.listEvents(Query.all()), fsync);
            }
        }
    }

    @Test
    void aWriterKilledByAnErrorBlocksNoAppendReadOrCloseAndCountsWhatIsLost() {
        AtomicBoolean dying = new AtomicBoolean();
        Faults.install(new Faults() {
            @Override
            public void beforeWrite(String log) {
                if (dying.get()) {
                    throw new OutOfMemoryError("simulated: the writer thread runs out of heap");
                }
            }
        });
        for (String fsync : List.of("never", "always")) {
            Path d = dir.resolve(fsync);
            dying.set(false);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (FilePersistence backend = new FilePersistence(Logs.config(d, fsync))) {
                    backend.recordEvent(Logs.event(0));
                    assertEquals(List.of(Logs.event(0)), backend.listEvents(Query.all()), fsync);
                    dying.set(true);
                    backend.recordEvent(Logs.event(1)); // kills the writer; under always it must still return
                    assertEquals(List.of(Logs.event(0)), backend.listEvents(Query.all()), fsync + ": a read returns");
                    backend.recordEvent(Logs.event(2)); // nothing writes any more
                    MetricsSnapshot metrics = backend.metrics().snapshot();
                    assertEquals(1, metrics.recordsWritten(), fsync);
                    assertEquals(2, metrics.writeErrors(), fsync + ": the append the writer died on, and the one after");
                    assertEquals(0, metrics.recordsDropped(), fsync);
                }
            }, fsync + ": something waited for the dead writer");
            dying.set(false);
            try (FilePersistence reopened = new FilePersistence(Logs.config(d, fsync))) {
                assertEquals(List.of(Logs.event(0)), reopened.listEvents(Query.all()), fsync);
                reopened.recordEvent(Logs.event(3));
                assertEquals(List.of(Logs.event(0), Logs.event(3)), reopened.listEvents(Query.all()), fsync);
            }
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaitingForTheDisk() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Faults.install(new Faults() {
            @Override
            public void beforeWrite(String log) throws IOException {
                writing.countDown();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IOException("the test never released the writer");
                    }
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        });
        try (FilePersistence backend = new FilePersistence(Logs.config(dir, "never").withOption("queue_capacity", "2"))) {
            backend.recordEvent(Logs.event(0));
            assertTrue(writing.await(60, TimeUnit.SECONDS), "the writer took the first record");
            backend.recordEvent(Logs.event(1));
            backend.recordEvent(Logs.event(2));
            backend.recordEvent(Logs.event(3)); // the queue holds 2: dropped, and the caller did not wait
            release.countDown();
            assertEquals(Logs.events(0, 3), backend.listEvents(Query.all()));
            MetricsSnapshot metrics = backend.metrics().snapshot();
            assertEquals(3, metrics.recordsWritten());
            assertEquals(1, metrics.recordsDropped());
            assertEquals(0, metrics.writeErrors());
        } finally {
            release.countDown();
        }
    }

    @Test
    void badOptionsAreRefusedNamingKeyValueAndWhatIsAllowed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new FilePersistence(Logs.config(dir, "never").withOption("path", "x")));
        assertEquals("unknown option 'path' for the file backend; known options: dir, segment_bytes, fsync, "
                + "fsync_interval_ms, queue_capacity, read_only", unknown.getMessage());
        assertEquals("option 'fsync' = 'sometimes' is not allowed; allowed: never, interval, always",
                assertThrows(IllegalArgumentException.class, () -> new FilePersistence(Logs.config(dir, "sometimes"))).getMessage());
        assertEquals("option 'segment_bytes' = '10' is out of range; allowed: 4096 to 1073741824",
                assertThrows(IllegalArgumentException.class,
                        () -> new FilePersistence(Logs.config(dir, "never").withOption("segment_bytes", "10"))).getMessage());
        assertEquals("option 'read_only' = 'yes' is not allowed; allowed: true, false",
                assertThrows(IllegalArgumentException.class,
                        () -> new FilePersistence(Logs.config(dir, "never").withOption("read_only", "yes"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new FilePersistence(io.papyra.persistence.BackendConfig.defaults())).getMessage()
                .startsWith("option 'dir' is required"));
    }

    @Test
    void aReadOnlyBackendSeesWhatTheWriterAppendsAfterItOpened() {
        try (FilePersistence writer = new FilePersistence(Logs.config(dir, "always").withOption("segment_bytes", "4096"));
             FilePersistence reader = new FilePersistence(Logs.config(dir, "never").withOption("read_only", "true"))) {
            assertEquals(List.of(), reader.listEvents(Query.all()));
            for (int i = 0; i < 100; i++) {
                writer.recordEvent(Logs.event(i)); // returns once forced: the bytes are in the file
                if (i % 37 == 0) {
                    assertEquals(Logs.events(0, i + 1), reader.listEvents(Query.all()), "after append " + i);
                }
            }
            assertEquals(Logs.events(90, 100), reader.listEvents(Query.latest(10)));
            assertEquals(Logs.events(0, 100), reader.listEvents(Query.all()));
        }
    }

    @Test
    void aReadOnlyBackendDropsAppendsAndRefusesChanges() {
        try (FilePersistence writer = Logs.open(dir)) {
            writer.recordEvent(Logs.event(0));
        }
        try (FilePersistence readOnly = new FilePersistence(Logs.config(dir, "never").withOption("read_only", "true"))) {
            readOnly.recordEvent(Logs.event(1));
            assertEquals(1, readOnly.metrics().snapshot().recordsDropped());
            assertEquals(List.of(Logs.event(0)), readOnly.listEvents(Query.all()));
            assertTrue(assertThrows(IllegalStateException.class, readOnly::compact).getMessage().contains("read-only"));
            assertTrue(assertThrows(IllegalStateException.class,
                    () -> readOnly.recover(RecoveryConfig.of(RecoveryMode.REPAIR))).getMessage().contains("read-only"));
        }
    }
}
