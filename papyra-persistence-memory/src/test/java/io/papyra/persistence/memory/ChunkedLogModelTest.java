package io.papyra.persistence.memory;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives the chunked log and an obvious list model through the same seeded random operations,
 * across chunk boundaries, compactions that leave a copied prefix, clears, and timestamps that
 * go backwards (the linear path), and requires every read to agree.
 */
class ChunkedLogModelTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<RetentionPolicy> policies() {
        RetentionPolicy none = RetentionPolicy.none();
        return Stream.of(none,
                none.withMaxRecords(1500),
                none.withMaxAge(Duration.ofSeconds(900)),
                none.withMaxTotalBytes(40_000),
                none.withMaxRecords(2500).withMaxAge(Duration.ofSeconds(1200)).withMaxTotalBytes(60_000),
                // Small bounds with an age bound: merges release hidden records around out-of-order ones.
                none.withMaxRecords(200).withMaxAge(Duration.ofSeconds(3000)),
                none.withMaxTotalBytes(8_000).withMaxAge(Duration.ofSeconds(3000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void readsAgreeWithTheModel(RetentionPolicy policy) {
        for (long seed = 1; seed <= 12; seed++) {
            run(policy, seed);
        }
    }

    private static void run(RetentionPolicy policy, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant[] now = {START};
        InstantSource clock = () -> now[0];
        InMemoryPersistence backend = new InMemoryPersistence(
                BackendConfig.defaults().withRetention(policy).withClock(clock));
        List<EventRecord> model = new ArrayList<>();
        Instant stamp = START;
        // Mostly ordered: backwards timestamps are rare, so both read paths get exercised.
        boolean allowBackwards = random.nextInt(3) == 0;
        for (int step = 0; step < 4000; step++) {
            int op = random.nextInt(100);
            String where = "seed " + seed + ", step " + step + ", " + policy;
            if (op < 80) {
                int move = random.nextInt(10);
                if (move < 6) {
                    stamp = stamp.plusSeconds(1);
                } else if (move == 6 && allowBackwards) {
                    stamp = stamp.minusSeconds(random.nextInt(1, 30));
                }
                EventRecord event = new EventRecord("sys", "local://" + step, "Step",
                        Map.of("pad", "x".repeat(random.nextInt(0, 40))), stamp);
                backend.recordEvent(event);
                model.add(event);
                now[0] = stamp.isAfter(now[0]) ? stamp : now[0];
            } else if (op < 95) {
                Query query = Query.all();
                if (random.nextBoolean()) {
                    query = query.withLimit(random.nextInt(0, 3000));
                }
                if (random.nextBoolean()) {
                    query = query.withSince(stamp.minusSeconds(random.nextInt(0, 2000)));
                }
                assertEquals(expected(model, policy, now[0], query), backend.listEvents(query), where + ", " + query);
            } else if (op < 98) {
                now[0] = now[0].plusSeconds(random.nextInt(0, 120));
            } else if (op < 99) {
                List<EventRecord> before = backend.listEvents();
                backend.compact();
                assertEquals(before, backend.listEvents(), where + ": compaction changed a read at the same instant");
                model = new ArrayList<>(policy.retain(model, now[0]));
            } else if (random.nextInt(10) == 0) {
                backend.clear();
                model.clear();
            }
        }
        assertEquals(expected(model, policy, now[0], Query.all()), backend.listEvents(), "seed " + seed);
        if (!backend.listAudits().isEmpty() || !backend.listDeadLetters().isEmpty()) {
            fail("events leaked into other logs");
        }
    }

    private static List<EventRecord> expected(List<EventRecord> model, RetentionPolicy policy, Instant now, Query query) {
        List<EventRecord> kept = new ArrayList<>();
        for (EventRecord event : policy.retain(model, now)) {
            Instant since = query.since();
            if (since == null || !event.timestamp().isBefore(since)) {
                kept.add(event);
            }
        }
        int limit = (int) Math.min(query.limit(), kept.size());
        return kept.subList(kept.size() - limit, kept.size());
    }
}
