package io.papyra.persistence.json;

import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.papyra.persistence.json.Records.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The decoder's shortcuts (an address object read without a map, the kind matched without a new
 * string, token offsets located only for errors) read exactly what the general path reads: every
 * point where an address object leaves the shortcut, and the offsets that errors report.
 */
class DecoderShortcutsTest {

    /** A dead letter's line whose target is {@code json}. */
    private static String deadLetterTo(String json) {
        return "{\"kind\":\"dead_letter\",\"system_id\":\"s\",\"target\":" + json
                + ",\"message_type\":\"M\",\"payload\":null,\"timestamp\":1.0}";
    }

    private static String target(String json) {
        return CODEC.decode(deadLetterTo(json), DeadLetterRecord.class).targetAddress();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // the shortcut itself
            "{\"system\":\"s\",\"actor_id\":5}|s://5",
            "{\"system\":\"s\",\"actor_id\":-9223372036854775808}|s://-9223372036854775808",
            // leaving it at each step: member order, the system's type, a third member, the actor id's type and range
            "{}|{}",
            "{\"actor_id\":5,\"system\":\"s\"}|s://5",
            "{\"system\":5,\"actor_id\":5}|{\"system\":5,\"actor_id\":5}",
            "{\"system\":null}|{\"system\":null}",
            "{\"system\":\"s\"}|{\"system\":\"s\"}",
            "{\"system\":\"s\",\"other\":1}|{\"system\":\"s\",\"other\":1}",
            "{\"system\":\"s\",\"actor_id\":5,\"other\":1}|{\"system\":\"s\",\"actor_id\":5,\"other\":1}",
            "{\"system\":\"s\",\"actor_id\":\"5\"}|{\"system\":\"s\",\"actor_id\":\"5\"}",
            "{\"system\":\"s\",\"actor_id\":5.0}|{\"system\":\"s\",\"actor_id\":5.0}",
            "{\"system\":\"s\",\"actor_id\":[5]}|{\"system\":\"s\",\"actor_id\":[5]}",
            "{\"system\":\"s\",\"actor_id\":9223372036854775808}|s://9223372036854775808",
            // a key repeated keeps its first position and its last value, as in every object
            "{\"system\":\"s\",\"actor_id\":5,\"system\":\"t\"}|t://5",
            "{\"system\":\"s\",\"actor_id\":5,\"actor_id\":6}|s://6",
            "{\"system\":\"s\",\"actor_id\":5,\"actor_id\":\"x\"}|{\"system\":\"s\",\"actor_id\":\"x\"}",
    })
    void addressObjectsReadAsTheGeneralPathReadsThem(String json, String expected) {
        assertEquals(expected, target(json));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"system\":[1e999],\"actor_id\":5}|target.system[0]",
            "{\"system\":\"s\",\"actor_id\":[1,1e999]}|target.actor_id[1]",
            "{\"system\":\"s\",\"actor_id\":5,\"x\":{\"y\":1e999}}|target.x.y",
            "{\"x\":1e999}|target.x",
    })
    void faultsInsideAnAddressObjectNameTheirPathAndOffset(String json, String member) {
        String line = deadLetterTo(json);
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> CODEC.decode(line));
        assertEquals(MalformedRecordException.Reason.BAD_MEMBER, e.reason());
        assertEquals(member, e.member());
        assertEquals(line.indexOf("1e999"), e.offset(), e.getMessage());
    }

    @Test
    void aTimestampBeyondTheInstantRangeNamesTheOffsetOfTheMemberThatCounts() {
        String once = "{\"kind\":\"audit\",\"system_id\":\"s\",\"timestamp\":1e300}";
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> CODEC.decode(once));
        assertEquals(MalformedRecordException.Reason.BAD_MEMBER, e.reason());
        assertEquals("timestamp", e.member());
        assertEquals(once.indexOf("1e300"), e.offset());
        // the last of two counts, as its value is the one read
        String twice = "{\"kind\":\"audit\",\"timestamp\":1e301,\"system_id\":\"s\",\"timestamp\":-1e300}";
        MalformedRecordException last = assertThrows(MalformedRecordException.class, () -> CODEC.decode(twice));
        assertEquals(twice.indexOf("-1e300"), last.offset());
    }

    @Test
    void theKindsComeBackAsTheSharedConstantsAndOthersAreStillNamed() {
        byte[] event = CODEC.encode(new EventRecord("s", "s://1", "T", java.util.Map.of(), java.time.Instant.EPOCH));
        PersistenceRecord decoded = CODEC.decode(event);
        assertEquals("s://1", ((EventRecord) decoded).actorAddress());
        MalformedRecordException wrong = assertThrows(MalformedRecordException.class,
                () -> CODEC.decode(event, DeadLetterRecord.class));
        assertEquals(MalformedRecordException.Reason.WRONG_KIND, wrong.reason());
        assertEquals(8, wrong.offset()); // the kind's value, located only now
        String unknown = "{\"kind\":\"eventX\",\"system_id\":\"s\",\"timestamp\":1}";
        MalformedRecordException other = assertThrows(MalformedRecordException.class, () -> CODEC.decode(unknown));
        assertEquals(MalformedRecordException.Reason.WRONG_KIND, other.reason());
        assertEquals(8, other.offset());
        assertSame(RecordCodec.EVENT, kindOf("{\"kind\":\"event\",\"system_id\":\"s\",\"timestamp\":1}"));
    }

    private static String kindOf(String line) {
        Decoder decoder = new Decoder(CODEC, line.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0,
                line.length(), null);
        decoder.decode();
        return decoder.kind();
    }
}
