package io.papyra.persistence.tck;

import io.papyra.persistence.tck.BrokenBackends.Kit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Tests the kit itself, through the JUnit Platform's {@link EngineTestKit}. A kit that a broken
 * backend can pass is worse than none, so:
 * <ul>
 *   <li>against a backend that does nothing, every test of the kit must fail, none skipped or aborted;</li>
 *   <li>against each backend of a matrix of deliberately broken ones, the tests named for its defect
 *       must fail, and every failure must name the backend and the clause it breaks;</li>
 *   <li>against the reference backend, with every capability and with none, every test passes.</li>
 * </ul>
 */
class KitSelfTest {

    /** Runs of the kit's counter test against a plain counter, by default. */
    private static final int COUNTER_RUNS = 10;
    /** Appends per writer of the counter test when the self-test runs a whole kit. */
    private static final String TABLE_COUNTED_APPENDS = "20000";
    /** The system property that sets another number of runs. */
    private static final String COUNTER_RUNS_SETTING = "papyra.selftest.counterRuns";
    /** After this long, the repeated runs stop with what they have. */
    private static final Duration COUNTER_BUDGET = Duration.ofMinutes(10);

    /** What every failure message looks like: {@code [BackendClass] area: clause...}. */
    private static final Pattern NAMED_FAILURE = Pattern.compile("^\\[([^\\]]+)\\] ([a-z+/ ]+): \\S.*", Pattern.DOTALL);

    /** A broken backend, and the kit tests that must fail against it: method names, or {@code method[invocation]}. */
    record Broken(String defect, Class<? extends Kit> kit, List<String> mustFail) {
        @Override
        public String toString() {
            return kit.getSimpleName() + ": " + defect;
        }
    }

    private static Broken broken(String defect, Class<? extends Kit> kit, String... mustFail) {
        return new Broken(defect, kit, List.of(mustFail));
    }

    static Stream<Broken> brokenBackends() {
        String model = "randomSequencesAgreeWithModel";
        return Stream.of(
                // The twelve defects of the issue.
                broken("a limit returns one record too many", BrokenBackends.LimitOffByOne.class,
                        "limitZero", "limitOne", "limitBelowSize", "limitAppliesAfterSince", model),
                broken("since is exclusive", BrokenBackends.SinceExclusive.class,
                        "sinceBoundaries", "sinceWithEqualTimestamps", model),
                broken("age retention reads the system clock", BrokenBackends.UsesSystemClock.class,
                        "retentionByAge", "retentionByAgeUsesInjectedClock", "compactionByAge", model),
                broken("retention is counted across the three logs", BrokenBackends.RetentionAcrossLogs.class,
                        "retentionByCountIsPerLog", "retentionBySizeIsPerLog", model),
                broken("byte retention is ignored", BrokenBackends.IgnoresByteRetention.class,
                        "retentionBySize", "retentionBySizeStopsAtFirstMisfit", "retentionBySizeIsPerLog",
                        "compactionBySize", "declaredCapabilitiesAreImplemented", model),
                broken("compaction drops the newest record", BrokenBackends.CompactionDropsNewest.class,
                        "compactionWithoutPolicy", "compactionByCount", "compactionByAge", "compactionBySize", model),
                broken("the scans counter is never incremented", BrokenBackends.ScansNeverCounted.class,
                        "scanOfNewBackend", "scanOfBackendWithRecords", "startupScanOnly", "startupFailOnAnomaly",
                        "startupRecover", "declaredCapabilitiesAreImplemented", model),
                broken("a read returns a live view", BrokenBackends.LiveReads.class,
                        "readsAreSnapshots[dead letters]", model),
                broken("reads return the newest first", BrokenBackends.ReverseOrder.class,
                        "recordsReadBackInInsertionOrder", "insertionOrderIsNotTimestampOrder", "limitBelowSize",
                        "sinceWithTimestampsOutOfOrder", model),
                broken("a second close() throws", BrokenBackends.CloseNotIdempotent.class,
                        "closeIsIdempotent", "closeRacingWithWriters", model),
                broken("writes dropped after close are not counted (defect of the Python original)",
                        BrokenBackends.SilentDrop.class,
                        "appendsAfterCloseAreDropped", "recordsDroppedCountsAppendsAfterClose", "resetZeroesDropped",
                        "closeRacingWithWriters", model),
                broken("concurrent appends lose one record in a thousand", BrokenBackends.LosesConcurrentAppends.class,
                        "concurrentWritersLoseNothing", "concurrentReadsSeePrefixes", "closeRacingWithWriters"),
                // More retention defects.
                broken("retention is ignored on reads (defect of the Python original)", BrokenBackends.IgnoresRetention.class,
                        "retentionByCount", "retentionByAge", "retentionBySize", "retentionCombined", model),
                broken("count applies before age", BrokenBackends.CountBeforeAge.class,
                        "retentionAgeBeforeCount", model),
                broken("size applies before age", BrokenBackends.SizeBeforeAge.class,
                        "retentionAgeBeforeSize", model),
                broken("size retention keeps older records that fit after one that did not",
                        BrokenBackends.SizeSkipsMisfits.class, "retentionBySizeStopsAtFirstMisfit", model),
                broken("size retention counts UTF-16 chars, not the API's sizeInBytes()",
                        BrokenBackends.SizeCountsChars.class, model),
                broken("the record exactly at the age cutoff is hidden", BrokenBackends.AgeCutoffExclusive.class,
                        "retentionByAge", model),
                broken("retention() reports no policy", BrokenBackends.ReportsNoRetention.class,
                        "retentionIsTheConfiguredPolicy", model),
                broken("retention bounds without their capability are accepted and ignored",
                        BrokenBackends.AcceptsUnsupportedRetention.class,
                        "retentionByCount", "retentionIsTheConfiguredPolicy", "declaredCapabilitiesAreImplemented"),
                // More query defects.
                broken("a limit returns the oldest records", BrokenBackends.LimitTakesOldest.class,
                        "limitOne", "limitBelowSize", model),
                broken("limit applies before since", BrokenBackends.LimitBeforeSince.class,
                        "sinceWithTimestampsOutOfOrder", model),
                broken("reads are in timestamp order", BrokenBackends.TimestampOrder.class,
                        "insertionOrderIsNotTimestampOrder", "sinceWithTimestampsOutOfOrder", model),
                broken("reads return mutable lists", BrokenBackends.MutableReads.class, "readsAreImmutable[audits]"),
                broken("a null query means Query.all()", BrokenBackends.NullQueryMeansAll.class,
                        "nullQueryIsRefused[events]"),
                // More append and close defects.
                broken("equal records are de-duplicated", BrokenBackends.Deduplicates.class,
                        "equalRecordsAreBothKept[events]", model),
                broken("an append after close is counted as written too", BrokenBackends.DropCountedAsWritten.class,
                        "appendsAfterCloseAreDropped[events]", "recordsDroppedCountsAppendsAfterClose",
                        "closeRacingWithWriters", model),
                broken("reset() keeps records_dropped (defect of the Python original)",
                        BrokenBackends.ResetKeepsDropped.class, "resetZeroesDropped", model),
                broken("an append after close throws", BrokenBackends.ThrowsAfterClose.class,
                        "appendsAfterCloseAreDropped[audits]", "recordsDroppedCountsAppendsAfterClose", model),
                broken("a null record after close counts as dropped", BrokenBackends.NullAfterCloseDropped.class,
                        "nullAppendAfterCloseIsRefused[events]"),
                broken("reads under concurrent appends are not prefixes", BrokenBackends.TornConcurrentReads.class,
                        "concurrentReadsSeePrefixes", "concurrentWritersLoseNothing"),
                // Capability, metrics and maintenance defects.
                broken("the capability set is modifiable", BrokenBackends.MutableCapabilities.class,
                        "capabilitiesAreStableAndUnmodifiable"),
                broken("SCAN is declared but scan() refuses", BrokenBackends.ClaimsScanWithout.class,
                        "scanOfNewBackend", "declaredCapabilitiesAreImplemented", model),
                broken("compact() works although COMPACTION is not declared", BrokenBackends.CompactsUndeclared.class,
                        "declaredCapabilitiesAreImplemented", "compactionWithoutPolicy"),
                broken("DURABILITY is declared but a reopened backend is empty", BrokenBackends.ClaimsDurability.class,
                        "durabilityAsDeclared"),
                broken("a refused compact() empties the events first", BrokenBackends.RefusalChangesLog.class,
                        "compactionWithoutPolicy", "declaredCapabilitiesAreImplemented"),
                broken("a refused compact() counts an error", BrokenBackends.RefusalCounts.class,
                        "compactionWithoutPolicy", "declaredCapabilitiesAreImplemented"),
                broken("compact() removes nothing", BrokenBackends.CompactionIsNoOp.class,
                        "compactionByCount", "compactionByAge", "compactionBySize", model),
                broken("compact() applies age retention on the system clock",
                        BrokenBackends.CompactionUsesSystemClock.class, "compactionByAge", model),
                broken("recover() counts a scan", BrokenBackends.RecoverCountsScan.class,
                        "recoveryOfHealthyBackend", "startupRecover", model),
                broken("a new backend has scanned already", BrokenBackends.ScansOnOpen.class,
                        "newBackendIsOpenAndEmpty", model),
                broken("scan reports name another backend", BrokenBackends.ReportNamesOtherBackend.class,
                        "scanOfNewBackend"),
                // Defects at scale (issue 7).
                broken("a count bound kept in an int (2^32 + 3 keeps 3)", BrokenBackends.TruncatedCountBound.class,
                        "retentionBoundsBeyondInt", "compactionAtTheLargestBounds", model),
                broken("a byte bound kept in an int (2^32 + 100 keeps 100 bytes)", BrokenBackends.TruncatedByteBound.class,
                        "retentionBoundsBeyondInt", "compactionAtTheLargestBounds", model),
                broken("an age bound beyond the range of Instant throws", BrokenBackends.AgeThrowsAtHugeDurations.class,
                        "retentionByAgeAtTheLongestDurations", "compactionAtTheLargestBounds", model),
                broken("a query limit read as an int (2^32 + 1 returns one record)", BrokenBackends.LimitCastToInt.class,
                        "limitBeyondInt", model),
                // Insertion order between threads (issue 7); the plain counter is checked run after run below.
                broken("reads keep each thread's order but not the order between threads",
                        BrokenBackends.CrossThreadOrder.class, "appendsHandedBetweenThreadsKeepInsertionOrder", model));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBackends")
    @DisplayName("self-test: the kit fails a broken backend in the tests named for its defect, naming backend and clause")
    void kitFailsBrokenBackend(Broken broken, TestReporter reporter) {
        Events tests = run(broken.kit());
        assertEquals(0, tests.skipped().count() + tests.aborted().count(),
                "the kit skipped or aborted tests of " + broken);
        assertFailuresNameBackendAndClause(broken.kit(), tests);
        Set<String> failed = tests.failed().stream().map(KitSelfTest::key).collect(Collectors.toCollection(TreeSet::new));
        // In the test report (target/surefire-reports), not on the console: which tests caught it.
        reporter.publishEntry("failed", summarize(failed));
        List<String> missed = new ArrayList<>();
        for (String name : broken.mustFail()) {
            boolean caught = failed.stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "["));
            if (!caught) {
                missed.add(name);
            }
        }
        assertEquals(List.of(), missed, "tests that should have caught " + broken + " but passed; failed were " + failed);
    }

    /**
     * Against a records_written kept in a plain {@code long}, the kit's counter test (with its default
     * number of appends) must fail run after run: a lost update is a race, so one run proves little,
     * and no number of appends makes it certain on a loaded machine, where two writers seldom run at
     * the same instant. {@value #COUNTER_RUNS} runs by default, of which at least one must catch it:
     * a weak bound, chosen so that this test does not fail by chance at the rates measured on a
     * loaded 2-core machine (see TCK.md), which are printed and published with each run;
     * {@code -D}{@value #COUNTER_RUNS_SETTING} sets another number (100 to measure the rate). Each run
     * is bounded by the kit's own time-outs, and the loop stops early, with what it has, after
     * {@link #COUNTER_BUDGET}.
     */
    @Test
    @DisplayName("self-test: the kit catches a records_written kept in a plain long, run after run")
    void kitCatchesAPlainCounterRepeatedly(TestReporter reporter) {
        int runs = Integer.getInteger(COUNTER_RUNS_SETTING, COUNTER_RUNS);
        long deadline = System.nanoTime() + COUNTER_BUDGET.toNanos();
        int done = 0;
        int caught = 0;
        while (done < runs && (done == 0 || System.nanoTime() < deadline)) {
            Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(
                    BrokenBackends.PlainRecordsWrittenCounter.class, "concurrentAppendsAreCountedExactly"))
                    .execute().testEvents();
            assertEquals(1, tests.started().count(), "the counter test ran");
            assertEquals(0, tests.skipped().count() + tests.aborted().count(), "the counter test was not skipped");
            assertFailuresNameBackendAndClause(BrokenBackends.PlainRecordsWrittenCounter.class, tests);
            caught += (int) tests.failed().count();
            done++;
        }
        String rate = "the kit caught a plain records_written counter in " + caught + " of " + done + " runs";
        reporter.publishEntry("plain counter", rate);
        System.out.println("KitSelfTest: " + rate);
        assertTrue(caught > 0, rate);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {BrokenBackends.DoesNothing.class, BrokenBackends.StoresNothing.class})
    @DisplayName("self-test: against a backend that does nothing, every test of the kit fails; none is skipped or aborted")
    void kitFailsEveryTestOfABackendThatDoesNothing(Class<? extends Kit> kit) {
        Events tests = run(kit);
        List<String> passed = tests.succeeded().stream().map(KitSelfTest::key).collect(Collectors.toList());
        assertEquals(List.of(), passed, "tests that a backend that does nothing passes");
        assertEquals(0, tests.skipped().count(), "skipped tests");
        assertEquals(0, tests.aborted().count(), "aborted tests");
        assertEquals(tests.started().count(), tests.failed().count(), "every test started fails");
        assertTrue(tests.started().count() > 100, "the kit ran its tests, started " + tests.started().count());
        assertFailuresNameBackendAndClause(kit, tests);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {ReferenceBackendTckTest.class, MinimalReferenceBackendTckTest.class,
            DurableReferenceBackendTckTest.class})
    @DisplayName("self-test: the kit passes the reference backend with no test skipped, aborted or failed")
    void kitPassesReferenceBackend(Class<? extends PersistenceBackendTck> kit) {
        Events tests = run(kit);
        List<String> failures = tests.failed().stream()
                .map(event -> key(event) + ": " + throwable(event)).collect(Collectors.toList());
        assertEquals(List.of(), failures, "failures of the reference backend");
        assertEquals(0, tests.skipped().count(), "skipped (or @Disabled) tests");
        assertEquals(0, tests.aborted().count(), "aborted tests (assumptions)");
        assertEquals(tests.started().count(), tests.succeeded().count(), "every test started succeeds");
        assertTrue(tests.started().count() > 100, "the kit ran its tests, started " + tests.started().count());
    }

    @Test
    @DisplayName("self-test: a failure of the model test names a seed that replays alone and fails the same way")
    void modelFailureReplaysBySeed() {
        String first = modelFailure(EngineTestKit.engine("junit-jupiter"));
        Matcher replay = Pattern.compile("-D" + Pattern.quote(PersistenceBackendTck.SEED_SETTING) + "=(-?\\d+)")
                .matcher(first);
        assertTrue(replay.find(), "the failure names a seed to replay: " + first);
        String again = modelFailure(EngineTestKit.engine("junit-jupiter")
                .configurationParameter(PersistenceBackendTck.SEED_SETTING, replay.group(1)));
        assertTrue(again.contains("the replayed seed"), "the replay ran only the seed: " + again);
        assertEquals(first.substring(first.indexOf("\n  retention ")), again.substring(again.indexOf("\n  retention ")),
                "the replay fails with the same shortest sequence");
    }

    /** The failure message of the model test against a backend whose since is exclusive. */
    private static String modelFailure(EngineTestKit.Builder engine) {
        List<Event> failed = engine.selectors(selectMethod(BrokenBackends.SinceExclusive.class,
                "randomSequencesAgreeWithModel")).execute().testEvents().failed().list();
        assertEquals(1, failed.size(), "the model test fails against a backend whose since is exclusive");
        return throwable(failed.get(0)).getMessage();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Runs a whole kit. Its counter test makes {@link #TABLE_COUNTED_APPENDS} appends per writer
     * rather than millions: none of these backends has a counter that loses updates (the one that
     * does is run on its own, repeatedly, with the kit's default), and they are many.
     */
    private static Events run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit))
                .configurationParameter(PersistenceBackendTck.COUNTED_APPENDS_SETTING, TABLE_COUNTED_APPENDS)
                .execute().testEvents();
    }

    /** Every failure starts with {@code [name]} of a backend the kit created (or of the kit class) and a clause. */
    private static void assertFailuresNameBackendAndClause(Class<? extends Kit> kit, Events tests) {
        Set<String> names = new TreeSet<>(Kit.CREATED.getOrDefault(kit, Set.of()));
        names.add(kit.getSimpleName());
        List<String> unnamed = new ArrayList<>();
        for (Event event : tests.failed().list()) {
            Throwable thrown = throwable(event);
            String message = thrown == null ? null : thrown.getMessage();
            Matcher matcher = message == null ? null : NAMED_FAILURE.matcher(message);
            if (!(thrown instanceof AssertionError) || matcher == null || !matcher.matches()
                    || !names.contains(matcher.group(1))) {
                unnamed.add(key(event) + ": " + thrown);
            }
        }
        assertEquals(List.of(), unnamed, "failures must be assertion errors that start with [one of " + names
                + "] and a clause 'area: ...'");
    }

    private static Throwable throwable(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElse(null);
    }

    /** {@code method} for a test, {@code method[invocation]} for an invocation of a parameterized test. */
    private static String key(Event event) {
        TestDescriptor descriptor = event.getTestDescriptor();
        String method = descriptor.getSource()
                .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(source -> ((org.junit.platform.engine.support.descriptor.MethodSource) source).getMethodName())
                .orElse(descriptor.getDisplayName());
        boolean invocation = "test-template-invocation".equals(descriptor.getUniqueId().getLastSegment().getType());
        return invocation ? method + "[" + descriptor.getDisplayName() + "]" : method;
    }

    /** Failed tests grouped by method: {@code method} or {@code method[a, b]}. */
    private static String summarize(Set<String> failed) {
        Map<String, List<String>> byMethod = new LinkedHashMap<>();
        for (String key : failed) {
            int bracket = key.indexOf('[');
            String method = bracket < 0 ? key : key.substring(0, bracket);
            List<String> invocations = byMethod.computeIfAbsent(method, k -> new ArrayList<>());
            if (bracket >= 0) {
                invocations.add(key.substring(bracket + 1, key.length() - 1));
            }
        }
        return byMethod.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
