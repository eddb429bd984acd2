package io.papyra.persistence.file.internal;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compaction stopped after each of its steps, as a crash would stop it (the test-only fault seam
 * throws and nothing is cleaned up): the next open finds each log whole, either as it was before
 * the compaction or as the compaction made it, nothing lost, nothing duplicated, and scans clean.
 */
class CompactionCrashTest {

    @TempDir
    Path dir;

    @AfterEach
    void removeFaults() {
        Faults.install(Faults.NONE);
    }

    private static List<AuditRecord> audits(int n) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new AuditRecord("sys", Logs.T0.plusSeconds(i), i, i, 0, 0, i, List.of(), List.of("dead-" + i), i));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Faults.Step.class)
    void aCompactionStoppedAfterEachStepLeavesEveryLogWhole(Faults.Step step) throws IOException {
        RetentionPolicy keep30 = RetentionPolicy.none().withMaxRecords(30);
        List<EventRecord> events = Logs.events(0, 200);
        List<AuditRecord> audits = audits(100);
        try (FilePersistence backend = new FilePersistence(Logs.config(dir, "always").withRetention(keep30)
                .withOption("segment_bytes", "4096"))) {
            events.forEach(backend::recordEvent);
            audits.forEach(backend::recordAudit);
            Faults.install(new Faults() {
                @Override
                public void compactionStep(String log, Step reached) {
                    if (log.equals("events") && reached == step) {
                        throw new Maintenance.SimulatedCrash("stopped after step " + step + " of log " + log);
                    }
                }
            });
            assertThrows(Maintenance.SimulatedCrash.class, backend::compact);
            Faults.install(Faults.NONE);
        }
        List<EventRecord> expectedEvents = step == Faults.Step.WRITTEN ? events : events.subList(170, 200);
        try (FilePersistence reopened = new FilePersistence(Logs.config(dir, "always"))) {
            assertEquals(expectedEvents, reopened.listEvents(Query.all()), "events after a stop at " + step);
            assertEquals(audits, reopened.listAudits(Query.all()), "audits, not reached by the stopped compaction");
            assertTrue(reopened.scan().isClean(), "the writer's open resolved what the stop left: " + reopened.scan());
            assertEquals(1, LogStore.generations(dir.resolve("events")).size());
            reopened.recordEvent(Logs.event(200));
        }
        try (FilePersistence again = new FilePersistence(Logs.config(dir, "always").withRetention(keep30))) {
            CompactionReport report = again.compact();
            assertEquals(expectedEvents.size() + 1 + 100, report.recordsBefore());
            assertEquals(60, report.recordsAfter());
            assertTrue(report.reclaimedBytes() > 0);
        }
        try (FilePersistence last = new FilePersistence(Logs.config(dir, "always"))) {
            List<EventRecord> kept = new ArrayList<>(Logs.events(171, 201));
            assertEquals(kept, last.listEvents(Query.all()));
            assertEquals(audits.subList(70, 100), last.listAudits(Query.all()));
            assertTrue(last.scan().isClean());
        }
    }

    @ParameterizedTest
    @EnumSource(Faults.Step.class)
    void aFailedStepCountsACompactionError(Faults.Step step) {
        try (FilePersistence backend = new FilePersistence(Logs.config(dir, "never")
                .withRetention(RetentionPolicy.none().withMaxRecords(1)))) {
            backend.recordEvent(Logs.event(0));
            backend.recordEvent(Logs.event(1));
            Faults.install(new Faults() {
                @Override
                public void compactionStep(String log, Step reached) {
                    if (reached == step) {
                        throw new Maintenance.SimulatedCrash("stop");
                    }
                }
            });
            assertThrows(Maintenance.SimulatedCrash.class, backend::compact);
            assertEquals(1, backend.metrics().snapshot().compactionErrors());
            assertEquals(0, backend.metrics().snapshot().compactions());
        }
    }
}
