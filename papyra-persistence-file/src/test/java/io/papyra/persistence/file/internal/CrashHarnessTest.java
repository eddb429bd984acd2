package io.papyra.persistence.file.internal;

import io.papyra.persistence.Anomaly;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills real processes: a child JVM ({@link CrashChild}) appends under each fsync policy (and, in
 * some rounds, compacts in a loop) and is killed with SIGKILL after a random number of
 * acknowledged appends; then the test opens the directory, scans, repairs a torn tail if there is
 * one (it must be the only kind of damage), and checks: each writer's records are its sequence
 * without a duplicate, a reordering or a gap; under {@code always} every acknowledged append is
 * present. In a third of the rounds under {@code never} and {@code interval}, the last line is then
 * cut short as a power loss can leave it, and must be reported as truncated and repaired. Each
 * combination kills in a loop of its own, all at once, until {@code papyra.crash.seconds} (60 in
 * {@code mvn verify}; profile {@code crash-soak} runs 900).
 */
class CrashHarnessTest {

    private static final int THREADS = 2;
    private static final int KILLS_PER_DIRECTORY = 20;
    private static final String[][] ROUNDS = {
            {"never", "append"}, {"interval", "append"}, {"always", "append"}, {"always", "compact"},
            {"never", "compact"}};

    @TempDir
    Path root;

    /** One child: its combination, where it was killed, what it acknowledged. */
    private static final class Run {
        final String fsync;
        final String mode;
        final Path dir;
        final int killAfter;
        final long[] acked = new long[THREADS];
        final boolean[] compacting = {false};

        Run(String fsync, String mode, Path dir, int killAfter) {
            this.fsync = fsync;
            this.mode = mode;
            this.dir = dir;
            this.killAfter = killAfter;
            Arrays.fill(acked, -1);
        }

        /** Starts the child, reads its output until {@link #killAfter} acks, kills it by its pid, reads what it printed before dying. */
        void drive() throws IOException {
            Process child = ChildJvm.start(CrashChild.class, dir.toString(), fsync, mode, Integer.toString(THREADS));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                if (!"ready".equals(line)) {
                    throw new AssertionError("the child did not start: " + line);
                }
                int acks = 0;
                while (acks < killAfter && (line = out.readLine()) != null) {
                    acks += read(line, acked, compacting);
                }
                ChildJvm.kill(child);
                while ((line = out.readLine()) != null) {
                    read(line, acked, compacting);
                }
            } finally {
                ChildJvm.kill(child);
            }
        }
    }

    /** Kill counts over all combinations. */
    private static final class Tally {
        final AtomicInteger kills = new AtomicInteger();
        final AtomicInteger duringCompaction = new AtomicInteger();
        final AtomicInteger tornTails = new AtomicInteger();
        final Map<String, Integer> perCombination = new ConcurrentSkipListMap<>();
    }

    @Test
    void killedWritersLoseAtMostTheUnforcedTailAndNeverDuplicateOrReorder() throws Exception {
        long seconds = Long.getLong("papyra.crash.seconds", 60);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long seed = Long.getLong("papyra.crash.seed", System.nanoTime());
        Tally tally = new Tally();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // Each combination kills its children in a loop of its own: a cheap combination is not held
        // back by a slow one, and a JVM start (most of a kill's cost) overlaps another's checks.
        List<Thread> drivers = new ArrayList<>();
        for (int c = 0; c < ROUNDS.length; c++) {
            String[] combination = ROUNDS[c];
            Random random = new Random(seed + c);
            Thread driver = new Thread(() -> {
                try {
                    killRepeatedly(combination[0], combination[1], random, deadline, seed, tally, failures);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "crash-driver " + combination[0] + "-" + combination[1]);
            driver.setDaemon(true);
            driver.start();
            drivers.add(driver);
        }
        for (Thread driver : drivers) {
            driver.join(TimeUnit.SECONDS.toMillis(seconds + 180));
            assertFalse(driver.isAlive(), driver.getName() + " did not stop within " + (seconds + 180) + " s");
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.peek();
            fail(first.getMessage() + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more failures)" : ""), first);
        }
        System.out.printf("[crash harness] %d kills %s (%d during a compaction), %d torn tails repaired, seed %d%n",
                tally.kills.get(), tally.perCombination, tally.duringCompaction.get(), tally.tornTails.get(), seed);
        assertEquals(ROUNDS.length, tally.perCombination.size(), "every combination was killed at least once");
    }

    /**
     * Starts, kills and checks children of one combination until the deadline (at least once), or
     * until any combination failed. A new directory every {@value #KILLS_PER_DIRECTORY} kills keeps
     * the check's cost (it reads the whole log) from growing with the run.
     */
    private void killRepeatedly(String fsync, String mode, Random random, long deadline, long seed, Tally tally,
                                ConcurrentLinkedQueue<Throwable> failures) throws IOException {
        for (int kill = 0; kill == 0 || System.nanoTime() < deadline && failures.isEmpty(); kill++) {
            Path dir = root.resolve(fsync + "-" + mode + "-" + kill / KILLS_PER_DIRECTORY);
            Run run = new Run(fsync, mode, dir, random.nextInt(1500));
            String where = "seed " + seed + " (-Dpapyra.crash.seed), " + fsync + "/" + mode + " kill " + kill
                    + " (killed after " + run.killAfter + " acks)";
            try {
                run.drive();
            } catch (Throwable t) {
                throw new AssertionError(where + ": " + t, t);
            }
            boolean tear = !fsync.equals("always") && random.nextInt(3) == 0;
            if (tear) {
                tear = tear(dir, random);
                where += tear ? ", last line then torn" : "";
            }
            int torn = check(dir, fsync, mode, run.acked, where);
            if (tear) {
                assertTrue(torn >= 1, where + ": the torn last line was not reported as truncated");
            }
            tally.kills.incrementAndGet();
            tally.perCombination.merge(fsync + "/" + mode, 1, Integer::sum);
            tally.tornTails.addAndGet(torn);
            if (run.compacting[0]) {
                tally.duringCompaction.incrementAndGet();
            }
        }
    }

    /**
     * Cuts the last line of the last events segment short, as a power loss can leave an unforced
     * tail (a kill alone seldom does): only under never and interval, whose guarantees allow losing it.
     */
    private static boolean tear(Path dir, Random random) throws IOException {
        List<Path> segments = Logs.segments(dir, "events");
        if (segments.isEmpty()) {
            return false;
        }
        Path last = segments.get(segments.size() - 1);
        byte[] bytes = java.nio.file.Files.readAllBytes(last);
        if (bytes.length < 2 || bytes[bytes.length - 1] != '\n') {
            return false;
        }
        int start = bytes.length - 1;
        while (start > 0 && bytes[start - 1] != '\n') {
            start--;
        }
        int keep = start + 1 + random.nextInt(bytes.length - 1 - start);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(last, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(keep);
        }
        return true;
    }

    private static int read(String line, long[] acked, boolean[] compacting) {
        if (line.startsWith("ack ")) {
            String[] parts = line.split(" ");
            if (parts.length == 3) {
                int thread = Integer.parseInt(parts[1]);
                acked[thread] = Math.max(acked[thread], Long.parseLong(parts[2]));
                return 1;
            }
            return 0; // the line the kill cut short
        }
        if (line.equals("compacting")) {
            compacting[0] = true;
        } else if (line.equals("compacted")) {
            compacting[0] = false;
        }
        return 0;
    }

    /** Opens, scans, repairs a torn tail, checks the log; returns the torn tails found. */
    private static int check(Path dir, String fsync, String mode, long[] acked, String where) throws IOException {
        int torn = 0;
        try (FilePersistence backend = new FilePersistence(Logs.config(dir, fsync))) {
            ScanReport scan = backend.scan();
            for (Anomaly a : scan.anomalies()) {
                assertEquals(AnomalyType.TRUNCATED_LINE, a.type(), where + ": only a torn tail may follow a kill: " + scan);
                torn++;
            }
            if (torn > 0) {
                backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR));
                assertTrue(backend.scan().isClean(), where + ": the torn tail was repaired");
            }
            List<EventRecord> events = backend.listEvents(Query.all());
            long[] last = new long[THREADS];
            Arrays.fill(last, -1);
            for (EventRecord e : events) {
                int t = CrashChild.thread(e);
                long seq = CrashChild.seq(e);
                if (last[t] >= 0) {
                    assertEquals(last[t] + 1, seq, where + ": thread " + t + " reads " + seq + " after " + last[t]
                            + " (a duplicate, a reordering or a lost record in the middle)");
                } else if (mode.equals("append")) {
                    assertEquals(0, seq, where + ": thread " + t + "'s first record");
                }
                last[t] = seq;
            }
            if (fsync.equals("always")) {
                for (int t = 0; t < THREADS; t++) {
                    assertTrue(acked[t] <= last[t], where + ": thread " + t + "'s append " + acked[t]
                            + " returned under fsync=always but the log ends at " + last[t]);
                }
            }
            assertNotNull(events);
        } catch (IllegalStateException e) {
            fail(where + ": the directory is still locked after the child was killed: " + e.getMessage(), e);
        }
        return torn;
    }
}
