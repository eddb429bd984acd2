package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.papyra.persistence.json.Records.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RecordCodec.RangeReader} returns, range by range, exactly what
 * {@link RecordCodec#decode(byte[], int, int, Class)} returns or throws, whether the ranges are side by
 * side (one shared parser) or not, and whatever faults lie among them: a fault never leaks into the
 * next record, and a record never reads into the next range.
 */
class RangeReaderTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** The ranges' texts, side by side in one buffer (with {@code gap} bytes of padding between them). */
    private record Buffer(byte[] data, int[] offsets, int[] lengths, int end) {
        static Buffer of(List<String> texts, String gap) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] offsets = new int[texts.size()];
            int[] lengths = new int[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                byte[] bytes = texts.get(i).getBytes(StandardCharsets.UTF_8);
                offsets[i] = out.size();
                lengths[i] = bytes.length;
                out.writeBytes(bytes);
                out.writeBytes(gap.getBytes(StandardCharsets.UTF_8));
            }
            int end = out.size();
            out.writeBytes(new byte[16]); // unused capacity after the end, as in a growing buffer
            return new Buffer(out.toByteArray(), offsets, lengths, end);
        }
    }

    private static <R extends PersistenceRecord> void assertSameAsOneByOne(List<String> texts, String gap, Class<R> type) {
        Buffer buffer = Buffer.of(texts, gap);
        RecordCodec.RangeReader<R> reader = CODEC.rangeReader(buffer.data(), buffer.end(), type);
        for (int i = 0; i < texts.size(); i++) {
            int offset = buffer.offsets()[i];
            int length = buffer.lengths()[i];
            Object alone;
            try {
                alone = CODEC.decode(buffer.data(), offset, length, type);
            } catch (MalformedRecordException e) {
                alone = e;
            }
            if (alone instanceof MalformedRecordException expected) {
                MalformedRecordException actual = assertThrows(MalformedRecordException.class,
                        () -> reader.decode(offset, length), "range " + i + ": " + texts.get(i));
                assertEquals(expected.reason(), actual.reason(), texts.get(i));
                assertEquals(expected.member(), actual.member(), texts.get(i));
                assertEquals(expected.offset(), actual.offset(), texts.get(i));
                assertEquals(expected.getMessage(), actual.getMessage(), texts.get(i));
            } else {
                assertEquals(alone, reader.decode(offset, length), "range " + i + ": " + texts.get(i));
            }
        }
    }

    private static String event(int i) {
        return CODEC.encodeToString(new EventRecord("s", "local://" + i, "E" + i, Map.of("seq", i, "ok", true),
                T.plusMillis(i)));
    }

    @Test
    void recordsSideBySideReadAsOneByOne() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            texts.add(event(i));
        }
        assertSameAsOneByOne(texts, "", EventRecord.class);
        assertSameAsOneByOne(texts, "\n", EventRecord.class);
        assertSameAsOneByOne(texts, "", PersistenceRecord.class);
    }

    @Test
    void faultsAmongThemAreThoseOfTheRangeAloneAndDoNotLeak() {
        String truncated = event(1).substring(0, 40);                 // would swallow the next record
        String twoInOne = event(2) + event(3);                        // trailing data
        String wrongKind = CODEC.encodeToString(new AuditRecord("s", T, 1, 1, 0, 0, 1, List.of(), List.of(), 0));
        String notJson = "{\"kind\":\"event\",,}";
        String kindLast = "{\"system_id\":\"s\",\"event_type\":\"late\",\"timestamp\":1.0,\"kind\":\"event\"}";
        String padded = "  " + event(4) + " \n";
        String openOnly = "{";
        String empty = "";
        String notAnObject = "[1,2]";
        String nan = "{\"kind\":\"event\",\"system_id\":\"s\",\"timestamp\":NaN}";
        List<String> texts = List.of(event(0), truncated, event(5), twoInOne, event(6), wrongKind, event(7), notJson,
                event(8), kindLast, padded, openOnly, event(9), empty, notAnObject, nan, event(10));
        assertSameAsOneByOne(texts, "", EventRecord.class);
        assertSameAsOneByOne(texts, " ", EventRecord.class);
        assertSameAsOneByOne(texts, "", PersistenceRecord.class);
        assertSameAsOneByOne(List.of(wrongKind, wrongKind), "", DeadLetterRecord.class);
    }

    @Test
    void rangesOutOfOrderOrApartAreReadToo() {
        List<String> texts = List.of(event(0), event(1), event(2), event(3));
        Buffer buffer = Buffer.of(texts, "xx"); // not whitespace: every range is apart from the one before it
        RecordCodec.RangeReader<EventRecord> reader = CODEC.rangeReader(buffer.data(), buffer.end(), EventRecord.class);
        for (int i : new int[] {2, 0, 3, 1, 1}) {
            assertEquals(CODEC.decode(buffer.data(), buffer.offsets()[i], buffer.lengths()[i], EventRecord.class),
                    reader.decode(buffer.offsets()[i], buffer.lengths()[i]));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> reader.decode(buffer.end() - 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> CODEC.rangeReader(buffer.data(), buffer.data().length + 1,
                EventRecord.class));
    }

    @Test
    void randomMixesOfGoodAndDamagedRecords() {
        Random random = new Random(20261128);
        for (int round = 0; round < 200; round++) {
            List<String> texts = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                String text = event(random.nextInt(1_000));
                switch (random.nextInt(5)) {
                    case 0 -> text = text.substring(0, random.nextInt(text.length()));
                    case 1 -> text = text + text.substring(0, random.nextInt(text.length()));
                    default -> {
                    }
                }
                texts.add(text);
            }
            assertSameAsOneByOne(texts, random.nextBoolean() ? "" : "\n", EventRecord.class);
        }
    }

    /**
     * A reader keeps the strings that repeat from record to record (system ids, types, addresses): values
     * that share a hash ("Aa" and "BB"), differ in one char, are empty or not Latin-1 must still read as
     * themselves; so must the seconds of records without {@code timestamp_ns} (the original's), however long,
     * and payloads read after one that was refused half-way.
     */
    @Test
    void repeatedAndCollidingStringsReadAsOneByOne() {
        List<String> pool = List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "", "s", "t", "é", "日本", "node-1", "node-2");
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String system = pool.get(random.nextInt(pool.size())) + "x";
                String name = pool.get(random.nextInt(pool.size()));
                Instant t = T.plusNanos(random.nextLong(1_000_000_000_000L));
                switch (random.nextInt(6)) {
                    case 0 -> texts.add(CODEC.encodeToString(new EventRecord(system,
                            random.nextBoolean() ? name : name + "://" + random.nextInt(3), name, Map.of(), t)));
                    case 4 -> texts.add(CODEC.encodeToString(new EventRecord(system, name, name,
                            Map.of("a", List.of(i, Map.of("b", name)), "c", name), t)));
                    case 5 -> texts.add("{\"kind\":\"event\",\"system_id\":\"" + system + "\",\"payload\":{\"n\":"
                            + i + ",\"bad\":NaN},\"timestamp\":1.5}");
                    case 1 -> texts.add(CODEC.encodeToString(new DeadLetterRecord(system, name, name, name, t)));
                    case 2 -> texts.add(CODEC.encodeToString(new AuditRecord(system, t, 1, 1, 0, 0, 1, List.of(name),
                            List.of(), 0)));
                    default -> texts.add("{\"kind\":\"event\",\"system_id\":\"" + system + "\",\"actor_address\":\""
                            + name + "\",\"event_type\":\"" + name + "\",\"timestamp\":"
                            + (random.nextBoolean() ? "1767225601.5" : "1767225601.1234567891234567891234567891234567") + "}");
                }
            }
            assertSameAsOneByOne(texts, "", PersistenceRecord.class);
            assertSameAsOneByOne(texts, "", EventRecord.class);
        }
    }
}
