package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRecordTest {

    private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

    private static EventRecord event(Map<String, String> payload) {
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
    void nullPayloadKeyIsRejected() {
        Map<String, String> payload = new HashMap<>();
        payload.put(null, "v");

        Expect.npe("payload must not contain a null key", () -> event(payload));
    }

    @Test
    void nullPayloadValueIsRejectedNamingItsKey() {
        Map<String, String> payload = new HashMap<>();
        payload.put("reason", null);

        Expect.npe("payload must not contain a null value (key \"reason\")", () -> event(payload));
    }

    @Test
    void payloadIsACopyThatTheCallerCannotChange() {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("k", "v");
        EventRecord event = event(payload);

        payload.put("k", "changed");
        payload.put("other", "x");

        assertEquals(Map.of("k", "v"), event.payload());
    }

    @Test
    void payloadIsUnmodifiable() {
        EventRecord event = event(new LinkedHashMap<>(Map.of("k", "v")));

        assertThrows(UnsupportedOperationException.class, () -> event.payload().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> event.payload().remove("k"));
        assertThrows(UnsupportedOperationException.class, () -> event.payload().clear());
        assertThrows(UnsupportedOperationException.class, () -> event(Map.of()).payload().put("x", "y"));
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
    }

    @Test
    void sizeOfTheDocumentedExampleIs38() {
        assertEquals(38, event(Map.of("k", "v")).sizeInBytes());
    }

    @Test
    void sizeCountsUtf8BytesOfEveryString() {
        // 12 (timestamp) + "sys" 3 + "local://1" 9 + "Ärger" 6 + "ключ" 8 + "значение" 16 + "€" 3 + "𝄞" 4
        EventRecord event = new EventRecord("sys", "local://1", "Ärger",
                orderedMap("ключ", "значение", "€", "𝄞"), T);

        assertEquals(12 + 3 + 9 + 6 + 8 + 16 + 3 + 4, event.sizeInBytes());
    }

    @Test
    void sizeOfAnEventWithEmptyStringsIsTheTimestampAlone() {
        assertEquals(PersistenceRecord.TIMESTAMP_BYTES, new EventRecord("", "", "", Map.of(), T).sizeInBytes());
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
