package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one test of the kit works with: the clock it moves, the backends it opened (closed after the
 * test), the capabilities of the backend under test, the name that failures start with, the kit's
 * settings, and the helpers that the contracts share. {@link KitExtension} creates one for each test
 * of a {@link PersistenceBackendTck}, before the test's {@code @BeforeEach} methods run; the contracts
 * reach it with {@link #of(Object)}.
 *
 * <p>Not thread-safe: used by the test's own thread. The concurrency tests hand their threads only
 * the backend and what {@link #clause(String)} returns.
 */
final class Fixture {

    /** Bound on each wait of the concurrency tests: generous, since a correct backend takes milliseconds. */
    static final Duration CONCURRENCY_TIMEOUT = Duration.ofSeconds(60);
    /** Writers of the concurrency tests. */
    static final int WRITERS = 4;
    /** Records each writer of the concurrency tests appends to each log. */
    static final int RECORDS_PER_WRITER = 400;
    /**
     * The threads that the hand-off test appends on, one after another in this order (each letter a
     * thread): every change of thread is an append that returned before the next started.
     */
    static final String HAND_OFF_ORDER = "ABAABBBACACCBCAABCBACBBAACCABAACBA";
    /** The threads of {@link #HAND_OFF_ORDER}. */
    static final String HAND_OFF_THREADS = "ABC";

    private final PersistenceBackendTck kit;
    private final Function<String, Optional<String>> settings;
    private final ManualClock clock = new ManualClock();
    private final List<PersistenceBackend> opened = new ArrayList<>();
    private Set<Capability> probedCapabilities;
    private String backendName;

    Fixture(PersistenceBackendTck kit, Function<String, Optional<String>> settings) {
        this.kit = kit;
        this.settings = settings;
        this.backendName = kit.getClass().getSimpleName();
    }

    /** Returns the fixture of the test that {@code contract}, a {@link PersistenceBackendTck}, is running. */
    static Fixture of(Object contract) {
        return ((PersistenceBackendTck) contract).fixture();
    }

    /** The clock of every backend of this test. */
    ManualClock clock() {
        return clock;
    }

    /** Reads a setting of the kit ({@code papyra.tck.*}). */
    Optional<String> setting(String key) {
        return settings.apply(key);
    }

    /**
     * The appends that each writer of {@link ConcurrencyContract#concurrentAppendsAreCountedExactly()}
     * makes: {@link PersistenceBackendTck#COUNTED_APPENDS_SETTING}, or
     * {@link PersistenceBackendTck#DEFAULT_COUNTED_APPENDS}.
     *
     * @throws IllegalArgumentException if the setting is not a positive number
     */
    int countedAppends() {
        String key = PersistenceBackendTck.COUNTED_APPENDS_SETTING;
        return setting(key).map(String::trim).map(value -> {
            try {
                int appends = Integer.parseInt(value);
                if (appends > 0) {
                    return appends;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a positive number of appends, was " + value, e);
            }
            throw new IllegalArgumentException(key + " must be a positive number of appends, was " + value);
        }).orElse(PersistenceBackendTck.DEFAULT_COUNTED_APPENDS);
    }

    /** The name that failures start with: the simple name of the backend class under test. */
    String backendName() {
        return backendName;
    }

    /** Prefixes a contract clause with the backend's name, for assertion messages. */
    String clause(String text) {
        return "[" + backendName + "] " + text;
    }

    // ---------------------------------------------------------------- backends

    /** Opens a backend without retention. */
    PersistenceBackend open() {
        return open(RetentionPolicy.none());
    }

    /** Opens a backend with {@code policy}, which the caller knows the backend supports. */
    PersistenceBackend open(RetentionPolicy policy) {
        PersistenceBackend backend = createBackend(TckContext.of(clock, policy));
        assertNotNull(backend, clause("factory: createBackend must return a backend, not null"));
        return backend;
    }

    /** Calls the kit's factory; the backend it returns, if any, is closed after the test. */
    PersistenceBackend createBackend(TckContext context) {
        PersistenceBackend backend = kit.createBackend(context);
        adopt(backend);
        return backend;
    }

    /**
     * Calls the kit's factory for a backend that the caller closes itself (the model test's, which
     * it closes after each sequence), and names failures after its class.
     */
    PersistenceBackend createUnadopted(TckContext context) {
        PersistenceBackend backend = kit.createBackend(context);
        noteName(backend);
        return backend;
    }

    /** Calls the kit's {@code reopenBackend}; the backend it returns, if any, is closed after the test. */
    PersistenceBackend reopenBackend(TckContext context, PersistenceBackend closed) {
        PersistenceBackend backend = kit.reopenBackend(context, closed);
        adopt(backend);
        return backend;
    }

    /** Closes {@code backend} after the test, and names failures after its class; ignores null. */
    void adopt(PersistenceBackend backend) {
        if (backend != null) {
            opened.add(backend);
            noteName(backend);
        }
    }

    /** Remembers the class of the backend under test, for failure messages. */
    void noteName(PersistenceBackend backend) {
        if (backend != null) {
            String simple = backend.getClass().getSimpleName();
            backendName = simple.isEmpty() ? backend.getClass().getName() : simple;
        }
    }

    /** Closes every backend this test opened; the first failure, with the others suppressed, is thrown. */
    void closeAll() {
        AssertionError failure = null;
        for (PersistenceBackend backend : opened) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new AssertionError(clause("close: close() must not throw"), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** The capabilities of the backend under test, read once per test from a probe backend. */
    Set<Capability> capabilities() {
        if (probedCapabilities == null) {
            Set<Capability> capabilities = open().capabilities();
            assertNotNull(capabilities, clause("capabilities: capabilities() must not return null"));
            probedCapabilities = EnumSet.noneOf(Capability.class);
            probedCapabilities.addAll(capabilities);
        }
        return probedCapabilities;
    }

    // ---------------------------------------------------------------- capability-dependent paths

    /**
     * Runs {@code test} against a backend with {@code policy}; or, when the backend lacks a
     * capability that the policy needs, asserts that the factory refuses the policy.
     */
    void withRetention(RetentionPolicy policy, Consumer<PersistenceBackend> test) {
        Set<Capability> missing = missingFor(policy);
        if (missing.isEmpty()) {
            test.accept(open(policy));
            return;
        }
        assertThrows(IllegalArgumentException.class, () -> createBackend(TckContext.of(clock, policy)),
                clause("capabilities: a backend without " + missing + " must refuse " + policy
                        + " with IllegalArgumentException when it is created"));
        assertKeepsEverything(open(), "capabilities: without " + missing + ", a backend without that bound keeps "
                + "every record");
    }

    /** The retention capabilities that {@code policy} needs and the backend under test lacks. */
    Set<Capability> missingFor(RetentionPolicy policy) {
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        if (policy.hasMaxRecords() && !capabilities().contains(Capability.RETENTION_MAX_RECORDS)) {
            missing.add(Capability.RETENTION_MAX_RECORDS);
        }
        if (policy.hasMaxAge() && !capabilities().contains(Capability.RETENTION_MAX_AGE)) {
            missing.add(Capability.RETENTION_MAX_AGE);
        }
        if (policy.hasMaxTotalBytes() && !capabilities().contains(Capability.RETENTION_MAX_TOTAL_BYTES)) {
            missing.add(Capability.RETENTION_MAX_TOTAL_BYTES);
        }
        return missing;
    }

    /**
     * Appends three records to each log of {@code backend}, an unbounded backend, and asserts that
     * every one reads back; what the refusal paths check, so that no test passes vacuously.
     */
    void assertKeepsEverything(PersistenceBackend backend, String what) {
        Map<LogKind, List<PersistenceRecord>> expected = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            expected.put(log, appendSeries(backend, log, 3, clock.now(), Duration.ofSeconds(1)));
        }
        assertEquals(expected, contents(backend, Query.all()), clause(what));
    }

    /**
     * Returns true if {@code backend} supports {@code capability}; otherwise asserts that
     * {@code operation} throws UnsupportedOperationException and changes nothing, and returns false.
     * {@code expected} is what the logs hold before the call, which is asserted first, so that a
     * backend that stores nothing cannot pass the refusal path.
     */
    boolean supportsOrRefuses(PersistenceBackend backend, Capability capability, String operation,
                              Map<LogKind, List<PersistenceRecord>> expected, Executable call) {
        Map<LogKind, List<PersistenceRecord>> before = contents(backend, Query.all());
        assertEquals(expected, before, clause(operation + ": before it, the backend holds what was appended"));
        if (backend.capabilities().contains(capability)) {
            return true;
        }
        MetricsSnapshot countersBefore = backend.metrics().snapshot();
        assertThrows(UnsupportedOperationException.class, call, clause(operation + " without capability "
                + capability + " throws UnsupportedOperationException"));
        assertEquals(before, contents(backend, Query.all()), clause(operation + " without capability "
                + capability + " changes no log"));
        assertEquals(countersBefore, backend.metrics().snapshot(), clause(operation + " without capability "
                + capability + " changes no counter"));
        return false;
    }

    // ---------------------------------------------------------------- observing a backend

    /** Reads the three logs with a handful of queries: what must be equal before and after maintenance. */
    Map<String, Object> observableState(PersistenceBackend backend) {
        Instant now = clock.now();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("all", contents(backend, Query.all()));
        state.put("latest(2)", contents(backend, Query.latest(2)));
        state.put("since(now - 1h)", contents(backend, Query.since(now.minus(Duration.ofHours(1)))));
        state.put("since(now)", contents(backend, Query.since(now)));
        return state;
    }

    /**
     * Asserts every counter: the given ones exactly, the anomaly and error counters at zero (the
     * kit only runs healthy operations), and {@code bytes_written} at least 0.
     */
    MetricsSnapshot assertCounters(PersistenceBackend backend, String what, long written, long dropped,
                                   long scans, long recoveries, long compactions) {
        PersistenceMetrics metrics = backend.metrics();
        assertNotNull(metrics, clause("metrics: metrics() must not return null"));
        MetricsSnapshot snapshot = metrics.snapshot();
        assertNotNull(snapshot, clause("metrics: snapshot() must not return null"));
        assertTrue(snapshot.bytesWritten() >= 0, clause("metrics: bytes_written is never negative"));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("records_written", written);
        expected.put("bytes_written", snapshot.bytesWritten());
        expected.put("records_dropped", dropped);
        expected.put("scans", scans);
        expected.put("anomalies_detected", 0L);
        expected.put("recoveries", recoveries);
        expected.put("compactions", compactions);
        expected.put("write_errors", 0L);
        expected.put("scan_errors", 0L);
        expected.put("recovery_errors", 0L);
        expected.put("compaction_errors", 0L);
        assertEquals(expected, snapshot.asMap(), clause("metrics: " + what));
        return snapshot;
    }

    /** Asserts that a maintenance report names the backend that made it: {@code backend.name()}. */
    void assertNamesBackend(PersistenceBackend backend, String reportBackend, String what) {
        assertEquals(backend.name(), reportBackend, clause(what + " names its backend, name()"));
    }

    // ---------------------------------------------------------------- records

    /** Appends {@code count} records of {@code log}, stamped {@code start}, {@code start + step}, ... */
    static List<PersistenceRecord> appendSeries(PersistenceBackend backend, LogKind log, int count,
                                                Instant start, Duration step) {
        List<PersistenceRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(log.record(i, start.plus(step.multipliedBy(i))));
        }
        return appendAll(backend, log, records);
    }

    /** Appends {@code records} to {@code log} in order; returns them. */
    static List<PersistenceRecord> appendAll(PersistenceBackend backend, LogKind log, List<PersistenceRecord> records) {
        for (PersistenceRecord record : records) {
            log.append(backend, record);
        }
        return records;
    }

    /** Appends {@code count} records to each log; returns them by log. */
    static Map<LogKind, List<PersistenceRecord>> appendToEachLog(PersistenceBackend backend, int count, Instant start) {
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, count, start, Duration.ofSeconds(1)));
        }
        return records;
    }

    /** Returns the records at {@code indices}, in that order: an expected result written by hand. */
    static List<PersistenceRecord> pick(List<PersistenceRecord> records, int... indices) {
        List<PersistenceRecord> picked = new ArrayList<>(indices.length);
        for (int index : indices) {
            picked.add(records.get(index));
        }
        return picked;
    }

    /** The contents of a backend with nothing in it, as {@link #contents} returns them. */
    static Map<LogKind, List<PersistenceRecord>> emptyLogs() {
        Map<LogKind, List<PersistenceRecord>> empty = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            empty.put(log, List.of());
        }
        return empty;
    }

    /** Reads all three logs with {@code query}, as plain copies. */
    static Map<LogKind, List<PersistenceRecord>> contents(PersistenceBackend backend, Query query) {
        Map<LogKind, List<PersistenceRecord>> contents = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            contents.put(log, new ArrayList<>(log.read(backend, query)));
        }
        return contents;
    }
}
