package io.papyra.persistence.junit;

import io.papyra.persistence.PersistenceBackend;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs the {@link Samples} through the JUnit Platform's EngineTestKit and checks what happened. */
class PersistenceExtensionTest {

    @BeforeEach
    void reset() {
        Samples.reset();
    }

    private static EngineExecutionResults run(Class<?> sample, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(sample))
                .execute();
    }

    private static EngineExecutionResults run(Class<?> sample) {
        return run(sample, Map.of());
    }

    /** The throwable of each failed event, by the test's method name. */
    private static Map<String, Throwable> failures(Events events) {
        return events.failed().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName().replaceAll("\\(.*", ""),
                PersistenceExtensionTest::throwable));
    }

    private static Throwable throwable(Event event) {
        return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static Set<PersistenceBackend> distinct(Iterable<? extends PersistenceBackend> backends) {
        Set<PersistenceBackend> set = Collections.newSetFromMap(new IdentityHashMap<>());
        backends.forEach(set::add);
        return set;
    }

    @Test
    void injectsOneFreshBackendAndClockPerTestAndClosesItAfterwards() {
        EngineExecutionResults results = run(Samples.Passing.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3).failed(0).aborted(0));
        assertEquals(3, Samples.BACKENDS.size());
        assertEquals(3, distinct(Samples.BACKENDS).size(), "each test has its own backend");
        assertEquals(2, Samples.CLOCKS.size());
        assertEquals(2, distinctClocks(), "each test has its own clock");
        Samples.BACKENDS.forEach(backend -> assertTrue(backend.isClosed(), "closed after the test: " + backend));
    }

    private static int distinctClocks() {
        Set<ManualClock> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(Samples.CLOCKS);
        return set.size();
    }

    @Test
    void closesTheBackendAfterAFailingTest() {
        EngineExecutionResults results = run(Samples.Failing.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(0).failed(2));
        assertEquals(2, distinct(Samples.BACKENDS).size());
        Samples.BACKENDS.forEach(backend -> assertTrue(backend.isClosed(), "closed after a failed test: " + backend));
    }

    @Test
    void assertionFailureSaysWhatWasExpectedAndWhatWasRecorded() {
        Map<String, Throwable> failures = failures(run(Samples.Failing.class).testEvents());

        Throwable failure = failures.get("expectsAnEventThatWasNotRecorded");
        assertInstanceOf(AssertionFailedError.class, failure);
        assertEquals("Expected an event ActorStarted for actor local://1, but none was recorded. "
                        + "1 event was recorded:\n  2026-01-01T00:00:00Z local://2 ActorStarted {\"class\":\"Worker\"}",
                failure.getMessage());
        assertEquals("boom", failures.get("throwsSomethingElse").getMessage(), "the test's own failure is kept");
    }

    @Test
    void retentionComesFromTheNearestAnnotation() {
        EngineExecutionResults results = run(Samples.ClassRetention.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3).failed(0));
        assertEquals(3, distinct(Samples.BACKENDS).size());
    }

    @Test
    void constructorInjectionIsRefusedWithWhereToInjectInstead() {
        EngineExecutionResults results = run(Samples.ConstructorInjection.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = failures(results.testEvents()).get("never");
        assertInstanceOf(ParameterResolutionException.class, failure);
        assertTrue(failure.getMessage().contains("PersistenceExtension cannot inject a PersistenceBackend into"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("declare the parameter on the test method or on a @BeforeEach or"
                + " @AfterEach method"), failure.getMessage());
        assertTrue(Samples.BACKENDS.isEmpty());
    }

    @Test
    void beforeAllInjectionIsRefusedWithWhereToInjectInstead() {
        EngineExecutionResults results = run(Samples.BeforeAllInjection.class);

        List<Throwable> failures = results.containerEvents().failed().stream()
                .map(PersistenceExtensionTest::throwable).collect(Collectors.toList());
        assertEquals(1, failures.size(), "the class fails once: " + failures);
        assertInstanceOf(ParameterResolutionException.class, failures.get(0));
        assertTrue(failures.get(0).getMessage().contains("cannot inject a ManualClock into static void"),
                failures.get(0).getMessage());
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertTrue(Samples.CLOCKS.isEmpty());
    }

    @Test
    void invalidRetentionNamesTheAttributeTheValueAndWhatIsAllowed() {
        EngineExecutionResults results = run(Samples.BadRetention.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        Map<String, Throwable> failures = failures(results.testEvents());
        assertCause(failures.get("zeroRecords"), "@WithRetention(maxRecords = 0) on ",
                "maxRecords must be positive, or left out for no bound");
        assertCause(failures.get("unparsableAge"), "@WithRetention(maxAge = \"1 hour\") on ",
                "maxAge must be an ISO-8601 duration such as \"PT1H\"");
        assertCause(failures.get("negativeAge"), "@WithRetention(maxAge = \"-PT1H\") on ", "maxAge must be positive");
        assertTrue(Samples.BACKENDS.isEmpty(), "no test ran with a backend");
    }

    /** JUnit wraps what a resolver throws in a ParameterResolutionException; the cause carries our message. */
    private static void assertCause(Throwable failure, String... fragments) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof ExtensionConfigurationException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(ExtensionConfigurationException.class, cause, "cause of " + failure);
        for (String fragment : fragments) {
            assertTrue(cause.getMessage().contains(fragment), cause.getMessage());
        }
        assertTrue(failure.getMessage().contains(fragments[fragments.length - 1]),
                "the reported failure carries the message: " + failure.getMessage());
    }

    @Test
    void parallelTestsEachHaveTheirOwnBackendAndClock() {
        Samples.Parallel.barrier = new CyclicBarrier(Samples.Parallel.TESTS);
        EngineExecutionResults results = run(Samples.Parallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(Samples.Parallel.TESTS)));

        results.testEvents().assertStatistics(stats -> stats.started(Samples.Parallel.TESTS)
                .succeeded(Samples.Parallel.TESTS).failed(0));
        assertEquals(Samples.Parallel.TESTS, distinct(Samples.BACKENDS).size());
        assertEquals(Samples.Parallel.TESTS, distinctClocks());
        Samples.BACKENDS.forEach(backend -> assertTrue(backend.isClosed()));
    }
}
