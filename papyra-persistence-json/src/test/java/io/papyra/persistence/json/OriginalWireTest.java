package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.json.Records.CODEC;
import static io.papyra.persistence.json.RoundTripTest.ordered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the original writes, as ORIGINAL-WIRE.md records it, reads as the records it means. */
class OriginalWireTest {

    /** The example line of ORIGINAL-WIRE.md, byte for byte (Python's json.dumps, with its spaces). */
    private static final String EXAMPLE = "{\"kind\": \"event\", \"system_id\": \"local\", \"actor_address\": "
            + "{\"system\": \"local\", \"actor_id\": 2}, \"event_type\": \"ActorRestarted\", \"payload\": "
            + "{\"attempt\": 1, \"ok\": false}, \"timestamp\": 1767225601.000123}";

    @Test
    void theOriginalsExampleLineDecodesExactly() {
        EventRecord event = CODEC.decode(EXAMPLE, EventRecord.class);
        assertEquals(new EventRecord("local", "local://2", "ActorRestarted", ordered("attempt", 1L, "ok", false),
                Instant.ofEpochSecond(1_767_225_601L, 123_000)), event);
        assertEquals(1_767_225_601_000_123_000L, event.timestamp().getEpochSecond() * 1_000_000_000L
                + event.timestamp().getNano());
        assertEquals(List.of("attempt", "ok"), List.copyOf(event.payload().keySet()));
        assertEquals(event, CODEC.decode(EXAMPLE));
    }

    @Test
    void encodingWhatTheOriginalWroteGivesItsTextWithoutSpacesPlusTheExactMember() {
        String ours = CODEC.encodeToString(CODEC.decode(EXAMPLE));
        assertEquals(EXAMPLE.replace(": ", ":").replace(", ", ",").replace(
                "1767225601.000123}", "1767225601.000123,\"timestamp_ns\":1767225601000123000}"), ours);
    }

    /** Float seconds, converted from the decimal text (not through a double), half-even to the nanosecond. */
    @ParameterizedTest
    @CsvSource({
        "1767225601.000123, 1767225601, 123000",
        "12.5, 12, 500000000",
        "0.0, 0, 0",
        "-0.0, 0, 0",
        "12, 12, 0",
        "-1.5, -2, 500000000",
        "1e-05, 0, 10000",
        "1.5e+16, 15000000000000000, 0",
        "1767225601.9999999995, 1767225602, 0",
        "1767225601.0000000005, 1767225601, 0",
        "1767225601.0000000015, 1767225601, 2",
        "1767225601.00000000050000001, 1767225601, 1",
        "0.0000000004999, 0, 0",
        "1e-999999999, 0, 0",
        "-31557014167219200, -31557014167219200, 0",
        "31556889864403199.999999999, 31556889864403199, 999999999",
        "1767225601.000123E0, 1767225601, 123000",
        "17672256010.00123e-1, 1767225601, 123000",
    })
    void floatSecondsWithoutTheExactMemberAreReadFromTheirDecimalText(String seconds, long epochSecond, int nano) {
        String line = "{\"kind\":\"audit\",\"system_id\":\"local\",\"timestamp\":" + seconds + "}";
        assertEquals(Instant.ofEpochSecond(epochSecond, nano), CODEC.decode(line).timestamp(), seconds);
    }

    @Test
    void theExactMemberWinsOverTheFloatSeconds() {
        String line = "{\"kind\":\"audit\",\"system_id\":\"local\",\"timestamp\":1767225601.000123,"
                + "\"timestamp_ns\":1767225601000123456}";
        assertEquals(Instant.ofEpochSecond(1_767_225_601L, 123_456), CODEC.decode(line).timestamp());
        String nullExact = "{\"kind\":\"audit\",\"system_id\":\"local\",\"timestamp\":12.5,\"timestamp_ns\":null}";
        assertEquals(Instant.ofEpochSecond(12, 500_000_000), CODEC.decode(nullExact).timestamp());
    }

    @Test
    void addressObjectsStringsNullAndDumpsOfInternalObjects() {
        assertEquals("local://2", target("{\"system\": \"local\", \"actor_id\": 2}"));
        assertEquals("local://2", target("{\"actor_id\": 2, \"system\": \"local\"}"));
        assertEquals("s://123456789012345678901234567890", target("{\"system\": \"s\", \"actor_id\": 123456789012345678901234567890}"));
        assertEquals("local://7", target("\"local://7\""));
        assertNull(target("null"));
        // anything else is its canonical JSON text
        assertEquals("{\"system\":\"local\",\"actor_id\":2,\"host\":\"h\"}",
                target("{\"system\": \"local\", \"actor_id\": 2, \"host\": \"h\"}"));
        assertEquals("{\"system\":\"local\",\"actor_id\":\"2\"}", target("{\"system\": \"local\", \"actor_id\": \"2\"}"));
        assertEquals("{\"system\":\"local\",\"actor_id\":2.0}", target("{\"system\": \"local\", \"actor_id\": 2.0}"));
        assertEquals("{\"ref\":{\"path\":[\"a\",1,null,true]},\"name\":\"worker\"}",
                target("{\"ref\": {\"path\": [\"a\", 1, null, true]}, \"name\": \"worker\"}"));
        assertEquals("[1,2]", target("[1, 2]"));
        assertEquals("42", target("42"));
        assertEquals("1.0E-5", target("1e-05"));
        assertEquals("true", target("true"));
        // the same for an event's actor_address; null or absent there is the empty address
        assertEquals("[1,2]", event("\"actor_address\": [1, 2], ").actorAddress());
        assertEquals("", event("\"actor_address\": null, ").actorAddress());
        assertEquals("", event("").actorAddress());
    }

    @Test
    void aDumpReadsBackAsTheSameStringAfterAnotherRoundTrip() {
        String line = "{\"kind\":\"dead_letter\",\"system_id\":\"s\",\"target\":{\"ref\":[1,{\"x\":null}]},"
                + "\"message_type\":\"M\",\"payload\":null,\"timestamp\":1.0}";
        DeadLetterRecord letter = CODEC.decode(line, DeadLetterRecord.class);
        assertEquals("{\"ref\":[1,{\"x\":null}]}", letter.targetAddress());
        assertEquals(letter, CODEC.decode(CODEC.encode(letter)));
    }

    @Test
    void absentMembersTakeTheOriginalsDefaults() {
        AuditRecord audit = CODEC.decode("{\"kind\":\"audit\",\"system_id\":\"s\",\"timestamp\":1.5}", AuditRecord.class);
        assertEquals(new AuditRecord("s", Instant.ofEpochSecond(1, 500_000_000), 0, 0, 0, 0, 0, List.of(), List.of(), 0),
                audit);
        AuditRecord nulls = CODEC.decode("{\"kind\":\"audit\",\"system_id\":\"s\",\"timestamp\":1.5,\"total_actors\":null,"
                + "\"registry_orphans\":null,\"registry_dead\":null,\"dead_letters_count\":null}", AuditRecord.class);
        assertEquals(audit, nulls);

        EventRecord event = event("");
        assertEquals(new EventRecord("s", "", "", Map.of(), Instant.ofEpochSecond(2)), event);
        assertEquals(Map.of(), event("\"payload\": null, \"event_type\": null, ").payload());

        DeadLetterRecord letter = CODEC.decode("{\"kind\":\"dead_letter\",\"system_id\":\"s\",\"timestamp\":3}",
                DeadLetterRecord.class);
        assertEquals(new DeadLetterRecord("s", null, "", null, Instant.ofEpochSecond(3)), letter);
    }

    @Test
    void aMissingSystemIdTakesTheCodecsDefaultAsTheOriginalsBackendsDo() {
        RecordCodec local = CODEC.withDefaultSystemId("local");
        String line = "{\"kind\":\"dead_letter\",\"target\":null,\"message_type\":\"Ping\",\"payload\":\"p\",\"timestamp\":3}";
        assertEquals("local", local.decode(line).systemId());
        assertEquals("local", local.decode(line.replace("{\"kind\":\"dead_letter\",", "{\"kind\":\"dead_letter\",\"system_id\":null,"))
                .systemId());
        assertEquals("other", local.decode(line.replace("\"target\"", "\"system_id\":\"other\",\"target\"")).systemId());
    }

    @Test
    void unknownMembersAreIgnoredWhateverTheirValue() {
        String line = "{\"kind\":\"event\",\"future\":{\"deep\":[1,{\"x\":NaN}]},\"system_id\":\"s\",\"actor_address\":\"a\","
                + "\"event_type\":\"E\",\"payload\":{},\"timestamp\":1.0,\"target\":[1],\"total_actors\":\"many\",\"x\":null}";
        assertEquals(new EventRecord("s", "a", "E", Map.of(), Instant.ofEpochSecond(1)), CODEC.decode(line));
    }

    @Test
    void kindNeedNotComeFirst() {
        String line = "{\"system_id\":\"s\",\"timestamp\":1.0,\"payload\":[1],\"kind\":\"dead_letter\",\"message_type\":\"M\"}";
        assertEquals(new DeadLetterRecord("s", null, "M", List.of(1L), Instant.ofEpochSecond(1)),
                CODEC.decode(line, DeadLetterRecord.class));
        // a member that belongs to another kind is ignored, even before kind says which
        String audit = "{\"payload\":NaN,\"system_id\":\"s\",\"timestamp\":1.0,\"kind\":\"audit\"}";
        assertEquals(new AuditRecord("s", Instant.ofEpochSecond(1), 0, 0, 0, 0, 0, List.of(), List.of(), 0),
                CODEC.decode(audit));
    }

    @Test
    void payloadNumbersAreNormalisedAsTheApiDoes() {
        DeadLetterRecord letter = CODEC.decode("{\"kind\":\"dead_letter\",\"system_id\":\"s\",\"timestamp\":1,"
                + "\"payload\":[3, 3.0, 9007199254740993, 9223372036854775808, -9223372036854775808, 1e2, -0, -0.0]}",
                DeadLetterRecord.class);
        assertEquals(List.of(3L, 3.0, 9_007_199_254_740_993L, new BigInteger("9223372036854775808"), Long.MIN_VALUE,
                100.0, 0L, -0.0), letter.payload());
    }

    @Test
    void whitespaceAroundTheRecordIsAllowed() {
        PersistenceRecord record = CODEC.decode(" \t" + EXAMPLE + "\r\n");
        assertEquals(CODEC.decode(EXAMPLE), record);
    }

    @Test
    void theTimestampIsPythonsReprOfTheClosestDouble() {
        assertEquals("\"timestamp\":1767225601.000123,", timestampOf(Instant.ofEpochSecond(1_767_225_601L, 123_000)));
        assertEquals("\"timestamp\":12.5,", timestampOf(Instant.ofEpochSecond(12, 500_000_000)));
        assertEquals("\"timestamp\":0.0,", timestampOf(Instant.EPOCH));
        assertEquals("\"timestamp\":1e-05,", timestampOf(Instant.ofEpochSecond(0, 10_000)));
        assertEquals("\"timestamp\":0.0001,", timestampOf(Instant.ofEpochSecond(0, 100_000)));
        assertEquals("\"timestamp\":1e-09,", timestampOf(Instant.ofEpochSecond(0, 1)));
        assertEquals("\"timestamp\":-1.0,", timestampOf(Instant.ofEpochSecond(-1)));
        assertEquals("\"timestamp\":1767225601.0,", timestampOf(Instant.ofEpochSecond(1_767_225_601L)));
        assertEquals("\"timestamp\":1000000000000000.0,", timestampOf(Instant.ofEpochSecond(1_000_000_000_000_000L)));
        assertEquals("\"timestamp\":1e+16,", timestampOf(Instant.ofEpochSecond(10_000_000_000_000_000L)));
        assertEquals("\"timestamp\":-3.15570141672192e+16,", timestampOf(Instant.MIN));
    }

    private static String timestampOf(Instant instant) {
        String text = CODEC.encodeToString(new EventRecord("s", "a", "E", Map.of(), instant));
        int start = text.indexOf("\"timestamp\":");
        return text.substring(start, text.indexOf(',', start) + 1);
    }

    private static String target(String json) {
        String line = "{\"kind\":\"dead_letter\",\"system_id\":\"s\",\"target\":" + json
                + ",\"message_type\":\"M\",\"payload\":null,\"timestamp\":1.0}";
        return CODEC.decode(line, DeadLetterRecord.class).targetAddress();
    }

    private static EventRecord event(String members) {
        return CODEC.decode("{\"kind\": \"event\", \"system_id\": \"s\", " + members + "\"timestamp\": 2}", EventRecord.class);
    }
}
