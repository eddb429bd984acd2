package io.papyra.persistence.file.internal;

import io.papyra.persistence.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit under {@code fsync=always}: appends that wait together for a force share it, and
 * none returns before a force covered it. The fault seam counts the writer's forces and holds the
 * first one, so that two appends arrive while it runs.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    @AfterEach
    void removeFaults() {
        Faults.install(Faults.NONE);
    }

    @Test
    void twoAppendsWaitingDuringAForceShareTheNextOne() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Faults.install(new Faults() {
            @Override
            public void beforeForce(String log) throws IOException {
                if (forces.incrementAndGet() == 1) {
                    forcing.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("the test never released the first force");
                        }
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
        });
        FileEngine engine = new FileEngine(Logs.config(dir, "always"));
        try {
            Thread first = start(() -> engine.recordEvent(Logs.event(0)));
            assertTrue(forcing.await(30, TimeUnit.SECONDS), "the writer never forced the first append");
            Thread second = start(() -> engine.recordEvent(Logs.event(1)));
            Thread third = start(() -> engine.recordEvent(Logs.event(2)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine.enqueuedCount() < 3) {
                assertTrue(System.nanoTime() < deadline, "the two appends were not enqueued within 30 s");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            for (Thread t : List.of(first, second, third)) {
                assertTrue(t.isAlive(), t.getName() + " returned before its bytes were forced");
            }
            release.countDown();
            for (Thread t : List.of(first, second, third)) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!t.isAlive(), t.getName() + " did not return within 30 s of the forces");
            }
            assertEquals(2, forces.get(), "one force for the first append, one shared by the two that waited");
            assertEquals(Set.copyOf(Logs.events(0, 3)), Set.copyOf(engine.listEvents(Query.all())));
        } finally {
            release.countDown();
            engine.close();
        }
    }

    private static Thread start(Runnable append) {
        Thread t = new Thread(append, "appender");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
