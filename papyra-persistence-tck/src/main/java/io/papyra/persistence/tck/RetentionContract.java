package io.papyra.persistence.tck;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.appendAll;
import static io.papyra.persistence.tck.Fixture.appendSeries;
import static io.papyra.persistence.tck.Fixture.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kit's tests of {@link io.papyra.persistence.RetentionPolicy} on reads: each bound (count by
 * insertion, age on the injected clock with the cutoff inclusive, size by
 * {@link io.papyra.persistence.PersistenceRecord#sizeInBytes()} stopping at the first misfit) on each
 * log on its own; age before count before size; retention before {@code since} and {@code limit};
 * bounds at every scale up to {@link Long#MAX_VALUE} and the longest durations, never truncated and
 * never thrown. A backend without a bound's capability must instead refuse a policy with that bound.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface RetentionContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>factory: retention() reports the policy the backend was created with, and reads honour it</em>.
     */
    @Test
    @DisplayName("factory: retention() reports the policy the backend was created with, and reads honour it")
    default void retentionIsTheConfiguredPolicy() {
        Fixture kit = kit();
        List<RetentionPolicy> policies = List.of(
                RetentionPolicy.none(),
                RetentionPolicy.none().withMaxRecords(7),
                RetentionPolicy.none().withMaxAge(Duration.ofMinutes(3)),
                RetentionPolicy.none().withMaxTotalBytes(4096),
                RetentionPolicy.none().withMaxRecords(7).withMaxAge(Duration.ofMinutes(3)).withMaxTotalBytes(4096));
        for (RetentionPolicy policy : policies) {
            kit.withRetention(policy, backend -> {
                assertEquals(policy, backend.retention(), kit.clause("factory: retention() is the configured policy " + policy));
                for (LogKind log : LogKind.values()) {
                    List<PersistenceRecord> records = appendSeries(backend, log, 2, kit.clock().now(), Duration.ofSeconds(1));
                    assertEquals(records, log.read(backend, Query.all()), kit.clause("retention: " + policy
                            + " keeps 2 fresh small " + log));
                }
            });
        }
    }

    /**
     * Tests the clause <em>retention: maxRecords keeps the newest N of each log</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxRecords keeps the newest N of each log")
    default void retentionByCount(LogKind log) {
        Fixture kit = kit();
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(3);
        kit.withRetention(policy, backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                records.add(log.record(i, t.plusSeconds(i)));
            }
            appendAll(backend, log, records.subList(0, 2));
            assertEquals(pick(records, 0, 1), log.read(backend, Query.all()),
                    kit.clause("retention: maxRecords 3 keeps both of 2 " + log));
            log.append(backend, records.get(2));
            assertEquals(pick(records, 0, 1, 2), log.read(backend, Query.all()),
                    kit.clause("retention: maxRecords 3 keeps all of exactly 3 " + log));
            appendAll(backend, log, records.subList(3, 5));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.all()),
                    kit.clause("retention: maxRecords keeps the newest N of each log (3 of 5 " + log + ")"));
            assertEquals(policy.retain(records, kit.clock().now()), log.read(backend, Query.all()),
                    kit.clause("retention: reads agree with RetentionPolicy.retain"));
        });
    }

    /**
     * Tests the clause <em>retention: maxRecords counts the newest by insertion, not by timestamp</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxRecords counts the newest by insertion, not by timestamp")
    default void retentionByCountFollowsInsertionOrder(LogKind log) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxRecords(2), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.plusSeconds(30)), log.record(1, t.plusSeconds(20)), log.record(2, t.plusSeconds(10))));
            assertEquals(pick(records, 1, 2), log.read(backend, Query.all()),
                    kit.clause("retention: maxRecords keeps the last appended " + log + ", whatever their timestamps"));
        });
    }

    /**
     * Tests the clause <em>retention: maxRecords applies to each log on its own (filling one never evicts another's records)</em>.
     *
     * @param flooded the log that is filled: each of the three in turn
     */
    @ParameterizedTest(name = "flooding {0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxRecords applies to each log on its own (filling one never evicts another's records)")
    default void retentionByCountIsPerLog(LogKind flooded) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxRecords(3), backend -> {
            Instant t = kit.clock().now();
            Map<LogKind, List<PersistenceRecord>> others = new EnumMap<>(LogKind.class);
            for (LogKind log : LogKind.values()) {
                if (log != flooded) {
                    others.put(log, appendSeries(backend, log, 2, t, Duration.ofSeconds(1)));
                }
            }
            List<PersistenceRecord> flood = appendSeries(backend, flooded, 20, t, Duration.ofSeconds(1));
            assertEquals(pick(flood, 17, 18, 19), flooded.read(backend, Query.all()),
                    kit.clause("retention: maxRecords 3 keeps the newest 3 of the flooded " + flooded));
            for (Map.Entry<LogKind, List<PersistenceRecord>> other : others.entrySet()) {
                assertEquals(other.getValue(), other.getKey().read(backend, Query.all()),
                        kit.clause("retention: filling " + flooded + " never evicts " + other.getKey()));
            }
        });
    }

    /**
     * Tests the clause <em>retention: maxAge hides records older than now - maxAge on the injected clock; the cutoff itself stays</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxAge hides records older than now - maxAge on the injected clock; the cutoff itself stays")
    default void retentionByAge(LogKind log) {
        Fixture kit = kit();
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofSeconds(60));
        kit.withRetention(policy, backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minusSeconds(120)), log.record(1, t.minusSeconds(60)),
                    log.record(2, t.minusSeconds(59)), log.record(3, t), log.record(4, t.plusSeconds(30))));
            assertEquals(pick(records, 1, 2, 3, 4), log.read(backend, Query.all()),
                    kit.clause("retention: maxAge hides older " + log + "; one exactly at the cutoff stays"));
            assertEquals(policy.retain(records, kit.clock().now()), log.read(backend, Query.all()),
                    kit.clause("retention: reads agree with RetentionPolicy.retain"));
            kit.clock().advance(Duration.ofSeconds(1));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.all()),
                    kit.clause("retention: maxAge is evaluated at each read on the injected clock (advanced 1s, " + log + ")"));
            kit.clock().advance(Duration.ofSeconds(59));
            assertEquals(pick(records, 3, 4), log.read(backend, Query.all()),
                    kit.clause("retention: maxAge keeps the " + log + " record exactly at the new cutoff"));
            kit.clock().advance(Duration.ofSeconds(31));
            assertEquals(List.of(), log.read(backend, Query.all()),
                    kit.clause("retention: maxAge eventually hides every " + log + " record, future-stamped ones included"));
        });
    }

    /**
     * Tests the clause <em>retention: maxAge reads the injected clock, not the system clock</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxAge reads the injected clock, not the system clock")
    default void retentionByAgeUsesInjectedClock(LogKind log) {
        Fixture kit = kit();
        kit.clock().set(Instant.parse("2100-01-01T00:00:00Z"));
        kit.withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minus(Duration.ofHours(2))), log.record(1, t.minus(Duration.ofMinutes(30)))));
            assertEquals(pick(records, 1), log.read(backend, Query.all()),
                    kit.clause("retention: maxAge of " + log + " is measured on the injected clock (2100), not the system clock"));
            kit.clock().set(Instant.parse("2000-01-01T00:00:00Z"));
            assertEquals(records, log.read(backend, Query.all()),
                    kit.clause("retention: maxAge is logical and follows the injected clock even when it is set back ("
                            + log + ")"));
        });
    }

    /**
     * Tests the clause <em>retention: maxTotalBytes keeps the newest records whose sizes fit, the bound inclusive</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxTotalBytes keeps the newest records whose sizes fit, the bound inclusive")
    default void retentionBySize(LogKind log) {
        Fixture kit = kit();
        Instant t = kit.clock().now();
        List<PersistenceRecord> records = List.of(log.sized(0, t, 400), log.sized(1, t.plusSeconds(1), 300),
                log.sized(2, t.plusSeconds(2), 200), log.sized(3, t.plusSeconds(3), 100));
        Map<Long, List<PersistenceRecord>> expected = new LinkedHashMap<>();
        expected.put(300L, pick(records, 2, 3));        // 100 + 200 = 300 fits exactly
        expected.put(599L, pick(records, 2, 3));        // + 300 = 600 does not fit
        expected.put(600L, pick(records, 1, 2, 3));     // 600 fits exactly
        expected.put(1000L, records);                   // everything, exactly
        expected.put(5000L, records);                   // everything, with room to spare
        expected.put(99L, List.of());                   // not even the newest fits
        expected.put(100L, pick(records, 3));           // only the newest, exactly
        for (Map.Entry<Long, List<PersistenceRecord>> bound : expected.entrySet()) {
            RetentionPolicy policy = RetentionPolicy.none().withMaxTotalBytes(bound.getKey());
            kit.withRetention(policy, backend -> {
                appendAll(backend, log, records);
                assertEquals(bound.getValue(), log.read(backend, Query.all()),
                        kit.clause("retention: maxTotalBytes " + bound.getKey() + " over " + log
                                + " of 400, 300, 200, 100 bytes keeps the newest that fit"));
                assertEquals(policy.retain(records, kit.clock().now()), log.read(backend, Query.all()),
                        kit.clause("retention: reads agree with RetentionPolicy.retain"));
            });
        }
    }

    /**
     * Tests the clause <em>retention: maxTotalBytes stops at the first record that does not fit, even if an older one would</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxTotalBytes stops at the first record that does not fit, even if an older one would")
    default void retentionBySizeStopsAtFirstMisfit(LogKind log) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxTotalBytes(500), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(log.sized(0, t, 100),
                    log.sized(1, t.plusSeconds(1), 500), log.sized(2, t.plusSeconds(2), 200),
                    log.sized(3, t.plusSeconds(3), 200)));
            assertEquals(pick(records, 2, 3), log.read(backend, Query.all()),
                    kit.clause("retention: maxTotalBytes stops at the first " + log
                            + " record that does not fit (500 bytes); the older 100-byte one would fit but is not kept"));
        });
    }

    /**
     * Tests the clause <em>retention: maxTotalBytes applies to each log on its own</em>.
     *
     * @param flooded the log that is filled: each of the three in turn
     */
    @ParameterizedTest(name = "flooding {0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxTotalBytes applies to each log on its own")
    default void retentionBySizeIsPerLog(LogKind flooded) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxTotalBytes(1000), backend -> {
            Instant t = kit.clock().now();
            Map<LogKind, List<PersistenceRecord>> others = new EnumMap<>(LogKind.class);
            for (LogKind log : LogKind.values()) {
                if (log != flooded) {
                    others.put(log, appendAll(backend, log, List.of(log.sized(0, t, 400), log.sized(1, t, 400))));
                }
            }
            List<PersistenceRecord> flood = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                flood.add(flooded.sized(i, t.plusSeconds(i), 300));
            }
            appendAll(backend, flooded, flood);
            assertEquals(pick(flood, 7, 8, 9), flooded.read(backend, Query.all()),
                    kit.clause("retention: maxTotalBytes 1000 keeps the newest 3 of the 300-byte " + flooded));
            for (Map.Entry<LogKind, List<PersistenceRecord>> other : others.entrySet()) {
                assertEquals(other.getValue(), other.getKey().read(backend, Query.all()),
                        kit.clause("retention: filling " + flooded + " never evicts " + other.getKey() + " by size"));
            }
        });
    }

    /**
     * Tests the clause <em>retention: age applies before count</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: age applies before count")
    default void retentionAgeBeforeCount(LogKind log) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxRecords(2), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minus(Duration.ofMinutes(10))), log.record(1, t.minus(Duration.ofMinutes(5))),
                    log.record(2, t.minus(Duration.ofHours(2)))));
            assertEquals(pick(records, 0, 1), log.read(backend, Query.all()),
                    kit.clause("retention: age first, then count: the aged " + log + " record does not take one of the 2 places"));
        });
    }

    /**
     * Tests the clause <em>retention: age applies before size</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: age applies before size")
    default void retentionAgeBeforeSize(LogKind log) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxTotalBytes(300), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.sized(0, t.minus(Duration.ofMinutes(10)), 100), log.sized(1, t.minus(Duration.ofHours(2)), 500),
                    log.sized(2, t.minus(Duration.ofMinutes(5)), 100)));
            assertEquals(pick(records, 0, 2), log.read(backend, Query.all()),
                    kit.clause("retention: age first, then size: an aged 500-byte " + log
                            + " record does not stop the size walk"));
        });
    }

    /**
     * Tests the clause <em>retention: age, count and size together, in that order</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: age, count and size together, in that order")
    default void retentionCombined(LogKind log) {
        Fixture kit = kit();
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxRecords(4)
                .withMaxTotalBytes(600);
        kit.withRetention(policy, backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.sized(0, t.minus(Duration.ofMinutes(50)), 100),
                    log.sized(1, t.minus(Duration.ofHours(3)), 100),
                    log.sized(2, t.minus(Duration.ofMinutes(40)), 300),
                    log.sized(3, t.minus(Duration.ofMinutes(30)), 100),
                    log.sized(4, t.minus(Duration.ofHours(2)), 100),
                    log.sized(5, t.minus(Duration.ofMinutes(20)), 200),
                    log.sized(6, t.minus(Duration.ofMinutes(10)), 200)));
            // age: 0, 2, 3, 5, 6; count 4: 2, 3, 5, 6; size 600 from the newest: 200 + 200 + 100, then 300 does not fit.
            assertEquals(pick(records, 3, 5, 6), log.read(backend, Query.all()),
                    kit.clause("retention: age, then count, then size over " + log));
            assertEquals(policy.retain(records, kit.clock().now()), log.read(backend, Query.all()),
                    kit.clause("retention: reads agree with RetentionPolicy.retain"));
            kit.clock().advance(Duration.ofMinutes(35));
            // age: 5, 6 (cutoff t - 25min); count and size keep both.
            assertEquals(pick(records, 5, 6), log.read(backend, Query.all()),
                    kit.clause("retention: age, then count, then size over " + log + " after the clock moved 35 minutes"));
        });
    }

    /**
     * Tests the clause <em>retention: count and byte bounds beyond int and up to Long.MAX_VALUE - 1
     * keep what RetentionPolicy.retain keeps, never truncated</em>: a bound of 2^32 + 3 records cast
     * to int would keep 3.
     */
    @Test
    @DisplayName("retention: count and byte bounds beyond int and up to Long.MAX_VALUE - 1 keep what "
            + "RetentionPolicy.retain keeps, never truncated")
    default void retentionBoundsBeyondInt() {
        Fixture kit = kit();
        List<RetentionPolicy> policies = List.of(
                RetentionPolicy.none().withMaxRecords((1L << 32) + 3),
                RetentionPolicy.none().withMaxRecords(Integer.MAX_VALUE + 1L),
                RetentionPolicy.none().withMaxRecords(Long.MAX_VALUE - 1),
                RetentionPolicy.none().withMaxTotalBytes((1L << 32) + 100),
                RetentionPolicy.none().withMaxTotalBytes(Long.MAX_VALUE - 1),
                RetentionPolicy.none().withMaxRecords((1L << 32) + 3).withMaxTotalBytes(Long.MAX_VALUE - 1));
        for (RetentionPolicy policy : policies) {
            kit.withRetention(policy, backend -> {
                assertKeepsWhatRetainKeeps(backend, policy, kit.clock().now());
            });
        }
    }

    /**
     * Tests the clause <em>retention: the longest age bounds (up to Duration.ofSeconds(Long.MAX_VALUE,
     * 999_999_999), ChronoUnit.FOREVER) never throw and keep what RetentionPolicy.retain keeps, with
     * the clock anywhere from Instant.MIN to Instant.MAX</em>.
     */
    @Test
    @DisplayName("retention: the longest age bounds (up to ChronoUnit.FOREVER) never throw and keep what "
            + "RetentionPolicy.retain keeps, with the clock anywhere from Instant.MIN to Instant.MAX")
    default void retentionByAgeAtTheLongestDurations() {
        Fixture kit = kit();
        Instant start = kit.clock().now();
        List<Duration> ages = List.of(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), ChronoUnit.FOREVER.getDuration(),
                Duration.between(Instant.MIN, Instant.MAX), Duration.ofSeconds(Instant.MAX.getEpochSecond() + 1),
                Duration.ofDays(365L * 10_000));
        for (Duration age : ages) {
            RetentionPolicy policy = RetentionPolicy.none().withMaxAge(age);
            kit.withRetention(policy, backend -> {
                Map<LogKind, List<PersistenceRecord>> records =
                        assertKeepsWhatRetainKeeps(backend, policy, start.minus(Duration.ofDays(365L * 2_000)));
                for (Instant now : List.of(Instant.MAX, Instant.MIN, start.plus(Duration.ofDays(365L * 5_000)))) {
                    kit.clock().set(now);
                    for (LogKind log : LogKind.values()) {
                        assertEquals(policy.retain(records.get(log), now), log.read(backend, Query.all()),
                                kit.clause("retention: maxAge " + age + " with the clock at " + now
                                        + " keeps what RetentionPolicy.retain keeps of " + log));
                    }
                }
                kit.clock().set(start);
            });
        }
    }

    /**
     * Appends 5 records to each log, stamped from {@code first} a day apart, asserts that every one
     * reads back, as {@code policy} (which keeps them all) says, and returns them by log.
     */
    private Map<LogKind, List<PersistenceRecord>> assertKeepsWhatRetainKeeps(PersistenceBackend backend,
                                                                           RetentionPolicy policy, Instant first) {
        Fixture kit = kit();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, 5, first, Duration.ofDays(1)));
        }
        for (LogKind log : LogKind.values()) {
            List<PersistenceRecord> all = records.get(log);
            assertEquals(policy.retain(all, kit.clock().now()), log.read(backend, Query.all()),
                    kit.clause("retention: " + policy + " keeps what RetentionPolicy.retain keeps of " + log));
            assertEquals(all, log.read(backend, Query.all()),
                    kit.clause("retention: " + policy + " keeps every one of 5 " + log + ", nothing truncated"));
            assertEquals(pick(all, 3, 4), log.read(backend, Query.latest(2)),
                    kit.clause("retention: " + policy + " then limit 2 keeps the newest 2 " + log));
        }
        return records;
    }

    /**
     * Tests the clause <em>retention: applies before since and limit</em>.
     *
     * @param log the log under test: each of the three in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: applies before since and limit")
    default void retentionBeforeQuery(LogKind log) {
        Fixture kit = kit();
        kit.withRetention(RetentionPolicy.none().withMaxRecords(3), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendSeries(backend, log, 5, t, Duration.ofSeconds(1));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.latest(5)),
                    kit.clause("retention: a limit above maxRecords does not revive hidden " + log));
            assertEquals(pick(records, 3, 4), log.read(backend, Query.latest(2)),
                    kit.clause("retention: limit applies to the retained " + log));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t)),
                    kit.clause("retention: since before the retained " + log + " does not revive hidden ones"));
            assertEquals(pick(records, 3, 4), log.read(backend, Query.since(t.plusSeconds(3))),
                    kit.clause("retention: since applies to the retained " + log));
            assertEquals(pick(records, 4), log.read(backend, Query.since(t).withLimit(1)),
                    kit.clause("retention: since and limit apply to the retained " + log));
        });
        kit.withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), backend -> {
            Instant t = kit.clock().now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minus(Duration.ofHours(2))), log.record(1, t.minus(Duration.ofMinutes(30)))));
            assertEquals(pick(records, 1), log.read(backend, Query.since(t.minus(Duration.ofHours(3)))),
                    kit.clause("retention: since before the age cutoff does not revive aged " + log));
            assertEquals(pick(records, 1), log.read(backend, Query.latest(2)),
                    kit.clause("retention: limit does not revive aged " + log));
        });
    }
}
