package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterRecordTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    private static DeadLetterRecord deadLetter(String target, Map<String, String> payload) {
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
    void targetIsOptional() {
        assertEquals(Optional.of("local://7"), deadLetter("local://7", Map.of()).target());

        DeadLetterRecord unknown = deadLetter(null, Map.of());
        assertEquals(Optional.empty(), unknown.target());
        assertNull(unknown.targetAddress());
    }

    @Test
    void nullRequiredFieldIsRejectedByName() {
        Expect.npe("systemId must not be null", () -> new DeadLetterRecord(null, "t", "m", Map.of(), T));
        Expect.npe("messageType must not be null", () -> new DeadLetterRecord("s", "t", null, Map.of(), T));
        Expect.npe("payload must not be null", () -> new DeadLetterRecord("s", "t", "m", null, T));
        Expect.npe("timestamp must not be null", () -> new DeadLetterRecord("s", "t", "m", Map.of(), null));
    }

    @Test
    void nullPayloadKeyOrValueIsRejected() {
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("orderId", null);

        Expect.npe("payload must not contain a null key", () -> deadLetter("t", nullKey));
        Expect.npe("payload must not contain a null value (key \"orderId\")", () -> deadLetter("t", nullValue));
    }

    @Test
    void payloadIsAnUnmodifiableCopyInTheCallersOrder() {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("z", "1");
        payload.put("a", "2");
        payload.put("m", "3");
        DeadLetterRecord letter = deadLetter("t", payload);

        payload.remove("z");

        assertEquals(List.of("z", "a", "m"), List.copyOf(letter.payload().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> letter.payload().put("x", "y"));
    }

    @Test
    void equalityIsByValue() {
        DeadLetterRecord one = deadLetter("t", new HashMap<>(Map.of("k", "v")));
        DeadLetterRecord two = deadLetter("t", Map.of("k", "v"));

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, deadLetter(null, Map.of("k", "v")));
        assertNotEquals(one, deadLetter("t", Map.of("k", "w")));
    }

    @Test
    void sizeCountsTheTargetWhenPresent() {
        // 12 (timestamp) + "sys" 3 + "local://7" 9 + "PlaceOrder" 10 + "orderId" 7 + "42" 2
        assertEquals(12 + 3 + 9 + 10 + 7 + 2, deadLetter("local://7", Map.of("orderId", "42")).sizeInBytes());
    }

    @Test
    void absentTargetCountsZero() {
        assertEquals(12 + 3 + 10 + 7 + 2, deadLetter(null, Map.of("orderId", "42")).sizeInBytes());
        assertEquals(12 + 3 + 10, deadLetter(null, Map.of()).sizeInBytes());
    }
}
