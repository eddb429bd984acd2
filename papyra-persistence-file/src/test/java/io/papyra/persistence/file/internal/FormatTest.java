package io.papyra.persistence.file.internal;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.file.FilePersistence;
import io.papyra.persistence.json.RecordCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The line format: the codec's JSON plus seq, size and crc32c, one line per record, readable by jq. */
class FormatTest {

    @TempDir
    Path dir;

    @Test
    void aLineIsTheCodecsJsonWithATrailer() {
        EventRecord event = Logs.event(3);
        byte[] json = RecordCodec.standard().encode(event);
        byte[] line = LineFormat.line(json, 42, event.sizeInBytes());
        String text = new String(line, StandardCharsets.UTF_8);
        String body = new String(json, 0, json.length - 1, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(body + ",\"seq\":42,\"size\":" + event.sizeInBytes() + ",\"crc32c\":\""), text);
        assertTrue(text.endsWith("\"}\n"), text);
        String crc = LineFormat.crcText(line, 0, line.length - 1 - LineFormat.CRC_MEMBER_LENGTH);
        assertTrue(text.contains("\"crc32c\":\"" + crc + "\""), text);
        LineFormat.Parsed parsed = new LineFormat.Parsed();
        assertTrue(LineFormat.check(line, 0, line.length - 1, parsed, true));
        assertEquals(42, parsed.seq);
        assertEquals(event.sizeInBytes(), parsed.size);
        assertEquals(event.timestamp(), Instant.ofEpochSecond(parsed.seconds, parsed.nanos));
        assertEquals(event, RecordCodec.standard().decode(line, 0, line.length - 1, EventRecord.class));
        for (int i = 0; i < line.length - 1; i++) {
            byte[] copy = line.clone();
            copy[i] ^= 0x20;
            assertFalse(LineFormat.check(copy, 0, copy.length - 1, parsed, false), "a flip at " + i + " passes");
        }
    }

    @Test
    void aPayloadsOwnTimestampNsIsNotTakenForTheRecords() {
        EventRecord event = new EventRecord("sys", "local://1", "X", Map.of("timestamp_ns", 5L, "s", "\"timestamp_ns\":7"),
                Instant.ofEpochSecond(-3, 17));
        byte[] line = LineFormat.line(RecordCodec.standard().encode(event), 0, event.sizeInBytes());
        LineFormat.Parsed parsed = new LineFormat.Parsed();
        assertTrue(LineFormat.check(line, 0, line.length - 1, parsed, true));
        assertTrue(parsed.timestampFound);
        assertEquals(event.timestamp(), Instant.ofEpochSecond(parsed.seconds, parsed.nanos));
        EventRecord extreme = new EventRecord("sys", "local://1", "X", Map.of(), Instant.MIN);
        line = LineFormat.line(RecordCodec.standard().encode(extreme), 0, extreme.sizeInBytes());
        assertTrue(LineFormat.check(line, 0, line.length - 1, parsed, true));
        assertEquals(Instant.MIN, Instant.ofEpochSecond(parsed.seconds, parsed.nanos));
    }

    @Test
    void segmentsAreReadByJqWithTheOriginalsFieldNames() throws Exception {
        try (FilePersistence backend = Logs.open(dir)) {
            for (EventRecord e : Logs.events(0, 100)) {
                backend.recordEvent(e);
            }
        }
        List<Path> segments = Logs.segments(dir, "events");
        assertTrue(segments.size() > 1, "4096-byte segments hold fewer than 100 records: " + segments);
        List<String> command = new ArrayList<>(List.of("jq", "-r", "[.kind, .event_type, .payload.seq, .seq] | @tsv"));
        segments.forEach(p -> command.add(p.toString()));
        Process jq;
        try {
            jq = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("this test runs jq, which is not installed: install it (apt-get install jq) - " + e);
            return;
        }
        try {
            String out = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jq.waitFor(60, TimeUnit.SECONDS), "jq did not finish");
            assertEquals(0, jq.exitValue(), out);
            List<String> lines = out.lines().toList();
            assertEquals(100, lines.size(), out);
            for (int i = 0; i < 100; i++) {
                assertEquals("event\tActorStarted\t" + i + "\t" + i, lines.get(i));
            }
        } finally {
            jq.destroyForcibly();
        }
    }

    @Test
    void reopenedLogsReadTheSameFromCheckpointsAndFromLines() throws Exception {
        try (FilePersistence backend = Logs.open(dir)) {
            for (EventRecord e : Logs.events(0, 300)) {
                backend.recordEvent(e);
            }
        }
        List<EventRecord> expected = Logs.events(0, 300);
        try (FilePersistence backend = Logs.open(dir)) {
            assertEquals(expected, backend.listEvents(Query.all()));
            assertEquals(expected.subList(290, 300), backend.listEvents(Query.latest(10)));
        }
        for (Path p : Logs.files(dir)) {
            if (p.toString().endsWith(".idx")) {
                Files.delete(p);
            }
        }
        try (FilePersistence backend = Logs.open(dir)) {
            assertEquals(expected, backend.listEvents(Query.all()));
            backend.recordEvent(Logs.event(300));
        }
        // a checkpoint that lies about its segment is ignored, not trusted
        Path idx = LogStore.idxFile(Logs.segments(dir, "events").get(0));
        byte[] bytes = Files.readAllBytes(idx);
        bytes[40] ^= 1;
        Files.write(idx, bytes);
        try (FilePersistence backend = Logs.open(dir)) {
            assertEquals(Logs.events(0, 301), backend.listEvents(Query.all()));
        }
    }
}
