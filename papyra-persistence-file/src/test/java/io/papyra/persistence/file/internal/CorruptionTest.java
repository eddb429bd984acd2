package io.papyra.persistence.file.internal;

import io.papyra.persistence.Anomaly;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes flipped at random offsets of the segments (seeded, many rounds): scan reports exactly the
 * damaged records, by file and byte offset, never a valid one and never fewer; REPAIR drops exactly
 * them, QUARANTINE keeps their bytes in the quarantine directory, REBUILD rewrites the log without them.
 */
class CorruptionTest {

    private static final int RECORDS = 120;
    private static final int ROUNDS = 60;

    @TempDir
    Path root;

    /** A record's line in a segment of the pristine log. */
    private record Line(int record, Path relativeSegment, int from, int to) {
    }

    @Test
    void scanReportsExactlyTheDamagedRecordsAndRecoveryDropsExactlyThem() throws IOException {
        Path pristine = root.resolve("pristine");
        try (FilePersistence backend = Logs.open(pristine)) {
            for (EventRecord e : Logs.events(0, RECORDS)) {
                backend.recordEvent(e);
            }
        }
        List<Line> lines = lines(pristine);
        assertEquals(RECORDS, lines.size());
        long seed = Long.getLong("papyra.file.corruptionSeed", System.nanoTime());
        Random random = new Random(seed);
        RecoveryMode[] modes = {RecoveryMode.REPAIR, RecoveryMode.QUARANTINE, RecoveryMode.REBUILD};
        for (int round = 0; round < ROUNDS; round++) {
            String where = "seed " + seed + " (-Dpapyra.file.corruptionSeed), round " + round;
            Path dir = root.resolve("round-" + round);
            copy(pristine, dir);
            TreeSet<Integer> damaged = new TreeSet<>();
            int k = 1 + random.nextInt(3);
            while (damaged.size() < k) {
                int r = random.nextInt(RECORDS);
                if (!damaged.contains(r - 1) && !damaged.contains(r + 1)) {
                    damaged.add(r);
                }
            }
            Set<String> expected = new HashSet<>();
            for (int r : damaged) {
                Line line = lines.get(r);
                Path segment = dir.resolve(line.relativeSegment);
                byte[] bytes = Files.readAllBytes(segment);
                int at = line.from + random.nextInt(line.to - line.from);
                bytes[at] ^= (byte) (1 + random.nextInt(255));
                Files.write(segment, bytes);
                expected.add(segment + " at byte offset " + line.from);
                where += "; record " + r + " flipped at byte " + at + " of " + line.relativeSegment;
            }
            RecoveryMode mode = modes[round % modes.length];
            try (FilePersistence backend = Logs.open(dir)) {
                ScanReport scan = backend.scan();
                Set<String> reported = new HashSet<>();
                for (Anomaly a : scan.anomalies()) {
                    assertTrue(a.type() == AnomalyType.CORRUPTED_LINE || a.type() == AnomalyType.TRUNCATED_LINE,
                            where + ": " + a);
                    reported.add(a.location());
                }
                assertEquals(expected, reported, where + ": " + scan.anomalies());
                assertEquals(damaged.size(), scan.anomalies().size(), where + ": " + scan.anomalies());

                RecoveryReport report = backend.recover(new RecoveryConfig(mode,
                        mode == RecoveryMode.QUARANTINE ? root.resolve("quarantine-" + round).toString() : null));
                assertEquals(expected, new HashSet<>(report.repaired()), where);
                List<EventRecord> survivors = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    if (!damaged.contains(i)) {
                        survivors.add(Logs.event(i));
                    }
                }
                assertEquals(survivors, backend.listEvents(Query.all()), where + " after " + mode);
                assertTrue(backend.scan().isClean(), where + " after " + mode);
                if (mode == RecoveryMode.QUARANTINE) {
                    assertEquals(damaged.size(), report.quarantined().size(), where);
                    try (Stream<Path> files = Files.list(root.resolve("quarantine-" + round))) {
                        List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
                        assertEquals(damaged.size(), names.size(), where + ": " + names);
                        for (int r : damaged) {
                            Line line = lines.get(r);
                            String name = "events." + line.relativeSegment.getName(1) + "." + line.relativeSegment.getFileName()
                                    + ".at-" + line.from + ".bad";
                            assertTrue(names.contains(name), where + ": " + name + " not in " + names);
                        }
                    }
                }
                backend.recordEvent(Logs.event(RECORDS));
                survivors.add(Logs.event(RECORDS));
                assertEquals(survivors, backend.listEvents(Query.all()), where + ": appends after " + mode);
            }
            try (FilePersistence reopened = Logs.open(dir)) {
                assertEquals(RECORDS - damaged.size() + 1, reopened.listEvents(Query.all()).size(), where + ": reopened");
                assertTrue(reopened.scan().isClean(), where + ": reopened");
            }
        }
    }

    /** The lines of the pristine log's events, in order, with their segment relative to the directory. */
    private static List<Line> lines(Path dir) throws IOException {
        List<Line> out = new ArrayList<>();
        for (Path segment : Logs.segments(dir, "events")) {
            byte[] bytes = Files.readAllBytes(segment);
            int from = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    out.add(new Line(out.size(), dir.relativize(segment), from, i + 1));
                    from = i + 1;
                }
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p));
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (!p.getFileName().toString().equals(DirectoryLock.FILE)) {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
