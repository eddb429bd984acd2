package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.json.MalformedRecordException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static io.papyra.persistence.json.Records.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed input is a MalformedRecordException with the right reason, member and offset. */
class MalformedRecordTest {

    private static final String EVENT = "{\"kind\":\"event\",\"system_id\":\"s\",\"actor_address\":\"a\","
            + "\"event_type\":\"E\",\"payload\":{},\"timestamp\":1.0}";
    private static final String AUDIT = "{\"kind\":\"audit\",\"system_id\":\"s\",\"timestamp\":1.0}";
    private static final String LETTER = "{\"kind\":\"dead_letter\",\"system_id\":\"s\",\"timestamp\":1.0}";

    @Test
    void theFixturesAreWellFormed() {
        CODEC.decode(EVENT, EventRecord.class);
        CODEC.decode(AUDIT, AuditRecord.class);
        CODEC.decode(LETTER, DeadLetterRecord.class);
    }

    @Test
    void notJson() {
        MalformedRecordException e = assertMalformed(Reason.NOT_JSON, null, "{\"kind\":\"event\",,}");
        assertEquals(16, e.offset());
        assertMalformed(Reason.NOT_JSON, null, "hello");
        assertMalformed(Reason.NOT_JSON, null, "{'kind':'event'}");
        assertMalformed(Reason.NOT_JSON, null, "{kind:\"event\"}");
        assertMalformed(Reason.NOT_JSON, null, "{\"kind\":\"event\",}");
        assertMalformed(Reason.NOT_JSON, "system_id", "{\"kind\":\"event\",\"system_id\":\"a\nb\"}");
        assertMalformed(Reason.NOT_JSON, "payload", "{\"kind\":\"event\",\"payload\":{\"a\":01}}");
        assertMalformed(Reason.NOT_JSON, "payload", "{\"kind\":\"dead_letter\",\"payload\":[1,]}");
    }

    @Test
    void invalidUtf8IsNotJsonAndGivesTheByteOffset() {
        byte[] line = "{\"kind\":\"event\",\"system_id\":\"??\",\"timestamp\":1}".getBytes(StandardCharsets.UTF_8);
        int at = new String(line, StandardCharsets.UTF_8).indexOf("??");
        line[at] = (byte) 0xff;
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> CODEC.decode(line));
        assertEquals(Reason.NOT_JSON, e.reason());
        assertEquals("system_id", e.member());
        assertTrue(e.offset() == at || e.offset() == at + 1, () -> "at " + at + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        line[at] = (byte) 0xc3; // a lead byte followed by an ASCII byte
        assertEquals(Reason.NOT_JSON, assertThrows(MalformedRecordException.class, () -> CODEC.decode(line)).reason());
    }

    @Test
    void truncated() {
        assertMalformed(Reason.TRUNCATED, null, "");
        assertMalformed(Reason.TRUNCATED, null, "  \n");
        for (int cut = 1; cut < EVENT.length(); cut++) {
            String prefix = EVENT.substring(0, cut);
            MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> CODEC.decode(prefix),
                    prefix);
            assertEquals(Reason.TRUNCATED, e.reason(), prefix + " -> " + e.getMessage());
        }
        // cut inside a token: still cut short, not garbage
        for (String cutToken : new String[] {"{\"a\":tru", "{\"a\":-", "{\"a\":1.", "{\"a\":1e+", "{\"a\":Na",
            "{\"a\":\"\\u00", "{\"a\":[1,"}) {
            assertMalformed(Reason.TRUNCATED, null, cutToken);
        }
        for (String garbage : new String[] {"{\"a\":1 x", "{\"a\":1.x", "{\"kind\":\"event\"x", "{\"a\":truex"}) {
            assertMalformed(Reason.NOT_JSON, null, garbage);
        }
        // cut inside a multi-byte character
        byte[] bytes = "{\"kind\":\"event\",\"system_id\":\"Zürich\"".getBytes(StandardCharsets.UTF_8);
        int cut = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00c3') + 1;
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> CODEC.decode(bytes, 0, cut));
        assertTrue(e.reason() == Reason.TRUNCATED || e.reason() == Reason.NOT_JSON, e.getMessage());
    }

    @Test
    void notAnObject() {
        for (String json : new String[] {"[]", "[{\"kind\":\"event\"}]", "\"event\"", "1", "null", "true"}) {
            MalformedRecordException e = assertMalformed(Reason.NOT_AN_OBJECT, null, json);
            assertEquals(0, e.offset());
        }
    }

    @Test
    void wrongKind() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> CODEC.decode(AUDIT, EventRecord.class));
        assertEquals(Reason.WRONG_KIND, e.reason());
        assertEquals("kind", e.member());
        assertEquals(8, e.offset());
        assertTrue(e.getMessage().contains("expected a record of kind \"event\", found \"audit\""), e.getMessage());
        assertEquals(Reason.WRONG_KIND, assertThrows(MalformedRecordException.class,
                () -> CODEC.decode(EVENT, DeadLetterRecord.class)).reason());
        assertEquals(Reason.WRONG_KIND, assertThrows(MalformedRecordException.class,
                () -> CODEC.decode(LETTER, AuditRecord.class)).reason());
        assertMalformed(Reason.WRONG_KIND, "kind", "{\"kind\":\"events\",\"timestamp\":1}");
        assertMalformed(Reason.WRONG_KIND, "kind", "{\"kind\":\"Event\",\"timestamp\":1}");
        assertMalformed(Reason.WRONG_KIND, "kind", "{\"timestamp\":1,\"kind\":\"deadletter\"}");
        assertMalformed(Reason.WRONG_KIND, "kind", AUDIT.replace("}", ",\"kind\":\"event\"}"));
    }

    @Test
    void missingMembers() {
        assertMalformed(Reason.MISSING_MEMBER, "kind", "{}");
        assertMalformed(Reason.MISSING_MEMBER, "kind", "{\"system_id\":\"s\",\"timestamp\":1}");
        assertMalformed(Reason.MISSING_MEMBER, "kind", "{\"kind\":null,\"timestamp\":1}");
        assertMalformed(Reason.MISSING_MEMBER, "timestamp", EVENT.replace(",\"timestamp\":1.0", ""));
        assertMalformed(Reason.MISSING_MEMBER, "timestamp", AUDIT.replace(",\"timestamp\":1.0", ",\"timestamp_ns\":5"));
        assertMalformed(Reason.MISSING_MEMBER, "timestamp", LETTER.replace("1.0", "null"));
        assertMalformed(Reason.MISSING_MEMBER, "system_id", EVENT.replace("\"system_id\":\"s\",", ""));
        assertMalformed(Reason.MISSING_MEMBER, "system_id", AUDIT.replace("\"s\"", "null"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kind|{\"kind\":1}",
        "kind|{\"kind\":[\"event\"]}",
        "system_id|{\"kind\":\"event\",\"system_id\":7,\"timestamp\":1}",
        "event_type|{\"kind\":\"event\",\"event_type\":{},\"timestamp\":1}",
        "payload|{\"kind\":\"event\",\"payload\":[1],\"timestamp\":1}",
        "payload|{\"kind\":\"event\",\"payload\":\"text\",\"timestamp\":1}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":\"1767225601.5\"}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":true}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":NaN}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":Infinity}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":-Infinity}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":1e17,\"system_id\":\"s\"}",
        "timestamp|{\"kind\":\"event\",\"timestamp\":-1e300,\"system_id\":\"s\"}",
        "timestamp_ns|{\"kind\":\"event\",\"timestamp\":1,\"timestamp_ns\":1.5}",
        "timestamp_ns|{\"kind\":\"event\",\"timestamp\":1,\"timestamp_ns\":\"1\"}",
        "timestamp_ns|{\"kind\":\"event\",\"timestamp\":1,\"timestamp_ns\":1000000000000000000000000000}",
        "total_actors|{\"kind\":\"audit\",\"total_actors\":-1,\"timestamp\":1}",
        "alive_actors|{\"kind\":\"audit\",\"alive_actors\":2147483648,\"timestamp\":1}",
        "stopping_actors|{\"kind\":\"audit\",\"stopping_actors\":1.0,\"timestamp\":1}",
        "restarting_actors|{\"kind\":\"audit\",\"restarting_actors\":\"3\",\"timestamp\":1}",
        "registry_size|{\"kind\":\"audit\",\"registry_size\":99999999999999999999,\"timestamp\":1}",
        "dead_letters_count|{\"kind\":\"audit\",\"dead_letters_count\":-5,\"timestamp\":1}",
        "dead_letters_count|{\"kind\":\"audit\",\"dead_letters_count\":9223372036854775808,\"timestamp\":1}",
        "registry_orphans|{\"kind\":\"audit\",\"registry_orphans\":\"a\",\"timestamp\":1}",
        "registry_dead[1]|{\"kind\":\"audit\",\"registry_dead\":[\"a\",1],\"timestamp\":1}",
        "registry_dead[0]|{\"kind\":\"audit\",\"registry_dead\":[null],\"timestamp\":1}",
        "message_type|{\"kind\":\"dead_letter\",\"message_type\":false,\"timestamp\":1}",
        "target.x|{\"kind\":\"dead_letter\",\"target\":{\"x\":NaN},\"timestamp\":1}",
        "actor_address[0]|{\"kind\":\"event\",\"actor_address\":[Infinity],\"timestamp\":1}",
    })
    void badMembers(String member, String json) {
        MalformedRecordException e = assertMalformed(Reason.BAD_MEMBER, member, json);
        assertTrue(e.getMessage().contains("member " + member), e.getMessage());
        if (!member.equals("timestamp") || !json.contains("e")) {
            assertTrue(e.offset() > 0, () -> "no offset: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "payload.x|{\"kind\":\"event\",\"payload\":{\"x\":NaN},\"timestamp\":1}",
        "payload.x|{\"kind\":\"event\",\"payload\":{\"x\":-Infinity},\"timestamp\":1}",
        "payload.a.b[2]|{\"kind\":\"event\",\"payload\":{\"a\":{\"b\":[0,1,Infinity]}},\"timestamp\":1}",
        "payload[\"a key\"]|{\"kind\":\"event\",\"payload\":{\"a key\":1e400},\"timestamp\":1}",
        "payload|{\"kind\":\"dead_letter\",\"payload\":NaN,\"timestamp\":1}",
        "payload[0][1]|{\"kind\":\"dead_letter\",\"payload\":[[1,-1e999]],\"timestamp\":1}",
    })
    void badPayloads(String member, String json) {
        MalformedRecordException e = assertMalformed(Reason.BAD_PAYLOAD, member, json);
        assertTrue(e.offset() > 0, e.getMessage());
        assertTrue(e.getMessage().contains("finite") || e.getMessage().contains("range of a double"), e.getMessage());
    }

    @Test
    void payloadsNestedDeeperThanTheApiAllowsAreRefused() {
        int depth = JsonValues.MAX_DEPTH;
        String ok = "{\"kind\":\"dead_letter\",\"payload\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"timestamp\":1,\"system_id\":\"s\"}";
        CODEC.decode(ok);
        String deep = ok.replace("[]", "[[]]");
        MalformedRecordException e = assertMalformed(Reason.BAD_PAYLOAD, "payload" + "[0]".repeat(depth), deep);
        assertTrue(e.getMessage().contains("deeper than " + depth), e.getMessage());
        String eventDeep = "{\"kind\":\"event\",\"payload\":" + "{\"a\":".repeat(depth + 1) + "1" + "}".repeat(depth + 1)
                + ",\"timestamp\":1}";
        assertMalformed(Reason.BAD_PAYLOAD, "payload" + ".a".repeat(depth), eventDeep);
        // far deeper than Jackson's own limit: still our reason, found before Jackson's
        String deepest = "{\"kind\":\"dead_letter\",\"payload\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"timestamp\":1}";
        assertEquals(Reason.BAD_PAYLOAD, assertThrows(MalformedRecordException.class, () -> CODEC.decode(deepest)).reason());
    }

    @Test
    void trailingData() {
        MalformedRecordException e = assertMalformed(Reason.TRAILING_DATA, null, EVENT + " x");
        assertEquals(EVENT.length() + 1, e.offset());
        assertMalformed(Reason.TRAILING_DATA, null, EVENT + EVENT);
        assertMalformed(Reason.TRAILING_DATA, null, EVENT + "\n" + EVENT);
        assertMalformed(Reason.TRAILING_DATA, null, EVENT + "}");
        assertMalformed(Reason.TRAILING_DATA, null, EVENT + ",");
        assertMalformed(Reason.TRAILING_DATA, null, EVENT + "\u0000");
    }

    @Test
    void offsetsCountFromTheStartOfTheRangeAndInUtf8BytesForStrings() {
        byte[] buffer = ("garbage-before" + "{\"kind\":7}" + "garbage-after").getBytes(StandardCharsets.UTF_8);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> CODEC.decode(buffer, 14, 10));
        assertEquals(Reason.BAD_MEMBER, e.reason());
        assertEquals(8, e.offset());
        MalformedRecordException s = assertThrows(MalformedRecordException.class,
                () -> CODEC.decode("{\"ü\":1,\"kind\":7}"));
        assertEquals(15, s.offset()); // ü is two bytes
    }

    @Test
    void theMessageNamesTheReasonMemberAndOffset() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> CODEC.decode("{\"kind\":\"audit\",\"total_actors\":-1,\"timestamp\":1}"));
        assertEquals("-1 is negative; a count must be zero or more (member total_actors, at byte offset 31) [BAD_MEMBER]",
                e.getMessage());
        MalformedRecordException missing = new MalformedRecordException(Reason.MISSING_MEMBER, null, -7, "m", null);
        assertEquals(-1, missing.offset());
        assertNull(missing.member());
        assertEquals("m [MISSING_MEMBER]", missing.getMessage());
    }

    @Test
    void duplicateKeysKeepTheLastValueAsPythonDoes() {
        // the same key twice: the JSON object is fine, the map keeps the last value, as Python's json does
        EventRecord event = CODEC.decode("{\"kind\":\"event\",\"system_id\":\"s\",\"payload\":{\"k\":1,\"k\":2},\"timestamp\":1}",
                EventRecord.class);
        assertEquals(Map.of("k", 2L), event.payload());
        assertEquals(Instant.ofEpochSecond(1), event.timestamp());
    }

    private static MalformedRecordException assertMalformed(Reason reason, String member, String json) {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> CODEC.decode(json, PersistenceRecord.class), json);
        assertEquals(reason, e.reason(), () -> json + " -> " + e.getMessage());
        assertEquals(member, e.member(), () -> json + " -> " + e.getMessage());
        assertTrue(e.getMessage().endsWith("[" + reason + "]"), e.getMessage());
        return e;
    }
}
