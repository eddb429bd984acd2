package io.papyra.persistence.redis;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consumer groups over the backend's streams: two consumers, a claimed pending entry, acks, the summary. */
class RedisConsumerGroupsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static RedisServer server;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoConsumersShareTheStreamAndOneClaimsWhatTheOtherLeftPending() {
        BackendConfig config = BackendConfig.defaults().withOption(RedisPersistence.URL, server.uri())
                .withOption(RedisPersistence.PREFIX, "groups");
        List<EventRecord> written = new ArrayList<>();
        try (RedisPersistence backend = RedisPersistence.open(config)) {
            for (int i = 0; i < 10; i++) {
                EventRecord e = new EventRecord("local", "local://" + i, "ActorStarted", Map.of("i", i), T.plusSeconds(i));
                backend.recordEvent(e);
                written.add(e);
            }
            assertTrue(backend.flush(Duration.ofSeconds(10)));
        }
        try (RedisConsumerGroups one = RedisConsumerGroups.connect(config);
             RedisConsumerGroups two = RedisConsumerGroups.connect(config)) {
            assertTrue(one.createGroup(RedisLog.EVENTS, "shipper", "0"));
            assertFalse(two.createGroup(RedisLog.EVENTS, "shipper", "0"), "a second create finds the group");

            List<RedisConsumerGroups.Entry> first = one.consume(RedisLog.EVENTS, "shipper", "c1", 4, Duration.ZERO);
            List<RedisConsumerGroups.Entry> second = two.consume(RedisLog.EVENTS, "shipper", "c2", 100, Duration.ofMillis(100));
            assertEquals(written.subList(0, 4), records(first));
            assertEquals(written.subList(4, 10), records(second), "the group delivers each entry to one consumer");
            assertEquals(List.of(), one.consume(RedisLog.EVENTS, "shipper", "c1", 10, Duration.ofMillis(50)),
                    "nothing is left for a third read");

            assertEquals(4, one.ack(RedisLog.EVENTS, "shipper", ids(first)));
            RedisConsumerGroups.PendingSummary pending = one.pending(RedisLog.EVENTS, "shipper");
            assertEquals(6, pending.count());
            assertEquals(Map.of("c2", 6L), pending.consumers());
            assertEquals(second.get(0).id(), pending.lowestId());
            assertEquals(second.get(5).id(), pending.highestId());

            // c2 goes away holding its entries: c1 re-reads nothing of its own, then claims c2's.
            assertEquals(List.of(), one.pendingOf(RedisLog.EVENTS, "shipper", "c1", 10));
            List<RedisConsumerGroups.Entry> claimed = one.claim(RedisLog.EVENTS, "shipper", "c1", Duration.ZERO, ids(second));
            assertEquals(written.subList(4, 10), records(claimed));
            assertEquals(Map.of("c1", 6L), one.pending(RedisLog.EVENTS, "shipper").consumers());
            assertEquals(written.subList(4, 10), records(one.pendingOf(RedisLog.EVENTS, "shipper", "c1", 10)));
            assertEquals(List.of(), one.claim(RedisLog.EVENTS, "shipper", "c2", Duration.ofHours(1), ids(second)),
                    "entries idle for less than minIdle are not claimed");

            assertEquals(6, one.ack(RedisLog.EVENTS, "shipper", ids(claimed)));
            RedisConsumerGroups.PendingSummary none = one.pending(RedisLog.EVENTS, "shipper");
            assertEquals(0, none.count());
            assertNull(none.lowestId());
        }
    }

    @Test
    void entriesThatAreNotRecordsAreDeliveredWithTheirProblemSoThatTheyCanBeAcknowledged() {
        BackendConfig config = BackendConfig.defaults().withOption(RedisPersistence.URL, server.uri())
                .withOption(RedisPersistence.PREFIX, "groups-bad");
        try (RedisConsumerGroups groups = RedisConsumerGroups.connect(config)) {
            assertTrue(groups.createGroup(RedisLog.DEAD_LETTERS, "g", "$"));
            try (RedisPersistence backend = RedisPersistence.open(config)) {
                backend.recordDeadLetter(new io.papyra.persistence.DeadLetterRecord("local", null, "Ping", "ping", T));
                backend.recordEvent(new EventRecord("local", "local://1", "E", Map.of(), T)); // another stream
            }
            List<RedisConsumerGroups.Entry> entries = groups.consume(RedisLog.DEAD_LETTERS, "g", "c", 10, Duration.ZERO);
            assertEquals(1, entries.size());
            assertNotNull(entries.get(0).record());
            assertTrue(entries.get(0).data().startsWith("{\"kind\":\"dead_letter\""), entries.get(0).data());
            assertThrows(IllegalArgumentException.class,
                    () -> groups.consume(RedisLog.DEAD_LETTERS, "g", "c", 0, Duration.ZERO));
            assertThrows(IllegalArgumentException.class,
                    () -> groups.consume(RedisLog.DEAD_LETTERS, "g", " ", 1, Duration.ZERO));
        }
    }

    private static List<PersistenceRecord> records(List<RedisConsumerGroups.Entry> entries) {
        return entries.stream().map(RedisConsumerGroups.Entry::record).toList();
    }

    private static List<String> ids(List<RedisConsumerGroups.Entry> entries) {
        return entries.stream().map(RedisConsumerGroups.Entry::id).toList();
    }
}
