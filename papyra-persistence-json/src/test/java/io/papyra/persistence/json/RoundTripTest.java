package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.json.Records.CODEC;
import static io.papyra.persistence.json.Records.assertRoundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decode(encode(r)) equals r, and the bytes are one line of UTF-8 in the documented shape. */
class RoundTripTest {

    private static final Instant T = Instant.ofEpochSecond(1_767_225_601L, 123_000);

    @Test
    void anEventIsWrittenInTheOriginalsShapeAndOrder() {
        var event = new EventRecord("local", "local://2", "ActorRestarted", ordered("attempt", 1, "ok", false), T);
        assertEquals("{\"kind\":\"event\",\"system_id\":\"local\",\"actor_address\":{\"system\":\"local\",\"actor_id\":2},"
                + "\"event_type\":\"ActorRestarted\",\"payload\":{\"attempt\":1,\"ok\":false},"
                + "\"timestamp\":1767225601.000123,\"timestamp_ns\":1767225601000123000}", CODEC.encodeToString(event));
        assertRoundTrip(event);
    }

    @Test
    void anAuditIsWrittenInTheOriginalsShapeAndOrder() {
        var audit = new AuditRecord("local", Instant.ofEpochSecond(12, 500_000_000), 3, 2, 1, 0, 2, List.of(),
                List.of("worker-7"), 4);
        assertEquals("{\"kind\":\"audit\",\"system_id\":\"local\",\"timestamp\":12.5,\"timestamp_ns\":12500000000,"
                + "\"total_actors\":3,\"alive_actors\":2,\"stopping_actors\":1,\"restarting_actors\":0,\"registry_size\":2,"
                + "\"registry_orphans\":[],\"registry_dead\":[\"worker-7\"],\"dead_letters_count\":4}",
                CODEC.encodeToString(audit));
        assertRoundTrip(audit);
        assertRoundTrip(new AuditRecord("s", T, Integer.MAX_VALUE, 0, 0, 0, Integer.MAX_VALUE, List.of("a", "b"),
                List.of(), Long.MAX_VALUE));
    }

    @Test
    void aDeadLetterWritesAnAbsentTargetAsNullNeverOmitted() {
        var letter = new DeadLetterRecord("local", null, "Ping", "ping", Instant.ofEpochSecond(1_767_225_601L, 500_000_000));
        assertEquals("{\"kind\":\"dead_letter\",\"system_id\":\"local\",\"target\":null,\"message_type\":\"Ping\","
                + "\"payload\":\"ping\",\"timestamp\":1767225601.5,\"timestamp_ns\":1767225601500000000}",
                CODEC.encodeToString(letter));
        assertNull(((DeadLetterRecord) CODEC.decode(CODEC.encode(letter))).targetAddress());
        assertRoundTrip(letter);
        assertRoundTrip(new DeadLetterRecord("local", "local://7", "PlaceOrder",
                ordered("orderId", 42, "lines", List.of("a", "b")), T));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "", "null", "list", "long", "big", "double", "bool", "map", "nested"})
    void deadLetterPayloadsNeedNotBeMaps(String shape) {
        Object payload;
        switch (shape) {
            case "text": payload = "ping"; break;
            case "": payload = ""; break;
            case "null": payload = null; break;
            case "list": payload = List.of(1, "two", 3.0); break;
            case "long": payload = Long.MIN_VALUE; break;
            case "big": payload = BigInteger.TWO.pow(200); break;
            case "double": payload = 0.1; break;
            case "bool": payload = true; break;
            case "map": payload = Map.of(); break;
            default: payload = List.of(List.of(List.of()), Map.of("k", List.of(Map.of()))); break;
        }
        var letter = new DeadLetterRecord("s", "local://1", "M", payload, T);
        byte[] bytes = assertRoundTrip(letter);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"payload\":" + JsonValues.canonicalJson(payload) + ","), text);
    }

    @Test
    void payloadsOfEveryJsonTypeComeBackEqualAndInOrder() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("z", "last key first");
        payload.put("string", "text");
        payload.put("empty", "");
        payload.put("null", null);
        payload.put("true", true);
        payload.put("false", false);
        payload.put("int", 3);
        payload.put("long", Long.MAX_VALUE);
        payload.put("minLong", Long.MIN_VALUE);
        payload.put("big", new BigInteger("9223372036854775808"));
        payload.put("bigNegative", new BigInteger("-9223372036854775809"));
        payload.put("huge", BigInteger.TEN.pow(400).add(BigInteger.ONE));
        payload.put("2^53+1", (1L << 53) + 1);
        payload.put("double", 0.1);
        payload.put("integralDouble", 3.0);
        payload.put("negativeZero", -0.0);
        payload.put("tiny", Double.MIN_VALUE);
        payload.put("maxDouble", Double.MAX_VALUE);
        payload.put("exponent", 1.0e-5);
        payload.put("float", 1.1f);
        payload.put("list", Arrays.asList(1, null, "x", List.of(), Map.of()));
        payload.put("nested", Map.of("deeper", Map.of("deepest", List.of(1.5, "a"))));
        payload.put("", "empty key");
        payload.put("key with \"quotes\" and \\", "v");
        var event = new EventRecord("s", "local://1", "E", payload, T);
        EventRecord back = (EventRecord) CODEC.decode(assertRoundTrip(event));
        assertEquals(List.copyOf(payload.keySet()), List.copyOf(back.payload().keySet()), "insertion order");
        assertInstanceOf(Long.class, back.payload().get("int"));
        assertInstanceOf(BigInteger.class, back.payload().get("big"));
        assertInstanceOf(Double.class, back.payload().get("integralDouble"));
        assertEquals(-0.0, back.payload().get("negativeZero"));
        assertEquals((double) 1.1f, back.payload().get("float"));
    }

    @Test
    void thePayloadOnTheWireIsItsCanonicalJsonText() {
        Map<String, Object> payload = ordered("a", List.of(1, 2.5, "x\u0001\n"), "b", Map.of("c", true), "d", 1.0e21);
        var event = new EventRecord("s", "local://1", "E", payload, T);
        String text = CODEC.encodeToString(event);
        assertTrue(text.contains("\"payload\":" + JsonValues.canonicalJson(payload) + ",\"timestamp\""), text);
    }

    @Test
    void unusualTextSurvives() {
        String[] texts = {"Zürich", "日本語", "😀 astral \uD83D\uDE00", "quote \" backslash \\ slash /",
            "controls \u0000\u0001\u001f\u007f\b\f\n\r\t", "separators \u2028\u2029", "lone \uD800 high",
            "lone \uDFFF low", "reversed \uDE00\uD83D", "{\"json\": [1]}", "local://1\n"};
        for (String text : texts) {
            assertRoundTrip(new EventRecord(text, text, text, Map.of(RecordCodec.keyText(text), text), T));
            assertRoundTrip(new AuditRecord(text, T, 0, 0, 0, 0, 0, List.of(text), List.of(text, text), 0));
            assertRoundTrip(new DeadLetterRecord(text, text, text, text, T));
        }
    }

    @Test
    void nonAsciiIsRawUtf8AndOnlyQuotesBackslashesAndControlsAreEscaped() {
        var event = new EventRecord("s", "local://1", "E", ordered("k", "é😀/\u007f\"\\\n\u0001"), T);
        String text = CODEC.encodeToString(event);
        assertTrue(text.contains("\"k\":\"é😀/\u007f\\\"\\\\\\n\\u0001\""), text);
        byte[] bytes = CODEC.encode(event);
        // 😀 as one 4-byte UTF-8 sequence, not as two escaped surrogates
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains(
                new String("😀".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        // a lone surrogate, which UTF-8 cannot carry, is escaped
        assertTrue(CODEC.encodeToString(new EventRecord("s", "a", "E", ordered("k", "\uD800"), T)).contains("\\ud800"));
    }

    @Test
    void aLoneSurrogateInAMapKeyIsWrittenAsTheReplacementCharacter() {
        var event = new EventRecord("s", "a", "E", ordered("lone \uD800 high", 1, "pair \uD83D\uDE00", 2,
                "low \uDFFF", 3, "reversed \uDE00\uD83D", 4), T);
        EventRecord back = (EventRecord) CODEC.decode(CODEC.encode(event));
        assertEquals(ordered("lone \uFFFD high", 1L, "pair \uD83D\uDE00", 2L, "low \uFFFD", 3L,
                "reversed \uFFFD\uFFFD", 4L), back.payload());
        assertSame("plain key", RecordCodec.keyText("plain key"));
    }

    @Test
    void addressesOfTheOriginalsShapeBecomeObjectsOthersStayStrings() {
        assertAddress("local://1", "{\"system\":\"local\",\"actor_id\":1}");
        assertAddress("local://0", "{\"system\":\"local\",\"actor_id\":0}");
        assertAddress("remote://-42", "{\"system\":\"remote\",\"actor_id\":-42}");
        assertAddress("://7", "{\"system\":\"\",\"actor_id\":7}");
        assertAddress("a://b://3", "{\"system\":\"a://b\",\"actor_id\":3}");
        assertAddress("s://9223372036854775807", "{\"system\":\"s\",\"actor_id\":9223372036854775807}");
        assertAddress("s://-9223372036854775808", "{\"system\":\"s\",\"actor_id\":-9223372036854775808}");
        for (String plain : new String[] {"s://9223372036854775808", "s://01", "s://-0", "s://+1", "s://", "s://1a",
            "s://1.0", "local", "", "s:/1", "s://-", "s:// 1", "s://١"}) {
            assertAddress(plain, JsonValues.canonicalJson(plain));
        }
    }

    private static void assertAddress(String address, String wire) {
        var event = new EventRecord("s", address, "E", Map.of(), T);
        String text = CODEC.encodeToString(event);
        assertTrue(text.contains("\"actor_address\":" + wire + ","), text);
        assertRoundTrip(event);
        var letter = new DeadLetterRecord("s", address, "M", null, T);
        assertTrue(CODEC.encodeToString(letter).contains("\"target\":" + wire + ","));
        assertRoundTrip(letter);
    }

    @Test
    void instantsAtTheExtremesAndNanosecondPrecision() {
        Instant[] instants = {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.ofEpochSecond(-1),
            Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1, 1),
            Instant.ofEpochSecond(1_767_225_601L, 1), Instant.ofEpochSecond(1_767_225_601L, 999_999_999),
            Instant.parse("1677-09-21T00:12:43.145224191Z"), Instant.parse("1677-09-21T00:12:43.145224192Z"),
            Instant.parse("1677-09-21T00:12:43.145224193Z"), Instant.parse("2262-04-11T23:47:16.854775807Z"),
            Instant.parse("2262-04-11T23:47:16.854775808Z"), Instant.ofEpochSecond(-9_223_372_036L, 0),
            Instant.ofEpochSecond(9_223_372_036L, 999_999_999), Instant.ofEpochSecond(1L << 53, 1),
            Instant.ofEpochSecond(-(1L << 29) - 1, 500_000_000)};
        for (Instant instant : instants) {
            assertRoundTrip(new EventRecord("s", "local://1", "E", Map.of(), instant));
            assertRoundTrip(new AuditRecord("s", instant, 0, 0, 0, 0, 0, List.of(), List.of(), 0));
            assertRoundTrip(new DeadLetterRecord("s", null, "M", null, instant));
        }
    }

    @Test
    void timestampNsIsTheExactEpochNanosecondsAsAJsonInteger() {
        assertEquals("-31557014167219200000000000", timestampNs(Instant.MIN));
        assertEquals("31556889864403199999999999", timestampNs(Instant.MAX));
        assertEquals("-1", timestampNs(Instant.ofEpochSecond(-1, 999_999_999)));
        assertEquals("0", timestampNs(Instant.EPOCH));
        assertEquals("9223372036854775807", timestampNs(Instant.parse("2262-04-11T23:47:16.854775807Z")));
        assertEquals("9223372036854775808", timestampNs(Instant.parse("2262-04-11T23:47:16.854775808Z")));
        assertEquals("-9223372036854775808", timestampNs(Instant.parse("1677-09-21T00:12:43.145224192Z")));
        assertEquals("-9223372036854775809", timestampNs(Instant.parse("1677-09-21T00:12:43.145224191Z")));
    }

    private static String timestampNs(Instant instant) {
        String text = CODEC.encodeToString(new DeadLetterRecord("s", null, "M", null, instant));
        int start = text.indexOf("\"timestamp_ns\":") + "\"timestamp_ns\":".length();
        return text.substring(start, text.length() - 1);
    }

    @Test
    void encodingToAStreamWritesTheSameBytesAndLeavesItOpen() {
        var event = new EventRecord("s", "local://1", "E", Map.of("k", "v"), T);
        var out = new ByteArrayOutputStream();
        CODEC.encode(event, out);
        out.write('\n');
        CODEC.encode(event, out);
        byte[] line = CODEC.encode(event);
        byte[] expected = new byte[line.length * 2 + 1];
        System.arraycopy(line, 0, expected, 0, line.length);
        expected[line.length] = '\n';
        System.arraycopy(line, 0, expected, line.length + 1, line.length);
        assertArrayEquals(expected, out.toByteArray());
        // and two lines of a buffer decode one at a time
        assertEquals(event, CODEC.decode(expected, 0, line.length));
        assertEquals(event, CODEC.decode(expected, line.length + 1, line.length, EventRecord.class));
    }

    @Test
    void aLargeRecordIsWrittenWhole() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            names.add("actor-" + i);
        }
        var audit = new AuditRecord("s", T, 1, 1, 0, 0, 5_000, names, names, 0);
        byte[] bytes = assertRoundTrip(audit);
        assertTrue(bytes.length > 100_000);
        var out = new ByteArrayOutputStream();
        CODEC.encode(audit, out);
        assertArrayEquals(bytes, out.toByteArray());
    }

    @Test
    void aFailingStreamIsAnUncheckedIoException() {
        IOException cause = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw cause;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw cause;
            }
        };
        var event = new EventRecord("s", "local://1", "E", Map.of(), T);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CODEC.encode(event, failing));
        assertSame(cause, e.getCause());
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> CODEC.encode(null));
        assertThrows(NullPointerException.class, () -> CODEC.encode(null, new ByteArrayOutputStream()));
        assertThrows(NullPointerException.class,
                () -> CODEC.encode(new DeadLetterRecord("s", null, "M", null, T), null));
        assertThrows(NullPointerException.class, () -> CODEC.decode((byte[]) null));
        assertThrows(NullPointerException.class, () -> CODEC.decode((String) null));
        assertThrows(NullPointerException.class, () -> CODEC.decode("{}", (Class<PersistenceRecord>) null));
        assertThrows(IndexOutOfBoundsException.class, () -> CODEC.decode(new byte[4], 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> CODEC.decode(new byte[4], -1, 2));
        assertThrows(NullPointerException.class, () -> CODEC.withDefaultSystemId(null));
    }

    @Test
    void theStandardCodecIsShared() {
        assertSame(RecordCodec.standard(), RecordCodec.standard());
        assertNull(RecordCodec.standard().defaultSystemId());
        assertEquals("local", RecordCodec.standard().withDefaultSystemId("local").defaultSystemId());
        assertTrue(RecordCodec.standard().withDefaultSystemId("local").toString().contains("local"));
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
