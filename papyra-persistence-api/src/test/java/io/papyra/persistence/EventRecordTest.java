package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRecordTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    private static EventRecord event(Map<String, ?> payload) {
        return new EventRecord("sys", "local://1", "ActorStarted", payload, T);
    }

    @Test
    void keepsItsFields() {
        EventRecord event = event(Map.of("k", "v"));

        assertEquals("sys", event.systemId());
        assertEquals("local://1", event.actorAddress());
        assertEquals("ActorStarted", event.eventType());
        assertEquals(Map.of("k", "v"), event.payload());
        assertEquals(T, event.timestamp());
    }

    @Test
    void nullFieldIsRejectedByName() {
        Expect.npe("systemId must not be null", () -> new EventRecord(null, "a", "t", Map.of(), T));
        Expect.npe("actorAddress must not be null", () -> new EventRecord("s", null, "t", Map.of(), T));
        Expect.npe("eventType must not be null", () -> new EventRecord("s", "a", null, Map.of(), T));
        Expect.npe("payload must not be null", () -> new EventRecord("s", "a", "t", null, T));
        Expect.npe("timestamp must not be null", () -> new EventRecord("s", "a", "t", Map.of(), null));
    }

    @Test
    void nullPayloadKeyIsRejectedNamingThePath() {
        Map<String, String> payload = new HashMap<>();
        payload.put(null, "v");

        Expect.npe("payload: a map key is null; keys must be strings", () -> event(payload));
    }

    @Test
    void nullPayloadValueIsJsonNull() {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("reason", null);

        EventRecord event = event(payload);

        assertTrue(event.payload().containsKey("reason"));
        assertNull(event.payload().get("reason"));
        assertEquals(12 + 3 + 9 + 12 + "{\"reason\":null}".length(), event.sizeInBytes());
    }

    @Test
    void aPayloadValueThatIsNotJsonLikeIsRejectedNamingItsPath() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("items", List.of("a", "b", new BigDecimal("1.5")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> event(payload));
        assertTrue(e.getMessage().startsWith("payload.items[2]: a java.math.BigDecimal is not a JSON-like value"),
                e.getMessage());
    }

    @Test
    void payloadIsACopyThatTheCallerCannotChange() {
        Map<String, Object> payload = new LinkedHashMap<>();
        List<Object> nested = new ArrayList<>(List.of("x"));
        payload.put("k", "v");
        payload.put("list", nested);
        EventRecord event = event(payload);

        payload.put("k", "changed");
        payload.put("other", "x");
        nested.add("y");

        assertEquals(Map.of("k", "v", "list", List.of("x")), event.payload());
    }

    @Test
    void payloadIsUnmodifiableAtEveryLevel() {
        EventRecord event = event(new LinkedHashMap<>(Map.of("k", "v", "inner", new HashMap<>(Map.of("a", 1)))));

        assertThrows(UnsupportedOperationException.class, () -> event.payload().remove("k"));
        assertThrows(UnsupportedOperationException.class, () -> event.payload().clear());
        assertThrows(UnsupportedOperationException.class, () -> event(Map.of()).payload().clear());
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) event.payload().get("inner");
        assertThrows(UnsupportedOperationException.class, () -> inner.put("b", 2L));
    }

    @Test
    void payloadKeepsTheCallersIterationOrder() {
        Map<String, String> payload = new LinkedHashMap<>();
        for (String key : List.of("z", "a", "m", "b", "y", "c")) {
            payload.put(key, key.toUpperCase(Locale.ROOT));
        }

        EventRecord event = event(payload);

        assertEquals(List.of("z", "a", "m", "b", "y", "c"), List.copyOf(event.payload().keySet()));
        assertEquals(List.of("Z", "A", "M", "B", "Y", "C"), List.copyOf(event.payload().values()));
    }

    @Test
    void integralNumbersAreStoredAsLong() {
        EventRecord event = event(Map.of("attempt", 3));

        assertEquals(3L, event.payload().get("attempt"));
        assertEquals(event, event(Map.of("attempt", 3L)));
        assertEquals(event.hashCode(), event(Map.of("attempt", (short) 3)).hashCode());
    }

    @Test
    void equalityIsByValue() {
        Map<String, String> hashed = new HashMap<>(Map.of("a", "1", "b", "2"));
        Map<String, String> linked = new LinkedHashMap<>();
        linked.put("b", "2");
        linked.put("a", "1");

        EventRecord one = event(hashed);
        EventRecord two = event(linked);

        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, new EventRecord("sys", "local://2", "ActorStarted", hashed, T));
        assertNotEquals(one, new EventRecord("sys", "local://1", "ActorStarted", hashed, T.plusNanos(1)));
        assertNotEquals(one, event(Map.of("a", "1")));
        assertNotEquals(event(Map.of("a", 1)), event(Map.of("a", "1")));
        assertNotEquals(event(Map.of("a", 1)), event(Map.of("a", 1.0)));
    }

    @Test
    void sizesOfTheDocumentedExamplesAre45And59() {
        // 12 (timestamp) + "sys" 3 + "local://1" 9 + "ActorStarted" 12 + {"k":"v"} 9
        assertEquals(45, event(Map.of("k", "v")).sizeInBytes());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("attempt", 3);
        payload.put("ok", true);
        // ... + {"attempt":3,"ok":true} 23
        assertEquals(59, event(payload).sizeInBytes());
    }

    @Test
    void sizeCountsUtf8BytesOfEveryStringAndThePayloadsJsonText() {
        // 12 (timestamp) + "sys" 3 + "local://1" 9 + "Ärger" 6, and {"ключ":"значение","€":"𝄞"}:
        // braces 2, comma 1, quotes 8, colons 2, "ключ" 8 + "значение" 16 + "€" 3 + "𝄞" 4
        EventRecord event = new EventRecord("sys", "local://1", "Ärger",
                orderedMap("ключ", "значение", "€", "𝄞"), T);

        assertEquals(12 + 3 + 9 + 6 + (2 + 1 + 8 + 2 + 8 + 16 + 3 + 4), event.sizeInBytes());
    }

    @Test
    void aPayloadOfStringsCountsItsCanonicalTextsLength() {
        Map<String, String> payload = orderedMap("reason", "said \"no\"\n", "path", "C:\\tmp", "city", "Zürich");
        String text = "{\"reason\":\"said \\\"no\\\"\\n\",\"path\":\"C:\\\\tmp\",\"city\":\"Zürich\"}";

        assertEquals(text, JsonValues.canonicalJson(payload));
        assertEquals(12 + 3 + 9 + 12 + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                event(payload).sizeInBytes());
    }

    @Test
    void sizeOfAnEventWithEmptyStringsIsTheTimestampAndAnEmptyObject() {
        assertEquals(PersistenceRecord.TIMESTAMP_BYTES + 2, new EventRecord("", "", "", Map.of(), T).sizeInBytes());
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
