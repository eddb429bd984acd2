package io.papyra.persistence.file.internal;

import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.file.FilePersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read-only backend follows the writer on its cheap path: when the directories' modification
 * times are old ({@link LogStore#TRUSTED_AFTER_MILLIS}), a read looks only at the directories'
 * times and the last segment's size. Each test ages the directories (sets their times an hour
 * back, as if the writer had only appended for an hour), so that what follows goes through that
 * path; the tests of {@code FailureTest} cover the listing path (fresh directories).
 */
class ReadOnlyFollowTest {

    @TempDir
    Path dir;

    /** Sets the modification time of the log directory and its generation directories an hour back. */
    private void age(String log) throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Path logDir = dir.resolve(log);
        for (int g : LogStore.generations(logDir)) {
            Files.setLastModifiedTime(logDir.resolve(LogStore.generationName(g)), old);
        }
        Files.setLastModifiedTime(logDir, old);
    }

    private static FilePersistence reader(Path dir) {
        return new FilePersistence(Logs.config(dir, "never").withOption("read_only", "true"));
    }

    @Test
    void appendsToTheLastSegmentAndNewSegmentsShowOnTheCheapPath() throws IOException {
        try (FilePersistence writer = new FilePersistence(Logs.config(dir, "always").withOption("segment_bytes", "4096"))) {
            for (int i = 0; i < 5; i++) {
                writer.recordEvent(Logs.event(i));
            }
            age("events");
            try (FilePersistence reader = reader(dir)) {
                assertEquals(Logs.events(0, 5), reader.listEvents(Query.all()));
                int segments = Logs.segments(dir, "events").size();
                writer.recordEvent(Logs.event(5)); // returns once forced: its bytes are in the file
                assertEquals(Logs.events(0, 6), reader.listEvents(Query.all()), "an append to the last segment");
                assertEquals(List.of(Logs.event(5)), reader.listEvents(Query.latest(1)));
                int n = 6;
                while (Logs.segments(dir, "events").size() < segments + 2) {
                    writer.recordEvent(Logs.event(n++));
                }
                assertEquals(Logs.events(0, n), reader.listEvents(Query.all()), "appends across two new segments");
                age("events");
                assertEquals(Logs.events(n - 3, n), reader.listEvents(Query.latest(3)));
                writer.recordEvent(Logs.event(n++));
                assertEquals(Logs.events(n - 3, n), reader.listEvents(Query.latest(3)), "an append after aging again");
            }
        }
    }

    @Test
    void aTornLastLineIsNotReadUntilItIsWhole() throws IOException {
        try (FilePersistence writer = Logs.open(dir)) {
            for (int i = 0; i < 3; i++) {
                writer.recordEvent(Logs.event(i));
            }
        }
        Path last = Logs.segments(dir, "events").get(Logs.segments(dir, "events").size() - 1);
        byte[] line = LineFormat.line(RecordCodecHolder.CODEC.encode(Logs.event(3)), 3, Logs.event(3).sizeInBytes());
        age("events");
        try (FilePersistence reader = reader(dir)) {
            assertEquals(Logs.events(0, 3), reader.listEvents(Query.all()));
            int half = line.length / 2;
            Files.write(last, java.util.Arrays.copyOf(line, half), StandardOpenOption.APPEND);
            assertEquals(Logs.events(0, 3), reader.listEvents(Query.all()), "half a line is a torn tail, not a record");
            Files.write(last, java.util.Arrays.copyOfRange(line, half, line.length), StandardOpenOption.APPEND);
            assertEquals(Logs.events(0, 4), reader.listEvents(Query.all()), "the line once whole");
            Files.write(last, "{\"kind\":\"event\",\"damaged\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            byte[] next = LineFormat.line(RecordCodecHolder.CODEC.encode(Logs.event(4)), 4, Logs.event(4).sizeInBytes());
            Files.write(last, next, StandardOpenOption.APPEND);
            assertEquals(Logs.events(0, 5), reader.listEvents(Query.all()), "a damaged line is skipped, the next one read");
        }
        try (FilePersistence reader = reader(dir)) {
            assertEquals(Logs.events(0, 5), reader.listEvents(Query.all()), "a fresh load finds the same records");
        }
    }

    @Test
    void aLastLineReplacedByALongerTailIsNoticed() throws IOException {
        try (FilePersistence writer = Logs.open(dir)) {
            for (int i = 0; i < 3; i++) {
                writer.recordEvent(Logs.event(i));
            }
        }
        Path last = Logs.segments(dir, "events").get(Logs.segments(dir, "events").size() - 1);
        age("events");
        try (FilePersistence reader = reader(dir)) {
            assertEquals(Logs.events(0, 3), reader.listEvents(Query.all()));
            // As a writer does after a failed write: truncate the last line away, then write new lines
            // (new seqs) in its place; event 3's line is as long as event 2's, so the file only grows.
            byte[] two = LineFormat.line(RecordCodecHolder.CODEC.encode(Logs.event(2)), 2, Logs.event(2).sizeInBytes());
            byte[] three = LineFormat.line(RecordCodecHolder.CODEC.encode(Logs.event(3)), 3, Logs.event(3).sizeInBytes());
            byte[] four = LineFormat.line(RecordCodecHolder.CODEC.encode(Logs.event(4)), 4, Logs.event(4).sizeInBytes());
            assertEquals(two.length, three.length);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(last, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - two.length);
            }
            Files.write(last, three, StandardOpenOption.APPEND);
            Files.write(last, four, StandardOpenOption.APPEND);
            assertEquals(List.of(Logs.event(0), Logs.event(1), Logs.event(3), Logs.event(4)),
                    reader.listEvents(Query.all()));
        }
    }

    @Test
    void aCompactionsGenerationSwapShows() throws IOException {
        RetentionPolicy keep3 = RetentionPolicy.none().withMaxRecords(3);
        try (FilePersistence writer = new FilePersistence(Logs.config(dir, "always").withRetention(keep3))) {
            for (int i = 0; i < 10; i++) {
                writer.recordEvent(Logs.event(i));
            }
            age("events");
            try (FilePersistence reader = reader(dir)) { // no retention: it sees what the files hold
                assertEquals(Logs.events(0, 10), reader.listEvents(Query.all()));
                assertEquals(Logs.events(0, 10), reader.listEvents(Query.all()), "again, on the cheap path");
                assertTrue(writer.compact().removedRecords() > 0);
                assertEquals(Logs.events(7, 10), reader.listEvents(Query.all()), "after the generation swap");
                age("events");
                assertEquals(Logs.events(7, 10), reader.listEvents(Query.all()));
                writer.recordEvent(Logs.event(10));
                assertEquals(Logs.events(7, 11), reader.listEvents(Query.all()), "an append to the new generation");
            }
        }
    }

    /** The shared codec, as the backend uses it. */
    private static final class RecordCodecHolder {
        static final io.papyra.persistence.json.RecordCodec CODEC = io.papyra.persistence.json.RecordCodec.standard();
    }
}
