package io.papyra.persistence.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kit does not check: the original's key layout and JSON in both directions, the timestamp
 * index, scan and recovery of damaged streams, compaction made physical, the bounded queue, the
 * options, and discovery by name. One redis-server for the class; a key prefix per test.
 */
class RedisBackendTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        client.setOptions(ClientOptions.builder().maintNotificationsConfig(MaintNotificationsConfig.disabled()).build());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        server.close();
    }

    private static String prefix() {
        return "t" + PREFIXES.incrementAndGet();
    }

    private static BackendConfig config(String prefix) {
        return BackendConfig.defaults().withOption(RedisPersistence.URL, server.uri())
                .withOption(RedisPersistence.PREFIX, prefix).withOption(RedisPersistence.SYSTEM_ID, "orders");
    }

    @Test
    void writesTheOriginalsKeysAndJsonAndAnIndex() {
        String prefix = prefix();
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            backend.recordEvent(new EventRecord("orders", "local://2", "ActorRestarted", Map.of("attempt", 1), T));
            backend.recordAudit(new AuditRecord("orders", T, 3, 2, 1, 0, 2, List.of(), List.of("w7"), 4));
            backend.recordDeadLetter(new DeadLetterRecord("orders", null, "Ping", "ping", T));
            assertTrue(backend.flush(Duration.ofSeconds(10)));
            assertEquals(prefix + ":orders:events", backend.streamKey(RedisLog.EVENTS));
        }
        for (RedisLog log : RedisLog.values()) {
            List<StreamMessage<String, String>> entries = redis.xrange(prefix + ":orders:" + log.suffix(),
                    io.lettuce.core.Range.unbounded());
            assertEquals(1, entries.size(), log.toString());
            assertEquals(List.of("data"), List.copyOf(entries.get(0).getBody().keySet()), "one field, data, as the original");
            assertTrue(entries.get(0).getBody().get("data").startsWith("{\"kind\":\"" + log.kind() + "\""),
                    entries.get(0).getBody().get("data"));
            assertEquals(entries.get(0).getId(), redis.zrange(prefix + ":orders:" + log.suffix() + ":by_timestamp", 0, -1).get(0));
        }
        String event = redis.xrange(prefix + ":orders:events", io.lettuce.core.Range.unbounded()).get(0).getBody().get("data");
        assertTrue(event.contains("\"actor_address\":{\"system\":\"local\",\"actor_id\":2}"), event);
        assertTrue(event.contains("\"timestamp\":1767225600.0"), event);
    }

    @Test
    void readsWhatTheOriginalWrites() {
        String prefix = prefix();
        String key = prefix + ":orders:events";
        // As the original writes: XADD key * data <json>, no index, no timestamp_ns, no system_id here.
        redis.xadd(key, Map.of("data", "{\"kind\": \"event\", \"actor_address\": {\"system\": \"local\", "
                + "\"actor_id\": 2}, \"event_type\": \"ActorRestarted\", \"payload\": {\"attempt\": 1, \"ok\": false}, "
                + "\"timestamp\": 1767225601.000123}"));
        redis.xadd(key, Map.of("data", "{\"kind\": \"audit\", \"timestamp\": 1.0}")); // wrong kind: skipped, as the original
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            EventRecord expected = new EventRecord("orders", "local://2", "ActorRestarted",
                    Map.of("attempt", 1L, "ok", false), Instant.parse("2026-01-01T00:00:01.000123Z"));
            assertEquals(List.of(expected), backend.listEvents());
            assertEquals(List.of(expected), backend.listEvents(Query.since(Instant.parse("2026-01-01T00:00:01Z"))),
                    "a since read finds entries that no index holds");
            assertEquals(List.of(), backend.listEvents(Query.since(Instant.parse("2026-01-01T00:00:02Z"))));
        }
    }

    @Test
    void readsTakeEachEntrysDataFieldWhereverItIsAndPageThroughLongStreams() {
        String prefix = prefix();
        String key = prefix + ":orders:events";
        String one = "{\"kind\":\"event\",\"system_id\":\"s\",\"event_type\":\"one\",\"timestamp\":1.0}";
        String two = "{\"kind\":\"event\",\"system_id\":\"s\",\"event_type\":\"two\",\"timestamp\":2.0}";
        String three = "{\"kind\":\"event\",\"system_id\":\"s\",\"event_type\":\"three\",\"timestamp\":3.0}";
        redis.xadd(key, "data", one);
        redis.xadd(key, "other", "x");                                // no data: skipped
        redis.xadd(key, "a", "1", "data", two, "b", "2");             // data among other fields
        redis.xadd(key, "data", "");                                  // empty data: not a record, skipped
        redis.xadd(key, "data", "{\"kind\":\"event\"", "data", three); // data twice: the last counts, as in Lettuce's map
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            assertEquals(List.of("one", "two", "three"), backend.listEvents().stream().map(EventRecord::eventType).toList());
            assertEquals(List.of("two", "three"),
                    backend.listEvents(Query.latest(2)).stream().map(EventRecord::eventType).toList());
            // more than one page (1,000 entries) newest-first, each page read from the one before it
            for (int i = 0; i < 2_100; i++) {
                backend.recordEvent(new EventRecord("orders", "local://" + i, "E" + i, Map.of(), T.plusMillis(i)));
            }
            List<EventRecord> latest = backend.listEvents(Query.latest(2_050));
            assertEquals(2_050, latest.size());
            assertEquals("E50", latest.get(0).eventType());
            assertEquals("E2099", latest.get(2_049).eventType());
            List<EventRecord> all = backend.listEvents();
            assertEquals(2_103, all.size());
            assertEquals(List.of("one", "two", "three", "E0"), all.subList(0, 4).stream().map(EventRecord::eventType).toList());
        }
    }

    @Test
    void readsKeepWhatTheyDecodedButDecodeAnIdThatNowHoldsOtherBytes() {
        String prefix = prefix();
        String key = prefix + ":orders:events";
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            for (int i = 0; i < 5; i++) {
                backend.recordEvent(new EventRecord("orders", "local://" + i, "E" + i, Map.of("i", i), T.plusMillis(i)));
            }
            List<EventRecord> first = backend.listEvents(Query.latest(3));
            List<EventRecord> again = backend.listEvents();
            for (int i = 0; i < 3; i++) {
                assertSame(first.get(i), again.get(2 + i), "entry " + (2 + i) + " is not decoded again");
            }
            assertEquals(List.of("E3", "E4"), backend.listEvents(Query.since(T.plusMillis(3))).stream()
                    .map(EventRecord::eventType).toList());

            // The stream recreated under the same key, its first id reused for other data (as a restore might).
            String firstId = redis.xrange(key, io.lettuce.core.Range.unbounded()).get(0).getId();
            redis.del(key, key + ":by_timestamp");
            redis.xadd(key, new io.lettuce.core.XAddArgs().id(firstId), Map.of("data",
                    "{\"kind\":\"event\",\"system_id\":\"orders\",\"event_type\":\"restored\",\"timestamp\":1.0}"));
            assertEquals(List.of("restored"), backend.listEvents().stream().map(EventRecord::eventType).toList());
        }
        try (RedisPersistence uncached = RedisPersistence.open(config(prefix).withOption(RedisPersistence.READ_CACHE, "0"))) {
            EventRecord one = uncached.listEvents().get(0);
            EventRecord two = uncached.listEvents().get(0);
            assertEquals(one, two);
            assertNotSame(one, two, "read_cache = 0 keeps nothing");
        }
    }

    /** Readers in several threads share the decoded records; a cache far smaller than the reads keeps replacing them. */
    @Test
    void concurrentReadsThroughASmallCacheReturnExactlyTheLog() throws Exception {
        String prefix = prefix();
        try (RedisPersistence backend = RedisPersistence.open(config(prefix).withOption(RedisPersistence.READ_CACHE, "8"))) {
            List<EventRecord> expected = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                EventRecord event = new EventRecord("orders", "local://" + i, "E" + i, Map.of("i", i), T.plusMillis(i));
                expected.add(event);
                backend.recordEvent(event);
            }
            assertTrue(backend.flush(Duration.ofSeconds(10)));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> readers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int limit = 20 + 70 * t;
                    readers.add(pool.submit(() -> {
                        for (int round = 0; round < 50; round++) {
                            assertEquals(expected.subList(300 - limit, 300), backend.listEvents(Query.latest(limit)));
                            assertEquals(expected.subList(250, 300), backend.listEvents(Query.since(T.plusMillis(250))));
                        }
                        return null;
                    }));
                }
                for (Future<?> reader : readers) {
                    reader.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void sinceReadsThroughTheIndexKeepInsertionOrderWithTimestampsOutOfOrder() {
        String prefix = prefix();
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            List<EventRecord> all = new ArrayList<>();
            int[] offsets = {5, 1, 9, 3, 9, 0, 7, 2};
            for (int i = 0; i < offsets.length; i++) {
                EventRecord e = new EventRecord("orders", "local://" + i, "E", Map.of(), T.plusNanos(offsets[i] * 1_000_001L));
                backend.recordEvent(e);
                all.add(e);
            }
            Instant since = T.plusNanos(3 * 1_000_001L);
            List<EventRecord> expected = all.stream().filter(e -> !e.timestamp().isBefore(since)).toList();
            assertEquals(expected, backend.listEvents(Query.since(since)));
            assertEquals(expected.subList(expected.size() - 2, expected.size()), backend.listEvents(Query.since(since).withLimit(2)));
            assertEquals(all.size(), redis.zcard(prefix + ":orders:events:by_timestamp"));
        }
    }

    @Test
    void scanNamesEveryBadEntryAndIndexDisagreementAndRepairDeletesThem() {
        String prefix = prefix();
        String events = prefix + ":orders:events";
        String index = events + ":by_timestamp";
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            EventRecord good = new EventRecord("orders", "local://1", "ActorStarted", Map.of(), T);
            backend.recordEvent(good);
            backend.flush(Duration.ofSeconds(10));
            String notJson = redis.xadd(events, Map.of("data", "{\"kind\":\"event\",\"timest"));
            String noData = redis.xadd(events, Map.of("other", "x"));
            String wrongKind = redis.xadd(events, Map.of("data", "{\"kind\":\"audit\",\"system_id\":\"s\",\"timestamp\":1.0}"));
            String unindexed = redis.xadd(events, Map.of("data", "{\"kind\":\"event\",\"system_id\":\"orders\","
                    + "\"actor_address\":\"a\",\"event_type\":\"E\",\"payload\":{},\"timestamp\":1767225600.5}"));
            redis.zadd(index, 1.0, "1-1"); // an orphan: no such entry
            ScanReport scan = backend.scan();
            assertEquals(RedisPersistence.NAME, scan.backend());
            List<String> locations = scan.anomalies().stream().map(a -> a.location()).toList();
            assertEquals(List.of(events + " " + notJson, events + " " + noData, events + " " + wrongKind,
                    index + " " + unindexed, index + " 1-1"), locations, scan.toString());
            assertEquals(AnomalyType.CORRUPTED_LINE, scan.anomalies().get(0).type());
            assertEquals(AnomalyType.PARTIAL_WRITE, scan.anomalies().get(3).type());
            assertEquals(5, backend.metrics().snapshot().anomaliesDetected());

            RecoveryReport ignore = backend.recover(RecoveryConfig.of(RecoveryMode.IGNORE));
            assertEquals(5, ignore.scan().anomalies().size());
            assertEquals(List.of(), ignore.repaired());
            assertEquals(5, redis.xlen(events), "IGNORE changes nothing");

            RecoveryReport repair = backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR));
            assertEquals(5, repair.repaired().size(), repair.toString());
            assertTrue(backend.scan().isClean());
            assertEquals(2, redis.xlen(events));
            assertEquals(2, backend.listEvents().size());
        }
    }

    @Test
    void quarantineMovesBadEntriesWithTheirSourceAndRebuildRewritesTheIndex() {
        String prefix = prefix();
        String audits = prefix + ":orders:audits";
        try (RedisPersistence backend = RedisPersistence.open(config(prefix))) {
            backend.recordAudit(new AuditRecord("orders", T, 1, 1, 0, 0, 1, List.of(), List.of(), 0));
            backend.flush(Duration.ofSeconds(10));
            String bad = redis.xadd(audits, Map.of("data", "[1,2]"));
            RecoveryReport report = backend.recover(new RecoveryConfig(RecoveryMode.QUARANTINE, prefix + ":q"));
            String quarantine = prefix + ":q:" + audits.replace(':', '_');
            assertEquals(List.of(audits + " " + bad + " -> " + quarantine), report.quarantined());
            List<StreamMessage<String, String>> moved = redis.xrange(quarantine, io.lettuce.core.Range.unbounded());
            assertEquals(1, moved.size());
            assertEquals(audits, moved.get(0).getBody().get("source"));
            assertEquals(bad, moved.get(0).getBody().get("source_id"));
            assertEquals("[1,2]", moved.get(0).getBody().get("data"));
            assertEquals(1, redis.xlen(audits));

            redis.del(audits + ":by_timestamp");
            assertEquals(1, backend.scan().anomalies().size(), "the entry is missing from the index");
            RecoveryReport rebuild = backend.recover(RecoveryConfig.of(RecoveryMode.REBUILD));
            assertEquals(1, rebuild.repaired().size());
            assertTrue(backend.scan().isClean());
            assertEquals(1, redis.zcard(audits + ":by_timestamp"));
        }
    }

    @Test
    void compactionMakesCountAgeAndSizeBoundsPhysical() {
        String prefix = prefix();
        io.papyra.persistence.tck.ManualClock clock = new io.papyra.persistence.tck.ManualClock(T);
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(5).withMaxAge(Duration.ofSeconds(100));
        try (RedisPersistence backend = RedisPersistence.open(config(prefix).withClock(clock).withRetention(policy))) {
            for (int i = 0; i < 20; i++) {
                // every third record is too old; the others are recent
                Instant at = i % 3 == 0 ? T.minusSeconds(1_000) : T.minusSeconds(i);
                backend.recordDeadLetter(new DeadLetterRecord("orders", "local://" + i, "M", i, at));
            }
            List<DeadLetterRecord> visible = backend.listDeadLetters();
            assertEquals(5, visible.size());
            CompactionReport report = backend.compact();
            assertEquals(20, report.recordsBefore());
            assertEquals(visible, backend.listDeadLetters(), "compaction removes nothing that a read returns");
            assertEquals(5, redis.xlen(prefix + ":orders:dead_letters"), "only the visible records are left");
            assertEquals(5, redis.zcard(prefix + ":orders:dead_letters:by_timestamp"), "and the index follows");
            assertEquals(5, report.recordsAfter());
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaitingForTheServer() throws Exception {
        String prefix = prefix();
        try (RedisPersistence backend = RedisPersistence.open(config(prefix).withOption(RedisPersistence.QUEUE_CAPACITY, "10"))) {
            redis.clientPause(3_000); // the server answers nothing for 3 s
            long start = System.nanoTime();
            int attempts = 5_000;
            for (int i = 0; i < attempts; i++) {
                backend.recordEvent(new EventRecord("orders", "local://1", "E", Map.of("i", i), T));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            MetricsSnapshot during = backend.metrics().snapshot();
            assertEquals(attempts, during.recordsWritten() + during.recordsDropped(), during.toString());
            assertTrue(during.recordsDropped() >= attempts - 2_000, "most appends were dropped: " + during);
            assertTrue(millis < 3_000, "5,000 appends took " + millis + " ms while the server was paused for 3 s");
            assertTrue(backend.flush(Duration.ofSeconds(30)));
            assertEquals(backend.metrics().snapshot().recordsWritten(), backend.listEvents().size());
        }
    }

    @Test
    void closeDrainsWithinItsBoundAndCountsWhatTheServerDidNotConfirm() throws Exception {
        String prefix = prefix();
        RedisPersistence backend = RedisPersistence.open(config(prefix)
                .withOption(RedisPersistence.CLOSE_TIMEOUT_MS, "300").withOption(RedisPersistence.TIMEOUT_MS, "5000"));
        redis.clientPause(4_000); // nothing is answered for 4 s
        for (int i = 0; i < 100; i++) {
            backend.recordEvent(new EventRecord("orders", "local://1", "E", Map.of("i", i), T));
        }
        long start = System.nanoTime();
        backend.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 3_000, "close() took " + millis + " ms with close_timeout_ms=300 and a paused server");
        long deadline = System.nanoTime() + 10_000_000_000L;
        MetricsSnapshot after = backend.metrics().snapshot();
        while (after.writeErrors() < after.recordsWritten() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the closed connection fails the unanswered appends on Lettuce's I/O thread
            after = backend.metrics().snapshot();
        }
        assertEquals(100, after.recordsWritten());
        assertEquals(100, after.writeErrors(), "every append left unanswered at close is counted: " + after);
        backend.recordEvent(new EventRecord("orders", "local://1", "E", Map.of(), T));
        assertEquals(1, backend.metrics().snapshot().recordsDropped(), "an append after close is dropped and counted");
    }

    @Test
    void readOnlyDropsAppendsAndRefusesMaintenance() {
        String prefix = prefix();
        try (RedisPersistence writer = RedisPersistence.open(config(prefix))) {
            writer.recordEvent(new EventRecord("orders", "local://1", "E", Map.of(), T));
        }
        try (RedisPersistence reader = RedisPersistence.open(config(prefix).withOption(RedisPersistence.READ_ONLY, "true"))) {
            assertFalse(reader.isClosed());
            reader.recordEvent(new EventRecord("orders", "local://1", "E2", Map.of(), T));
            assertEquals(1, reader.metrics().snapshot().recordsDropped());
            assertEquals(1, reader.listEvents().size());
            assertTrue(reader.scan().isClean());
            IllegalStateException e = assertThrows(IllegalStateException.class, reader::compact);
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> reader.recover(RecoveryConfig.of(RecoveryMode.REPAIR)));
        }
    }

    @Test
    void badOptionsAreRefusedNamingKeyValueAndWhatIsAllowed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> RedisPersistence.open(config(prefix()).withOption("path", "/tmp")));
        assertTrue(unknown.getMessage().contains("'path'") && unknown.getMessage().contains("queue_capacity"), unknown.getMessage());
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
                () -> RedisPersistence.open(config(prefix()).withOption(RedisPersistence.QUEUE_CAPACITY, "0")));
        assertTrue(capacity.getMessage().contains("queue_capacity = '0'") && capacity.getMessage().contains("from 1"),
                capacity.getMessage());
        IllegalArgumentException readOnly = assertThrows(IllegalArgumentException.class,
                () -> RedisPersistence.open(config(prefix()).withOption(RedisPersistence.READ_ONLY, "yes")));
        assertTrue(readOnly.getMessage().contains("true or false"), readOnly.getMessage());
        IllegalArgumentException readCache = assertThrows(IllegalArgumentException.class,
                () -> RedisPersistence.open(config(prefix()).withOption(RedisPersistence.READ_CACHE, "-1")));
        assertTrue(readCache.getMessage().contains("read_cache = '-1'") && readCache.getMessage().contains("from 0 to 1048576"),
                readCache.getMessage());
        IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class,
                () -> RedisPersistence.open(config("a b")));
        assertTrue(prefix.getMessage().contains("prefix"), prefix.getMessage());
    }

    @Test
    void unreachableServerFailsAtOpenNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisPersistence.open(
                BackendConfig.defaults().withOption(RedisPersistence.URL, "redis://127.0.0.1:1")
                        .withOption(RedisPersistence.TIMEOUT_MS, "2000")));
        assertTrue(e.getMessage().contains("redis://127.0.0.1:1"), e.getMessage());
    }

    @Test
    void openedByNameThroughServiceLoader() {
        String prefix = prefix();
        try (PersistenceBackend backend = PersistenceBackends.discover().open(RedisPersistence.NAME, config(prefix))) {
            RedisPersistence redisBackend = assertInstanceOf(RedisPersistence.class, backend);
            assertEquals(RedisPersistence.NAME, backend.name());
            backend.recordEvent(new EventRecord("orders", "local://1", "E", Map.of(), T));
            assertEquals(1, backend.listEvents().size());
            assertEquals(0, redisBackend.queued());
        }
    }
}
