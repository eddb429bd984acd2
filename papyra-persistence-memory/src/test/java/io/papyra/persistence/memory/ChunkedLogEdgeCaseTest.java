package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Paths of the chunked log that random sequences reach only rarely. */
class ChunkedLogEdgeCaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static EventRecord at(String actor, long second) {
        return new EventRecord("sys", actor, "E", Map.of(), T0.plusSeconds(second));
    }

    @Test
    void aCompactedPrefixFollowedByAnEarlierTimestampIsReadOnTheLinearPath() {
        Instant[] now = {T0.plusSeconds(108)};
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults()
                .withRetention(RetentionPolicy.none().withMaxAge(Duration.ofSeconds(100)))
                .withClock(() -> now[0]));
        EventRecord kept = at("a", 10);
        backend.recordEvent(kept);
        backend.recordEvent(at("b", 5)); // backwards, and older than the cutoff (8 s): compacted away
        backend.compact();
        EventRecord earlier = at("c", 9); // before the prefix's last timestamp
        backend.recordEvent(earlier);

        assertEquals(List.of(kept, earlier), backend.listEvents());
        assertEquals(List.of(kept), backend.listEvents(Query.since(T0.plusMillis(9_500))));
        assertEquals(List.of(kept, earlier), backend.listEvents(Query.since(T0.plusSeconds(9))));
    }

    @Test
    void compactionThatKeepsPartOfAChunkReleasesOnlyWholeChunksBelowIt() {
        InMemoryPersistence backend = new InMemoryPersistence(BackendConfig.defaults()
                .withRetention(RetentionPolicy.none().withMaxRecords(10)));
        int total = 3 * ChunkedLog.CHUNK_SIZE + 7;
        for (int i = 0; i < total; i++) {
            backend.recordEvent(at("a" + i, i));
        }
        assertEquals(total - 10, backend.compact().removedRecords());
        for (int i = total; i < total + ChunkedLog.CHUNK_SIZE; i++) {
            backend.recordEvent(at("a" + i, i));
        }
        List<EventRecord> events = backend.listEvents();
        assertEquals(10, events.size());
        assertEquals(at("a" + (total + ChunkedLog.CHUNK_SIZE - 1), total + ChunkedLog.CHUNK_SIZE - 1), events.get(9));
        assertEquals(List.of(events.get(9)), backend.listEvents(Query.latest(1)));
    }
}
