package io.papyra.persistence.file.internal;

import io.papyra.persistence.Anomaly;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.StartupCheck;
import io.papyra.persistence.StartupCheckException;
import io.papyra.persistence.StartupCheckMode;
import io.papyra.persistence.StartupCheckReport;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Torn tails, stray files and startup checks against real damage on disk. */
class MaintenanceTest {

    @TempDir
    Path dir;

    /** Appends {@code n} events, closes, and cuts the last segment inside its last line; returns that line's offset. */
    private long tornLog(int n) throws IOException {
        try (FilePersistence backend = Logs.open(dir)) {
            for (EventRecord e : Logs.events(0, n)) {
                backend.recordEvent(e);
            }
        }
        List<Path> segments = Logs.segments(dir, "events");
        Path last = segments.get(segments.size() - 1);
        byte[] bytes = Files.readAllBytes(last);
        int lastLineStart = bytes.length - 1;
        while (lastLineStart > 0 && bytes[lastLineStart - 1] != '\n') {
            lastLineStart--;
        }
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(lastLineStart + (bytes.length - lastLineStart) / 2);
        }
        return lastLineStart;
    }

    @Test
    void aTornTailIsReportedAsTruncatedWithItsFileAndOffsetAndFailOnAnomalyRefuses() throws IOException {
        long offset = tornLog(50);
        Path last = Logs.segments(dir, "events").get(Logs.segments(dir, "events").size() - 1);
        try (FilePersistence backend = Logs.open(dir)) {
            assertEquals(Logs.events(0, 49), backend.listEvents(Query.all()));
            ScanReport scan = backend.scan();
            assertEquals(List.of(AnomalyType.TRUNCATED_LINE), scan.anomalies().stream().map(Anomaly::type).toList());
            assertEquals(last + " at byte offset " + offset, scan.anomalies().get(0).location());
            StartupCheckException refused = assertThrows(StartupCheckException.class,
                    () -> StartupCheck.of(StartupCheckMode.FAIL_ON_ANOMALY).run(backend));
            assertTrue(refused.getMessage().contains(last + " at byte offset " + offset), refused.getMessage());
            assertTrue(Files.size(last) > offset, "scan and the refusal changed nothing");
        }
    }

    @Test
    void startupRecoverRepairsATornTailAndStarts() throws IOException {
        tornLog(50);
        try (FilePersistence backend = Logs.open(dir)) {
            StartupCheckReport report = StartupCheck.of(StartupCheckMode.RECOVER).run(backend);
            assertEquals(1, report.scan().anomalies().size());
            assertTrue(report.rescan().isClean(), report.toString());
            MetricsSnapshot metrics = backend.metrics().snapshot();
            assertEquals(2, metrics.scans());
            assertEquals(1, metrics.recoveries());
            backend.recordEvent(Logs.event(49));
            assertEquals(Logs.events(0, 50), backend.listEvents(Query.all()));
        }
        try (FilePersistence reopened = Logs.open(dir)) {
            assertEquals(Logs.events(0, 50), reopened.listEvents(Query.all()));
            assertTrue(reopened.scan().isClean());
        }
    }

    @Test
    void strayFilesAreReportedNeverDeletedByScanAndLeftovers() throws IOException {
        try (FilePersistence backend = Logs.open(dir)) {
            backend.recordEvent(Logs.event(0));
        }
        Path unexpected = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path genDir = Logs.segments(dir, "events").get(0).getParent();
        Path unexpectedInGen = Files.writeString(genDir.resolve("copy.jsonl.bak"), "x");
        try (FilePersistence backend = Logs.open(dir)) {
            Path orphan = Files.createDirectories(dir.resolve("audits").resolve(LogStore.generationName(7)));
            Files.writeString(orphan.resolve(LogStore.segmentName(0)), "");
            ScanReport scan = backend.scan();
            assertEquals(List.of(
                    new Anomaly(AnomalyType.UNEXPECTED_FILE, unexpected.toString(), "not written by the file backend; left in place"),
                    new Anomaly(AnomalyType.UNEXPECTED_FILE, unexpectedInGen.toString(), "not written by the file backend; left in place"),
                    new Anomaly(AnomalyType.ORPHANED_ROTATED_FILE, orphan.toString(),
                            "generation 7 is not the live one (1): left by an uncommitted compaction")),
                    scan.anomalies());
            assertTrue(Files.exists(unexpected) && Files.exists(unexpectedInGen) && Files.exists(orphan), "scan deletes nothing");
            backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR));
            assertTrue(Files.exists(unexpected) && Files.exists(unexpectedInGen), "REPAIR leaves files it did not write");
            assertTrue(!Files.exists(orphan), "REPAIR removes a leftover generation");
            Path quarantine = dir.resolve("q");
            backend.recover(new RecoveryConfig(RecoveryMode.QUARANTINE, quarantine.toString()));
            assertTrue(!Files.exists(unexpected) && !Files.exists(unexpectedInGen), "QUARANTINE moves unexpected files");
            try (var files = Files.list(quarantine)) {
                assertEquals(2, files.count());
            }
            assertEquals(List.of(new Anomaly(AnomalyType.UNEXPECTED_FILE, quarantine.toString(),
                    "not written by the file backend; left in place")), backend.scan().anomalies());
            assertEquals(List.of(Logs.event(0)), backend.listEvents(Query.all()));
        }
    }

    @Test
    void aWriterOpenResolvesWhatAnInterruptedCompactionLeft() throws IOException {
        try (FilePersistence backend = Logs.open(dir)) {
            backend.recordEvent(Logs.event(0));
        }
        Path orphan = Files.createDirectories(dir.resolve("events").resolve(LogStore.generationName(2)));
        Files.writeString(orphan.resolve(LogStore.segmentName(0)), "garbage\n");
        try (FilePersistence readOnly = new FilePersistence(Logs.config(dir, "never").withOption("read_only", "true"))) {
            assertEquals(List.of(Logs.event(0)), readOnly.listEvents(Query.all()));
            assertEquals(AnomalyType.ORPHANED_ROTATED_FILE, readOnly.scan().anomalies().get(0).type());
        }
        assertTrue(Files.exists(orphan), "a read-only open changes nothing");
        try (FilePersistence backend = Logs.open(dir)) {
            assertTrue(!Files.exists(orphan), "the writer's open removes an uncommitted generation");
            assertTrue(backend.scan().isClean());
            assertEquals(List.of(Logs.event(0)), backend.listEvents(Query.all()));
        }
    }
}
