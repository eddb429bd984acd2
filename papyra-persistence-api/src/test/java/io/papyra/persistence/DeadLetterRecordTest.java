package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterRecordTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    /** 12 (timestamp) + "sys" 3 + "PlaceOrder" 10: a dead letter's size without target and payload. */
    private static final long FIXED = 12 + 3 + 10;

    private static DeadLetterRecord deadLetter(String target, Object payload) {
        return new DeadLetterRecord("sys", target, "PlaceOrder", payload, T);
    }

    @Test
    void keepsItsFields() {
        DeadLetterRecord letter = deadLetter("local://7", Map.of("orderId", "42"));

        assertEquals("sys", letter.systemId());
        assertEquals("local://7", letter.targetAddress());
        assertEquals("PlaceOrder", letter.messageType());
        assertEquals(Map.of("orderId", "42"), letter.payload());
        assertEquals(T, letter.timestamp());
    }

    @Test
    void targetAddressMayBeUnknown() {
        assertEquals("local://7", deadLetter("local://7", Map.of()).targetAddress());
        assertNull(deadLetter(null, Map.of()).targetAddress());
    }

    @Test
    void nullRequiredFieldIsRejectedByName() {
        Expect.npe("systemId must not be null", () -> new DeadLetterRecord(null, "t", "m", Map.of(), T));
        Expect.npe("messageType must not be null", () -> new DeadLetterRecord("s", "t", null, Map.of(), T));
        Expect.npe("timestamp must not be null", () -> new DeadLetterRecord("s", "t", "m", Map.of(), null));
    }

    @Test
    void theMessageMayBeAnyJsonLikeValue() {
        assertEquals("ping", deadLetter("t", "ping").payload());
        assertEquals(42L, deadLetter("t", 42).payload());
        assertEquals(42L, deadLetter("t", BigInteger.valueOf(42)).payload());
        assertEquals(1.5, deadLetter("t", 1.5f).payload());
        assertEquals(true, deadLetter("t", true).payload());
        assertEquals(List.of("a", 1L), deadLetter("t", List.of("a", 1)).payload());
        assertNull(deadLetter("t", null).payload());
    }

    @Test
    void nullPayloadKeyIsRejectedAndANullValueIsJsonNull() {
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("orderId", null);

        Expect.npe("payload: a map key is null; keys must be strings", () -> deadLetter("t", nullKey));
        assertEquals(nullValue, deadLetter("t", nullValue).payload());
    }

    @Test
    void aPayloadThatIsNotJsonLikeIsRejectedNamingItsPath() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

        IllegalArgumentException top = assertThrows(IllegalArgumentException.class, () -> deadLetter("t", id));
        assertTrue(top.getMessage().startsWith("payload: a java.util.UUID is not a JSON-like value"), top.getMessage());
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> deadLetter("t", Map.of("lines", Arrays.asList("a", "b", id))));
        assertTrue(nested.getMessage().startsWith("payload.lines[2]: a java.util.UUID is not a JSON-like value"),
                nested.getMessage());
    }

    @Test
    void payloadIsAnUnmodifiableCopyInTheCallersOrder() {
        Map<String, Object> payload = new LinkedHashMap<>();
        List<Object> lines = new ArrayList<>(List.of("a"));
        payload.put("z", "1");
        payload.put("a", lines);
        payload.put("m", "3");
        DeadLetterRecord letter = deadLetter("t", payload);

        payload.remove("z");
        lines.add("b");

        Map<?, ?> copy = (Map<?, ?>) letter.payload();
        assertEquals(List.of("z", "a", "m"), List.copyOf(copy.keySet()));
        assertEquals(List.of("a"), copy.get("a"));
        assertThrows(UnsupportedOperationException.class, copy::clear);
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) copy.get("a")).clear());
    }

    @Test
    void equalityIsByValue() {
        DeadLetterRecord one = deadLetter("t", new HashMap<>(Map.of("k", "v")));
        DeadLetterRecord two = deadLetter("t", Map.of("k", "v"));

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, deadLetter(null, Map.of("k", "v")));
        assertNotEquals(one, deadLetter("t", Map.of("k", "w")));
        assertNotEquals(deadLetter("t", null), deadLetter("t", "null"));
    }

    @Test
    void recordsWhosePayloadWasGivenAsIntegerOrLongAreEqual() {
        assertEquals(deadLetter("t", 7), deadLetter("t", 7L));
        assertEquals(deadLetter("t", 7).hashCode(), deadLetter("t", 7L).hashCode());
        assertEquals(deadLetter("t", Map.of("n", List.of(7))), deadLetter("t", Map.of("n", List.of(7L))));
        assertEquals(deadLetter("t", Map.of("n", 7)).sizeInBytes(), deadLetter("t", Map.of("n", 7L)).sizeInBytes());
    }

    @Test
    void sizeCountsTheTargetWhenPresent() {
        // FIXED + "local://7" 9 + {"orderId":"42"} 16
        assertEquals(FIXED + 9 + 16, deadLetter("local://7", Map.of("orderId", "42")).sizeInBytes());
    }

    @Test
    void absentTargetCountsZero() {
        assertEquals(FIXED + 16, deadLetter(null, Map.of("orderId", "42")).sizeInBytes());
        assertEquals(FIXED + 2, deadLetter(null, Map.of()).sizeInBytes());
    }

    @Test
    void thePayloadCountsItsCanonicalJsonTextOfEveryType() {
        assertEquals(FIXED + 4, deadLetter(null, null).sizeInBytes()); // null
        assertEquals(FIXED + 4, deadLetter(null, true).sizeInBytes()); // true
        assertEquals(FIXED + 5, deadLetter(null, false).sizeInBytes()); // false
        assertEquals(FIXED + 6, deadLetter(null, "ping").sizeInBytes()); // "ping"
        assertEquals(FIXED + 9, deadLetter(null, "a\"b\\c").sizeInBytes()); // "a\"b\\c"
        assertEquals(FIXED + 2, deadLetter(null, 42).sizeInBytes()); // 42
        assertEquals(FIXED + 3, deadLetter(null, -42L).sizeInBytes()); // -42
        assertEquals(FIXED + 20, deadLetter(null, BigInteger.ONE.shiftLeft(64)).sizeInBytes()); // 18446744073709551616
        assertEquals(FIXED + 3, deadLetter(null, 1.5).sizeInBytes()); // 1.5
        assertEquals(FIXED + 6, deadLetter(null, 1e-5).sizeInBytes()); // 1.0E-5
        assertEquals(FIXED + 2, deadLetter(null, List.of()).sizeInBytes()); // []
        assertEquals(FIXED + 12, deadLetter(null, Arrays.asList(1, null, "x")).sizeInBytes()); // [1,null,"x"]
        assertEquals(FIXED + 2, deadLetter(null, Map.of()).sizeInBytes()); // {}
        for (Object payload : Arrays.asList(null, true, "ping", 42, 1.5, List.of("ü"), Map.of("k", List.of(1, 2.5)))) {
            assertEquals(FIXED + JsonValues.canonicalJson(payload).getBytes(StandardCharsets.UTF_8).length,
                    deadLetter(null, payload).sizeInBytes(), String.valueOf(payload));
        }
    }
}
