package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.StartupCheck;
import io.papyra.persistence.StartupCheckException;
import io.papyra.persistence.StartupCheckMode;
import io.papyra.persistence.StartupCheckReport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The compatibility kit of {@link PersistenceBackend}: JUnit Jupiter tests of every clause of the
 * contract, which a backend proves it honours by extending this class and implementing
 * {@link #createBackend(TckContext)}.
 *
 * <pre>{@code
 * class InMemoryPersistenceTckTest extends PersistenceBackendTck {
 *     @Override
 *     protected PersistenceBackend createBackend(TckContext context) {
 *         return new InMemoryPersistence(context.config());
 *     }
 * }
 * }</pre>
 *
 * <h2>What the kit does with the factory</h2>
 * Each test creates as many backends as it needs, each with a fresh {@link TckContext}: a
 * {@link ManualClock} shared by the backends of that test, and the retention policy under test.
 * Every backend a test created is closed after it, in an {@code @AfterEach} method of this class,
 * which JUnit runs after the subclass's own {@code @AfterEach} methods; a backend that needs
 * storage can take it from a {@code @TempDir} field of the subclass, which outlives both. Time is
 * controlled only through the clock: the kit never sleeps.
 *
 * <h2>Optional parts of the contract</h2>
 * No test is skipped, aborted or disabled. When a backend lacks {@link Capability#SCAN},
 * {@link Capability#RECOVERY} or {@link Capability#COMPACTION}, the tests of that operation assert
 * instead that it throws {@link UnsupportedOperationException} and changes neither the logs nor the
 * counters. When it lacks a {@code RETENTION_*} capability, the tests of that bound assert instead
 * that the factory refuses a policy with that bound with {@link IllegalArgumentException}, and that
 * a backend without the bound keeps every record. A backend that declares
 * {@link Capability#DURABILITY} must also override {@link #reopenBackend(TckContext, PersistenceBackend)},
 * so that the kit can check that records survive.
 *
 * <h2>Model-based and concurrency tests</h2>
 * One test drives the backend and a plain reference model through seeded random sequences of
 * operations (appends of the three kinds with timestamps that go forward, stay equal and go back;
 * clock moves; reads with random {@code limit} and {@code since}; compaction, scan and recovery when
 * declared; metrics resets; close) and requires every read and every metrics snapshot to agree. A
 * failure reports the seed and the shortest failing sequence found. Two settings, read from the
 * JUnit configuration parameters or else the system properties, control it:
 * <ul>
 *   <li>{@value #SEED_SETTING}: run only the sequences of this seed (as printed by a failure), for
 *       example {@code mvn test -Dpapyra.tck.seed=-4254160356417470531};</li>
 *   <li>{@value #SEQUENCES_SETTING}: how many short sequences (20 to 60 operations) to run, each of
 *       a new random seed (default {@value #DEFAULT_SEQUENCES}; a few long ones run as well).</li>
 * </ul>
 * The concurrency tests start several writers, readers and closers at once, bounded in time
 * without sleeping; a backend that deadlocks fails them after a time-out instead of hanging the
 * build.
 *
 * <h2>Decisions the kit encodes beyond the interface's Javadoc</h2>
 * <ul>
 *   <li>Every counter of a new backend is zero: opening a backend scans, recovers or compacts
 *       nothing by itself (that is what {@link StartupCheck} is for).</li>
 *   <li>{@code bytes_written} is backend-defined: never negative, never decreasing between resets,
 *       and unchanged by appends dropped after {@link PersistenceBackend#close() close}. The kit
 *       does not require it to be 0 for a backend without {@link Capability#DURABILITY}: having no
 *       durability (a remote cache, say) does not mean writing no bytes.</li>
 *   <li>{@link PersistenceBackend#recover(RecoveryConfig)} counts one recovery and no scan, even
 *       though its report carries a scan: a {@link StartupCheckMode#RECOVER RECOVER} startup check
 *       therefore counts exactly two scans and one recovery.</li>
 *   <li>A null record is a {@link NullPointerException} after close too, and is not counted as
 *       dropped: it is a bug of the caller, not a write lost to a closed backend.</li>
 *   <li>Without {@link Capability#RECOVERY}, {@code recover(null)} may throw either
 *       {@link NullPointerException} or {@link UnsupportedOperationException}.</li>
 *   <li>Refused operations (unsupported maintenance, null arguments) change no counter.</li>
 *   <li>Until {@link PersistenceBackend#compact()} runs, retention is purely logical: setting the
 *       clock back makes records that had aged out visible again.</li>
 *   <li>Every backend of the factory reports the same capabilities; the kit reads them from a
 *       backend created without retention, to decide which retention bounds must be honoured and
 *       which refused.</li>
 *   <li>A backend without {@link Capability#DURABILITY} shares no record with any other backend
 *       of the factory.</li>
 *   <li>{@code close()} is final for every thread: an append that was dropped is followed by no
 *       kept append of the same thread, so after writers race with {@code close()} each writer's
 *       kept records are a prefix of what it appended, and {@code records_written} plus
 *       {@code records_dropped} is exactly the number of appends attempted.</li>
 *   <li>While appends run, {@code records_written} never goes down and never exceeds the appends
 *       attempted.</li>
 * </ul>
 *
 * <p>Every failure message starts with the backend's class name in brackets and names the clause
 * of the contract that failed, for example
 * {@code [InMemoryPersistence] retention: maxRecords keeps the newest N of each log}; an exception
 * thrown by the backend where the contract allows none becomes such a failure too, with the
 * exception as its cause.
 *
 * <p>Thread-safety: JUnit creates one instance per test method and runs it on one thread; the
 * concurrency tests start threads of their own and join them before they return.
 */
public abstract class PersistenceBackendTck {

    /**
     * The setting that makes the model-based test run only the sequence of one seed: a JUnit
     * configuration parameter or a system property, whose value is a seed printed by a failure.
     */
    public static final String SEED_SETTING = "papyra.tck.seed";

    /** The setting for the number of short random sequences the model-based test runs. */
    public static final String SEQUENCES_SETTING = "papyra.tck.sequences";

    /** The number of short random sequences the model-based test runs when {@value #SEQUENCES_SETTING} is unset. */
    public static final int DEFAULT_SEQUENCES = 1000;

    /** Long random sequences the model-based test runs besides the short ones. */
    private static final int LONG_SEQUENCES = 4;
    /** Bound on the shrinking of a failing random sequence. */
    private static final Duration SHRINK_BUDGET = Duration.ofSeconds(20);
    private static final int SHRINK_MAX_REPLAYS = 5000;

    /** Bound on each concurrency test: generous, since a correct backend takes milliseconds. */
    private static final Duration CONCURRENCY_TIMEOUT = Duration.ofSeconds(20);
    private static final int WRITERS = 4;
    private static final int RECORDS_PER_WRITER = 400;

    /** Names failures and hands in the settings; see {@link KitExtension}. */
    @RegisterExtension
    static final KitExtension KIT_EXTENSION = new KitExtension();

    private final List<PersistenceBackend> opened = new ArrayList<>();
    private ManualClock clock;
    private Set<Capability> probedCapabilities;
    private String backendName;
    private Function<String, Optional<String>> settings = key -> Optional.ofNullable(System.getProperty(key));

    /** Creates the kit; JUnit calls this (through the subclass's constructor) once per test. */
    protected PersistenceBackendTck() {
    }

    /**
     * Creates a new, open, empty backend for one test. The kit calls it once or more per test, and
     * closes every backend it got after the test.
     *
     * <p>The backend must honour {@code context}: apply {@link TckContext#retention()} on its reads
     * and read time only from {@link TckContext#clock()}. Passing {@link TckContext#config()} to the
     * backend's constructor or provider does both. A backend that cannot honour a bound of the
     * retention policy (it lacks the {@code RETENTION_*} capability) must throw
     * {@link IllegalArgumentException} instead of returning a backend.
     *
     * @param context the clock and retention policy for the backend, never null
     * @return a new backend, never null, sharing no records with any backend created before
     * @throws IllegalArgumentException if the backend cannot honour {@code context.retention()}
     */
    protected abstract PersistenceBackend createBackend(TckContext context);

    /**
     * Creates a new, open backend over the storage of {@code closed}: what a process that restarts
     * gets. The kit calls it only for a backend that declares {@link Capability#DURABILITY}, after it
     * has appended records to {@code closed} and closed it, and requires the new backend to read them
     * back. The kit closes the new backend after the test.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}: a backend that
     * declares {@link Capability#DURABILITY} must override it, typically by keeping, in the test
     * instance, the storage location that {@link #createBackend(TckContext)} chose for each backend.
     *
     * @param context the clock and retention policy for the new backend, never null; the same as
     *                {@code closed} was created with
     * @param closed  a backend that {@link #createBackend(TckContext)} created in the same test and
     *                that is now closed, never null
     * @return a new backend over the same storage, never null
     * @throws UnsupportedOperationException if this kit cannot reopen a backend (the default)
     */
    protected PersistenceBackend reopenBackend(TckContext context, PersistenceBackend closed) {
        throw new UnsupportedOperationException(getClass().getName() + " does not override reopenBackend(TckContext, "
                + "PersistenceBackend), which a backend that declares DURABILITY needs");
    }

    // ---------------------------------------------------------------- lifecycle and fixtures

    /** The name that failures start with: the simple name of the backend class under test. */
    String backendName() {
        return backendName;
    }

    /** Takes the kit's settings ({@code papyra.tck.*}); called by {@link KitExtension} before each test. */
    void configure(Function<String, Optional<String>> source) {
        this.settings = source;
    }

    @BeforeEach
    void startKit() {
        clock = new ManualClock();
        opened.clear();
        probedCapabilities = null;
        backendName = getClass().getSimpleName();
    }

    @AfterEach
    void closeBackends() {
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

    /** Opens a backend without retention. */
    private PersistenceBackend open() {
        return open(RetentionPolicy.none());
    }

    /** Opens a backend with {@code policy}, which the caller knows the backend supports. */
    private PersistenceBackend open(RetentionPolicy policy) {
        PersistenceBackend backend = createBackend(TckContext.of(clock, policy));
        assertNotNull(backend, clause("factory: createBackend must return a backend, not null"));
        opened.add(backend);
        noteName(backend);
        return backend;
    }

    /** Remembers the class of the backend under test, for failure messages. */
    private void noteName(PersistenceBackend backend) {
        if (backend != null) {
            String simple = backend.getClass().getSimpleName();
            backendName = simple.isEmpty() ? backend.getClass().getName() : simple;
        }
    }

    /** The capabilities of the backend under test, read once per test from a probe backend. */
    private Set<Capability> capabilities() {
        if (probedCapabilities == null) {
            Set<Capability> capabilities = open().capabilities();
            assertNotNull(capabilities, clause("capabilities: capabilities() must not return null"));
            probedCapabilities = EnumSet.noneOf(Capability.class);
            probedCapabilities.addAll(capabilities);
        }
        return probedCapabilities;
    }

    /**
     * Runs {@code test} against a backend with {@code policy}; or, when the backend lacks a
     * capability that the policy needs, asserts that the factory refuses the policy.
     */
    private void withRetention(RetentionPolicy policy, Consumer<PersistenceBackend> test) {
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
        if (missing.isEmpty()) {
            test.accept(open(policy));
            return;
        }
        assertThrows(IllegalArgumentException.class, () -> {
            PersistenceBackend accepted = createBackend(TckContext.of(clock, policy));
            if (accepted != null) {
                opened.add(accepted);
            }
        }, clause("capabilities: a backend without " + missing + " must refuse " + policy
                + " with IllegalArgumentException when it is created"));
        assertKeepsEverything(open(), "capabilities: without " + missing + ", a backend without that bound keeps "
                + "every record");
    }

    /**
     * Appends three records to each log of {@code backend}, an unbounded backend, and asserts that
     * every one reads back; what the refusal paths check, so that no test passes vacuously.
     */
    private void assertKeepsEverything(PersistenceBackend backend, String what) {
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
    private boolean supportsOrRefuses(PersistenceBackend backend, Capability capability, String operation,
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

    /** Prefixes a contract clause with the backend's name, for assertion messages. */
    private String clause(String text) {
        return "[" + backendName + "] " + text;
    }

    /** Appends {@code count} records of {@code log}, stamped {@code start}, {@code start + step}, ... */
    private static List<PersistenceRecord> appendSeries(PersistenceBackend backend, LogKind log, int count,
                                                        Instant start, Duration step) {
        List<PersistenceRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(log.record(i, start.plus(step.multipliedBy(i))));
        }
        return appendAll(backend, log, records);
    }

    private static List<PersistenceRecord> appendAll(PersistenceBackend backend, LogKind log,
                                                     List<PersistenceRecord> records) {
        for (PersistenceRecord record : records) {
            log.append(backend, record);
        }
        return records;
    }

    /** Returns the records at {@code indices}, in that order: an expected result written by hand. */
    private static List<PersistenceRecord> pick(List<PersistenceRecord> records, int... indices) {
        List<PersistenceRecord> picked = new ArrayList<>(indices.length);
        for (int index : indices) {
            picked.add(records.get(index));
        }
        return picked;
    }

    /** The contents of a backend with nothing in it, as {@link #contents} returns them. */
    private static Map<LogKind, List<PersistenceRecord>> emptyLogs() {
        Map<LogKind, List<PersistenceRecord>> empty = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            empty.put(log, List.of());
        }
        return empty;
    }

    /** Reads all three logs with {@code query}, as plain copies. */
    private static Map<LogKind, List<PersistenceRecord>> contents(PersistenceBackend backend, Query query) {
        Map<LogKind, List<PersistenceRecord>> contents = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            contents.put(log, new ArrayList<>(log.read(backend, query)));
        }
        return contents;
    }

    /** Reads the three logs with a handful of queries: what must be equal before and after maintenance. */
    private Map<String, Object> observableState(PersistenceBackend backend) {
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
    private MetricsSnapshot assertCounters(PersistenceBackend backend, String what, long written, long dropped,
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

    // ---------------------------------------------------------------- factory and capabilities

    @Test
    @DisplayName("factory: each backend is new: open, empty, unbounded, counting nothing, sharing no record with an earlier one")
    void newBackendIsOpenAndEmpty() {
        PersistenceBackend earlier = open();
        Map<LogKind, List<PersistenceRecord>> earlierRecords = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            earlierRecords.put(log, appendSeries(earlier, log, 2, clock.now(), Duration.ofSeconds(1)));
        }
        PersistenceBackend backend = open();
        assertFalse(backend.isClosed(), clause("close: a new backend is not closed"));
        assertEquals(RetentionPolicy.none(), backend.retention(),
                clause("factory: retention() is the configured policy (none)"));
        for (LogKind log : LogKind.values()) {
            assertEquals(List.of(), log.readAll(backend), clause("read: a new backend has no " + log));
            assertEquals(List.of(), log.read(backend, Query.all()), clause("read: a new backend has no " + log));
        }
        assertCounters(backend, "every counter of a new backend is 0", 0, 0, 0, 0, 0);
        assertEquals(MetricsSnapshot.empty(), MetricsSnapshot.of(backend),
                clause("metrics: MetricsSnapshot.of(a new backend) is the empty snapshot"));
        assertEquals(earlierRecords, contents(earlier, Query.all()),
                clause("factory: a backend created earlier keeps its own records"));
        assertCounters(earlier, "a backend created later does not change the counters of an earlier one", 6, 0, 0, 0, 0);
    }

    @Test
    @DisplayName("factory: retention() reports the policy the backend was created with, and reads honour it")
    void retentionIsTheConfiguredPolicy() {
        List<RetentionPolicy> policies = List.of(
                RetentionPolicy.none(),
                RetentionPolicy.none().withMaxRecords(7),
                RetentionPolicy.none().withMaxAge(Duration.ofMinutes(3)),
                RetentionPolicy.none().withMaxTotalBytes(4096),
                RetentionPolicy.none().withMaxRecords(7).withMaxAge(Duration.ofMinutes(3)).withMaxTotalBytes(4096));
        for (RetentionPolicy policy : policies) {
            withRetention(policy, backend -> {
                assertEquals(policy, backend.retention(), clause("factory: retention() is the configured policy " + policy));
                for (LogKind log : LogKind.values()) {
                    List<PersistenceRecord> records = appendSeries(backend, log, 2, clock.now(), Duration.ofSeconds(1));
                    assertEquals(records, log.read(backend, Query.all()), clause("retention: " + policy
                            + " keeps 2 fresh small " + log));
                }
            });
        }
    }

    @Test
    @DisplayName("capabilities: non-null, unmodifiable, and the same for the backend's whole life")
    void capabilitiesAreStableAndUnmodifiable() {
        PersistenceBackend backend = open();
        Set<Capability> capabilities = backend.capabilities();
        assertNotNull(capabilities, clause("capabilities: capabilities() must not return null"));
        Set<Capability> copy = EnumSet.noneOf(Capability.class);
        copy.addAll(capabilities);
        assertThrows(UnsupportedOperationException.class, () -> capabilities.add(Capability.DURABILITY),
                clause("capabilities: the set is unmodifiable (add)"));
        assertThrows(UnsupportedOperationException.class, () -> capabilities.remove(Capability.SCAN),
                clause("capabilities: the set is unmodifiable (remove)"));
        assertThrows(UnsupportedOperationException.class, capabilities::clear,
                clause("capabilities: the set is unmodifiable (clear)"));
        assertEquals(copy, backend.capabilities(), clause("capabilities: stable across calls"));
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, List.of(log.record(0, clock.now())));
            log.append(backend, records.get(log).get(0));
        }
        assertEquals(records, contents(backend, Query.all()), clause("append/read: the appends were kept"));
        assertEquals(copy, backend.capabilities(), clause("capabilities: stable after appends"));
        backend.close();
        assertEquals(copy, backend.capabilities(), clause("capabilities: stable after close"));
        assertEquals(copy, open().capabilities(), clause("capabilities: the same for every backend of the factory"));
    }

    @Test
    @DisplayName("capabilities: each optional operation works if it is declared, and refuses cleanly if it is not")
    void declaredCapabilitiesAreImplemented() {
        PersistenceBackend backend = open();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, 2, clock.now(), Duration.ofSeconds(1)));
        }
        Set<Capability> declared = backend.capabilities();
        long scans = 0;
        long recoveries = 0;
        long compactions = 0;
        if (supportsOrRefuses(backend, Capability.SCAN, "capabilities: scan()", records, backend::scan)) {
            assertNotNull(backend.scan(), clause("capabilities: SCAN is declared, so scan() returns a report"));
            scans++;
        }
        if (supportsOrRefuses(backend, Capability.RECOVERY, "capabilities: recover(REPAIR)", records,
                () -> backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR)))) {
            assertNotNull(backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR)),
                    clause("capabilities: RECOVERY is declared, so recover() returns a report"));
            recoveries++;
        }
        if (supportsOrRefuses(backend, Capability.COMPACTION, "capabilities: compact()", records, backend::compact)) {
            assertNotNull(backend.compact(), clause("capabilities: COMPACTION is declared, so compact() returns a report"));
            compactions++;
        }
        assertEquals(records, contents(backend, Query.all()),
                clause("capabilities: optional operations without retention change no log"));
        assertCounters(backend, "each declared optional operation is counted once, a refused one not at all",
                6, 0, scans, recoveries, compactions);
        Instant t = clock.now();
        Map<Capability, RetentionPolicy> bounds = new EnumMap<>(Capability.class);
        bounds.put(Capability.RETENTION_MAX_RECORDS, RetentionPolicy.none().withMaxRecords(1));
        bounds.put(Capability.RETENTION_MAX_AGE, RetentionPolicy.none().withMaxAge(Duration.ofMinutes(1)));
        bounds.put(Capability.RETENTION_MAX_TOTAL_BYTES, RetentionPolicy.none().withMaxTotalBytes(200));
        for (Map.Entry<Capability, RetentionPolicy> bound : bounds.entrySet()) {
            RetentionPolicy policy = bound.getValue();
            if (declared.contains(bound.getKey())) {
                PersistenceBackend bounded = open(policy);
                assertEquals(policy, bounded.retention(), clause("capabilities: " + bound.getKey()
                        + " is declared, so a backend is created with " + policy));
                List<PersistenceRecord> events = appendAll(bounded, LogKind.EVENTS, List.of(
                        LogKind.EVENTS.sized(0, t.minus(Duration.ofHours(1)), 150), LogKind.EVENTS.sized(1, t, 150)));
                assertEquals(pick(events, 1), LogKind.EVENTS.read(bounded, Query.all()), clause("capabilities: "
                        + bound.getKey() + " is declared, so reads honour " + policy));
            } else {
                assertThrows(IllegalArgumentException.class, () -> {
                    PersistenceBackend accepted = createBackend(TckContext.of(clock, policy));
                    if (accepted != null) {
                        opened.add(accepted);
                    }
                }, clause("capabilities: " + bound.getKey() + " is not declared, so the factory refuses " + policy
                        + " with IllegalArgumentException"));
            }
        }
    }

    @Test
    @DisplayName("capabilities: DURABILITY is declared only by a backend whose records survive a reopen")
    void durabilityAsDeclared() {
        TckContext context = TckContext.of(clock, RetentionPolicy.none());
        PersistenceBackend first = createBackend(context);
        assertNotNull(first, clause("factory: createBackend must return a backend, not null"));
        opened.add(first);
        noteName(first);
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(first, log, 2, clock.now(), Duration.ofSeconds(1)));
        }
        assertEquals(records, contents(first, Query.all()), clause("append/read: the appends were kept"));
        if (first.capabilities().contains(Capability.DURABILITY)) {
            first.close();
            PersistenceBackend reopened = reopenBackend(context, first);
            assertNotNull(reopened, clause("capabilities: DURABILITY is declared, so reopenBackend returns a backend"));
            opened.add(reopened);
            assertFalse(reopened.isClosed(), clause("capabilities: a reopened backend is open"));
            assertEquals(records, contents(reopened, Query.all()),
                    clause("capabilities: DURABILITY is declared, so a reopened backend reads back every record"));
            PersistenceRecord next = LogKind.EVENTS.record(9, clock.now());
            LogKind.EVENTS.append(reopened, next);
            List<PersistenceRecord> events = new ArrayList<>(records.get(LogKind.EVENTS));
            events.add(next);
            assertEquals(events, LogKind.EVENTS.read(reopened, Query.all()),
                    clause("capabilities: a reopened backend appends after what it read back"));
        } else {
            PersistenceBackend second = open();
            for (LogKind log : LogKind.values()) {
                assertEquals(List.of(), log.read(second, Query.all()),
                        clause("factory: without DURABILITY, a new backend shares no " + log + " with an earlier one"));
            }
            assertEquals(records, contents(first, Query.all()),
                    clause("factory: a new backend leaves an earlier one's records alone"));
        }
    }

    // ---------------------------------------------------------------- appends and reads

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: records read back equal, in insertion order")
    void recordsReadBackInInsertionOrder(LogKind log) {
        PersistenceBackend backend = open();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, clock.now(), Duration.ofSeconds(1));
        assertEquals(records, log.read(backend, Query.all()),
                clause("append/read: " + log + " read back equal and in insertion order"));
        assertEquals(records, log.readAll(backend),
                clause("read: the no-argument read of " + log + " equals read(Query.all())"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: unusual field values (empty, non-ASCII, absent, extreme) read back equal")
    void unusualRecordsReadBackEqual(LogKind log) {
        PersistenceBackend backend = open();
        List<PersistenceRecord> records = appendAll(backend, log, log.variety(clock.now()));
        assertEquals(records, log.read(backend, Query.all()),
                clause("append/read: " + log + " with unusual field values read back equal"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: insertion order, not timestamp order")
    void insertionOrderIsNotTimestampOrder(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        List<PersistenceRecord> records = appendAll(backend, log, List.of(
                log.record(0, t.plusSeconds(30)), log.record(1, t.plusSeconds(10)), log.record(2, t.plusSeconds(20)),
                log.record(3, t)));
        assertEquals(records, log.read(backend, Query.all()),
                clause("append/read: " + log + " keep insertion order even when timestamps go back"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("append/read: an equal record appended twice is kept twice (append-only, no de-duplication)")
    void equalRecordsAreBothKept(LogKind log) {
        PersistenceBackend backend = open();
        PersistenceRecord record = log.record(0, clock.now());
        PersistenceRecord other = log.record(1, clock.now());
        log.append(backend, record);
        log.append(backend, other);
        log.append(backend, record);
        assertEquals(List.of(record, other, record), log.read(backend, Query.all()),
                clause("append/read: " + log + " keep every append, equal records included"));
    }

    @Test
    @DisplayName("append/read: the three logs are independent")
    void logsAreIndependent() {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        Map<LogKind, List<PersistenceRecord>> expected = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            expected.put(log, new ArrayList<>());
        }
        // Interleaved: 3 events, 2 audits, 1 dead letter.
        int[][] plan = {{0, 0}, {1, 0}, {0, 1}, {2, 0}, {1, 1}, {0, 2}};
        for (int[] step : plan) {
            LogKind log = LogKind.values()[step[0]];
            PersistenceRecord record = log.record(step[1], t.plusSeconds(step[1]));
            log.append(backend, record);
            expected.get(log).add(record);
        }
        for (LogKind log : LogKind.values()) {
            assertEquals(expected.get(log), log.read(backend, Query.all()),
                    clause("append/read: " + log + " hold only their own records"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("read: returned lists are immutable")
    void readsAreImmutable(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        appendSeries(backend, log, 3, t, Duration.ofSeconds(1));
        PersistenceRecord extra = log.record(99, t);
        Map<String, List<? extends PersistenceRecord>> reads = new LinkedHashMap<>();
        reads.put("Query.all()", log.read(backend, Query.all()));
        reads.put("no-argument read", log.readAll(backend));
        reads.put("Query.latest(2)", log.read(backend, Query.latest(2)));
        reads.put("Query.since(t + 1s)", log.read(backend, Query.since(t.plusSeconds(1))));
        for (Map.Entry<String, List<? extends PersistenceRecord>> read : reads.entrySet()) {
            @SuppressWarnings("unchecked") // only to try to mutate; every call must throw
            List<PersistenceRecord> list = (List<PersistenceRecord>) read.getValue();
            String what = "read: the list of " + log + " from " + read.getKey() + " is immutable ";
            assertThrows(UnsupportedOperationException.class, () -> list.add(extra), clause(what + "(add)"));
            assertThrows(UnsupportedOperationException.class, () -> list.add(0, extra), clause(what + "(add at)"));
            assertThrows(UnsupportedOperationException.class, () -> list.set(0, extra), clause(what + "(set)"));
            assertThrows(UnsupportedOperationException.class, () -> list.remove(0), clause(what + "(remove)"));
            assertThrows(UnsupportedOperationException.class, list::clear, clause(what + "(clear)"));
            assertThrows(UnsupportedOperationException.class, () -> {
                Iterator<PersistenceRecord> iterator = list.iterator();
                iterator.next();
                iterator.remove();
            }, clause(what + "(iterator remove)"));
        }
        @SuppressWarnings("unchecked") // only to try to mutate
        List<PersistenceRecord> empty = (List<PersistenceRecord>) log.read(backend, Query.latest(0));
        assertThrows(UnsupportedOperationException.class, () -> empty.add(extra),
                clause("read: an empty list of " + log + " is immutable (add)"));
        assertEquals(3, log.read(backend, Query.all()).size(),
                clause("read: attempts to mutate a read of " + log + " leave the log unchanged"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("read: returned lists are snapshots that later appends do not change")
    void readsAreSnapshots(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        List<? extends PersistenceRecord> empty = log.read(backend, Query.all());
        List<PersistenceRecord> records = appendSeries(backend, log, 3, t, Duration.ofSeconds(1));
        List<? extends PersistenceRecord> all = log.read(backend, Query.all());
        List<? extends PersistenceRecord> latest = log.read(backend, Query.latest(2));
        List<? extends PersistenceRecord> since = log.read(backend, Query.since(t.plusSeconds(1)));
        log.append(backend, log.record(3, t.plusSeconds(3)));
        log.append(backend, log.record(4, t.plusSeconds(4)));
        assertEquals(List.of(), empty, clause("read: a read of empty " + log + " stays empty after appends"));
        assertEquals(records, all, clause("read: Query.all() of " + log + " is a snapshot"));
        assertEquals(pick(records, 1, 2), latest, clause("read: Query.latest(2) of " + log + " is a snapshot"));
        assertEquals(pick(records, 1, 2), since, clause("read: Query.since(t) of " + log + " is a snapshot"));
        assertEquals(5, log.read(backend, Query.all()).size(), clause("read: a new read of " + log + " sees the appends"));
    }

    // ---------------------------------------------------------------- limit

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: 0 returns nothing")
    void limitZero(LogKind log) {
        PersistenceBackend backend = open();
        assertEquals(List.of(), log.read(backend, Query.latest(0)), clause("limit: 0 of empty " + log + " is empty"));
        List<PersistenceRecord> records = appendSeries(backend, log, 5, clock.now(), Duration.ofSeconds(1));
        assertEquals(List.of(), log.read(backend, Query.latest(0)), clause("limit: 0 of 5 " + log + " is empty"));
        assertEquals(records, log.read(backend, Query.all()), clause("limit: none of the 5 " + log + " is everything"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: 1 returns the most recent record")
    void limitOne(LogKind log) {
        PersistenceBackend backend = open();
        assertEquals(List.of(), log.read(backend, Query.latest(1)), clause("limit: 1 of empty " + log + " is empty"));
        List<PersistenceRecord> records = appendSeries(backend, log, 5, clock.now(), Duration.ofSeconds(1));
        assertEquals(pick(records, 4), log.read(backend, Query.latest(1)),
                clause("limit: 1 of " + log + " is the last appended"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: N below the size returns the most recent N in insertion order")
    void limitBelowSize(LogKind log) {
        PersistenceBackend backend = open();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, clock.now(), Duration.ofSeconds(1));
        assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.latest(3)),
                clause("limit: 3 of 5 " + log + " are the last 3, oldest first"));
        assertEquals(pick(records, 1, 2, 3, 4), log.read(backend, Query.latest(4)),
                clause("limit: 4 of 5 " + log + " are the last 4, oldest first"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("limit: exactly the size, or more, returns everything")
    void limitAtOrAboveSize(LogKind log) {
        PersistenceBackend backend = open();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, clock.now(), Duration.ofSeconds(1));
        assertEquals(records, log.read(backend, Query.latest(5)), clause("limit: 5 of 5 " + log + " is everything"));
        assertEquals(records, log.read(backend, Query.latest(6)), clause("limit: 6 of 5 " + log + " is everything"));
        assertEquals(records, log.read(backend, Query.latest(Integer.MAX_VALUE)),
                clause("limit: Integer.MAX_VALUE of 5 " + log + " is everything"));
    }

    // ---------------------------------------------------------------- since

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since: inclusive bound before, at and after the timestamps")
    void sinceBoundaries(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        List<PersistenceRecord> records = appendSeries(backend, log, 5, t, Duration.ofSeconds(10));
        assertEquals(records, log.read(backend, Query.since(t.minusNanos(1))),
                clause("since: before every timestamp of " + log + " returns everything"));
        assertEquals(records, log.read(backend, Query.since(t)),
                clause("since: equal to the first timestamp of " + log + " returns everything (inclusive)"));
        assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(20))),
                clause("since: equal to a middle timestamp of " + log + " includes that record"));
        assertEquals(pick(records, 3, 4), log.read(backend, Query.since(t.plusSeconds(20).plusNanos(1))),
                clause("since: just after a timestamp of " + log + " excludes that record"));
        assertEquals(pick(records, 4), log.read(backend, Query.since(t.plusSeconds(40))),
                clause("since: equal to the last timestamp of " + log + " returns the last record"));
        assertEquals(List.of(), log.read(backend, Query.since(t.plusSeconds(40).plusNanos(1))),
                clause("since: after every timestamp of " + log + " returns nothing"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since: several records with the same timestamp are all included")
    void sinceWithEqualTimestamps(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        List<PersistenceRecord> records = appendAll(backend, log, List.of(
                log.record(0, t), log.record(1, t.plusSeconds(1)), log.record(2, t.plusSeconds(1)),
                log.record(3, t.plusSeconds(1)), log.record(4, t.plusSeconds(2))));
        assertEquals(pick(records, 1, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(1))),
                clause("since: every " + log + " record at the bound is included"));
        assertEquals(pick(records, 4), log.read(backend, Query.since(t.plusSeconds(1).plusNanos(1))),
                clause("since: every " + log + " record at a timestamp before the bound is excluded"));
        assertEquals(pick(records, 3, 4), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(2)),
                clause("since+limit: the most recent 2 " + log + " at or after the bound"));
        assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(3)),
                clause("since+limit: the most recent 3 " + log + " at or after the bound"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since: filters by timestamp even when timestamps are not in insertion order")
    void sinceWithTimestampsOutOfOrder(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        List<PersistenceRecord> records = appendAll(backend, log, List.of(
                log.record(0, t.plusSeconds(50)), log.record(1, t.plusSeconds(10)), log.record(2, t.plusSeconds(30)),
                log.record(3, t.plusSeconds(20)), log.record(4, t.plusSeconds(40))));
        assertEquals(pick(records, 0, 2, 4), log.read(backend, Query.since(t.plusSeconds(30))),
                clause("since: " + log + " at or after the bound, in insertion order, although appended out of timestamp order"));
        assertEquals(pick(records, 2, 4), log.read(backend, Query.since(t.plusSeconds(30)).withLimit(2)),
                clause("since+limit: the most recently appended 2 " + log + " at or after the bound"));
        assertEquals(pick(records, 0), log.read(backend, Query.since(t.plusSeconds(45))),
                clause("since: only the first-appended " + log + " record is late enough"));
        assertEquals(records, log.read(backend, Query.since(t.plusSeconds(10))),
                clause("since: a bound equal to the earliest timestamp (appended second) returns every " + log));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("since+limit: limit applies after since (the most recent N at or after since)")
    void limitAppliesAfterSince(LogKind log) {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        List<PersistenceRecord> records = appendSeries(backend, log, 6, t, Duration.ofSeconds(1));
        assertEquals(pick(records, 4, 5), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(2)),
                clause("since+limit: the most recent 2 of the " + log + " at or after since"));
        assertEquals(pick(records, 1, 2, 3, 4, 5), log.read(backend, Query.latest(10).withSince(t.plusSeconds(1))),
                clause("since+limit: a limit above the matches of " + log + " returns every match"));
        assertEquals(pick(records, 3, 4, 5), log.read(backend, Query.since(t.plusSeconds(3)).withLimit(3)),
                clause("since+limit: a limit equal to the matches of " + log + " returns every match"));
        assertEquals(List.of(), log.read(backend, Query.since(t.plusSeconds(1)).withLimit(0)),
                clause("since+limit: limit 0 with since returns no " + log));
        assertEquals(List.of(), log.read(backend, Query.since(t.plusSeconds(6)).withLimit(3)),
                clause("since+limit: since after every " + log + " returns nothing whatever the limit"));
    }

    // ---------------------------------------------------------------- retention

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxRecords keeps the newest N of each log")
    void retentionByCount(LogKind log) {
        RetentionPolicy policy = RetentionPolicy.none().withMaxRecords(3);
        withRetention(policy, backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                records.add(log.record(i, t.plusSeconds(i)));
            }
            appendAll(backend, log, records.subList(0, 2));
            assertEquals(pick(records, 0, 1), log.read(backend, Query.all()),
                    clause("retention: maxRecords 3 keeps both of 2 " + log));
            log.append(backend, records.get(2));
            assertEquals(pick(records, 0, 1, 2), log.read(backend, Query.all()),
                    clause("retention: maxRecords 3 keeps all of exactly 3 " + log));
            appendAll(backend, log, records.subList(3, 5));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.all()),
                    clause("retention: maxRecords keeps the newest N of each log (3 of 5 " + log + ")"));
            assertEquals(policy.retain(records, clock.now()), log.read(backend, Query.all()),
                    clause("retention: reads agree with RetentionPolicy.retain"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxRecords counts the newest by insertion, not by timestamp")
    void retentionByCountFollowsInsertionOrder(LogKind log) {
        withRetention(RetentionPolicy.none().withMaxRecords(2), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.plusSeconds(30)), log.record(1, t.plusSeconds(20)), log.record(2, t.plusSeconds(10))));
            assertEquals(pick(records, 1, 2), log.read(backend, Query.all()),
                    clause("retention: maxRecords keeps the last appended " + log + ", whatever their timestamps"));
        });
    }

    @ParameterizedTest(name = "flooding {0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxRecords applies to each log on its own (filling one never evicts another's records)")
    void retentionByCountIsPerLog(LogKind flooded) {
        withRetention(RetentionPolicy.none().withMaxRecords(3), backend -> {
            Instant t = clock.now();
            Map<LogKind, List<PersistenceRecord>> others = new EnumMap<>(LogKind.class);
            for (LogKind log : LogKind.values()) {
                if (log != flooded) {
                    others.put(log, appendSeries(backend, log, 2, t, Duration.ofSeconds(1)));
                }
            }
            List<PersistenceRecord> flood = appendSeries(backend, flooded, 20, t, Duration.ofSeconds(1));
            assertEquals(pick(flood, 17, 18, 19), flooded.read(backend, Query.all()),
                    clause("retention: maxRecords 3 keeps the newest 3 of the flooded " + flooded));
            for (Map.Entry<LogKind, List<PersistenceRecord>> other : others.entrySet()) {
                assertEquals(other.getValue(), other.getKey().read(backend, Query.all()),
                        clause("retention: filling " + flooded + " never evicts " + other.getKey()));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxAge hides records older than now - maxAge on the injected clock; the cutoff itself stays")
    void retentionByAge(LogKind log) {
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofSeconds(60));
        withRetention(policy, backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minusSeconds(120)), log.record(1, t.minusSeconds(60)),
                    log.record(2, t.minusSeconds(59)), log.record(3, t), log.record(4, t.plusSeconds(30))));
            assertEquals(pick(records, 1, 2, 3, 4), log.read(backend, Query.all()),
                    clause("retention: maxAge hides older " + log + "; one exactly at the cutoff stays"));
            assertEquals(policy.retain(records, clock.now()), log.read(backend, Query.all()),
                    clause("retention: reads agree with RetentionPolicy.retain"));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.all()),
                    clause("retention: maxAge is evaluated at each read on the injected clock (advanced 1s, " + log + ")"));
            clock.advance(Duration.ofSeconds(59));
            assertEquals(pick(records, 3, 4), log.read(backend, Query.all()),
                    clause("retention: maxAge keeps the " + log + " record exactly at the new cutoff"));
            clock.advance(Duration.ofSeconds(31));
            assertEquals(List.of(), log.read(backend, Query.all()),
                    clause("retention: maxAge eventually hides every " + log + " record, future-stamped ones included"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxAge reads the injected clock, not the system clock")
    void retentionByAgeUsesInjectedClock(LogKind log) {
        clock.set(Instant.parse("2100-01-01T00:00:00Z"));
        withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minus(Duration.ofHours(2))), log.record(1, t.minus(Duration.ofMinutes(30)))));
            assertEquals(pick(records, 1), log.read(backend, Query.all()),
                    clause("retention: maxAge of " + log + " is measured on the injected clock (2100), not the system clock"));
            clock.set(Instant.parse("2000-01-01T00:00:00Z"));
            assertEquals(records, log.read(backend, Query.all()),
                    clause("retention: maxAge is logical and follows the injected clock even when it is set back ("
                            + log + ")"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxTotalBytes keeps the newest records whose sizes fit, the bound inclusive")
    void retentionBySize(LogKind log) {
        Instant t = clock.now();
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
            withRetention(policy, backend -> {
                appendAll(backend, log, records);
                assertEquals(bound.getValue(), log.read(backend, Query.all()),
                        clause("retention: maxTotalBytes " + bound.getKey() + " over " + log
                                + " of 400, 300, 200, 100 bytes keeps the newest that fit"));
                assertEquals(policy.retain(records, clock.now()), log.read(backend, Query.all()),
                        clause("retention: reads agree with RetentionPolicy.retain"));
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxTotalBytes stops at the first record that does not fit, even if an older one would")
    void retentionBySizeStopsAtFirstMisfit(LogKind log) {
        withRetention(RetentionPolicy.none().withMaxTotalBytes(500), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(log.sized(0, t, 100),
                    log.sized(1, t.plusSeconds(1), 500), log.sized(2, t.plusSeconds(2), 200),
                    log.sized(3, t.plusSeconds(3), 200)));
            assertEquals(pick(records, 2, 3), log.read(backend, Query.all()),
                    clause("retention: maxTotalBytes stops at the first " + log
                            + " record that does not fit (500 bytes); the older 100-byte one would fit but is not kept"));
        });
    }

    @ParameterizedTest(name = "flooding {0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: maxTotalBytes applies to each log on its own")
    void retentionBySizeIsPerLog(LogKind flooded) {
        withRetention(RetentionPolicy.none().withMaxTotalBytes(1000), backend -> {
            Instant t = clock.now();
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
                    clause("retention: maxTotalBytes 1000 keeps the newest 3 of the 300-byte " + flooded));
            for (Map.Entry<LogKind, List<PersistenceRecord>> other : others.entrySet()) {
                assertEquals(other.getValue(), other.getKey().read(backend, Query.all()),
                        clause("retention: filling " + flooded + " never evicts " + other.getKey() + " by size"));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: age applies before count")
    void retentionAgeBeforeCount(LogKind log) {
        withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxRecords(2), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minus(Duration.ofMinutes(10))), log.record(1, t.minus(Duration.ofMinutes(5))),
                    log.record(2, t.minus(Duration.ofHours(2)))));
            assertEquals(pick(records, 0, 1), log.read(backend, Query.all()),
                    clause("retention: age first, then count: the aged " + log + " record does not take one of the 2 places"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: age applies before size")
    void retentionAgeBeforeSize(LogKind log) {
        withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxTotalBytes(300), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.sized(0, t.minus(Duration.ofMinutes(10)), 100), log.sized(1, t.minus(Duration.ofHours(2)), 500),
                    log.sized(2, t.minus(Duration.ofMinutes(5)), 100)));
            assertEquals(pick(records, 0, 2), log.read(backend, Query.all()),
                    clause("retention: age first, then size: an aged 500-byte " + log
                            + " record does not stop the size walk"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: age, count and size together, in that order")
    void retentionCombined(LogKind log) {
        RetentionPolicy policy = RetentionPolicy.none().withMaxAge(Duration.ofHours(1)).withMaxRecords(4)
                .withMaxTotalBytes(600);
        withRetention(policy, backend -> {
            Instant t = clock.now();
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
                    clause("retention: age, then count, then size over " + log));
            assertEquals(policy.retain(records, clock.now()), log.read(backend, Query.all()),
                    clause("retention: reads agree with RetentionPolicy.retain"));
            clock.advance(Duration.ofMinutes(35));
            // age: 5, 6 (cutoff t - 25min); count and size keep both.
            assertEquals(pick(records, 5, 6), log.read(backend, Query.all()),
                    clause("retention: age, then count, then size over " + log + " after the clock moved 35 minutes"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("retention: applies before since and limit")
    void retentionBeforeQuery(LogKind log) {
        withRetention(RetentionPolicy.none().withMaxRecords(3), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendSeries(backend, log, 5, t, Duration.ofSeconds(1));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.latest(5)),
                    clause("retention: a limit above maxRecords does not revive hidden " + log));
            assertEquals(pick(records, 3, 4), log.read(backend, Query.latest(2)),
                    clause("retention: limit applies to the retained " + log));
            assertEquals(pick(records, 2, 3, 4), log.read(backend, Query.since(t)),
                    clause("retention: since before the retained " + log + " does not revive hidden ones"));
            assertEquals(pick(records, 3, 4), log.read(backend, Query.since(t.plusSeconds(3))),
                    clause("retention: since applies to the retained " + log));
            assertEquals(pick(records, 4), log.read(backend, Query.since(t).withLimit(1)),
                    clause("retention: since and limit apply to the retained " + log));
        });
        withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> records = appendAll(backend, log, List.of(
                    log.record(0, t.minus(Duration.ofHours(2))), log.record(1, t.minus(Duration.ofMinutes(30)))));
            assertEquals(pick(records, 1), log.read(backend, Query.since(t.minus(Duration.ofHours(3)))),
                    clause("retention: since before the age cutoff does not revive aged " + log));
            assertEquals(pick(records, 1), log.read(backend, Query.latest(2)),
                    clause("retention: limit does not revive aged " + log));
        });
    }

    // ---------------------------------------------------------------- compaction

    @Test
    @DisplayName("compaction: with no policy removes nothing; reads are unchanged; counted once")
    void compactionWithoutPolicy() {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        records.put(LogKind.EVENTS, appendSeries(backend, LogKind.EVENTS, 3, t, Duration.ofSeconds(1)));
        records.put(LogKind.AUDITS, appendSeries(backend, LogKind.AUDITS, 2, t, Duration.ofSeconds(1)));
        records.put(LogKind.DEAD_LETTERS, appendSeries(backend, LogKind.DEAD_LETTERS, 1, t, Duration.ofSeconds(1)));
        if (!supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", records, backend::compact)) {
            return;
        }
        Map<String, Object> before = observableState(backend);
        CompactionReport report = backend.compact();
        assertNotNull(report, clause("compaction: compact() returns a report"));
        assertEquals(6, report.recordsBefore(), clause("compaction: recordsBefore counts the three logs together"));
        assertEquals(6, report.recordsAfter(), clause("compaction: with no policy recordsAfter equals recordsBefore"));
        assertEquals(0, report.removedRecords(), clause("compaction: with no policy removes nothing"));
        assertEquals(before, observableState(backend), clause("compaction: reads at the same instant are unchanged"));
        assertCounters(backend, "compaction is counted in compactions, and is not a write", 6, 0, 0, 0, 1);
    }

    @Test
    @DisplayName("compaction: under maxRecords removes exactly the hidden records; reads unchanged; idempotent")
    void compactionByCount() {
        withRetention(RetentionPolicy.none().withMaxRecords(2), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> events = appendSeries(backend, LogKind.EVENTS, 5, t, Duration.ofSeconds(1));
            List<PersistenceRecord> audits = appendSeries(backend, LogKind.AUDITS, 1, t, Duration.ofSeconds(1));
            List<PersistenceRecord> deadLetters = appendSeries(backend, LogKind.DEAD_LETTERS, 3, t, Duration.ofSeconds(1));
            Map<LogKind, List<PersistenceRecord>> visible = new EnumMap<>(LogKind.class);
            visible.put(LogKind.EVENTS, pick(events, 3, 4));
            visible.put(LogKind.AUDITS, audits);
            visible.put(LogKind.DEAD_LETTERS, pick(deadLetters, 1, 2));
            if (!supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", visible, backend::compact)) {
                return;
            }
            Map<String, Object> before = observableState(backend);
            CompactionReport report = backend.compact();
            assertEquals(9, report.recordsBefore(), clause("compaction: recordsBefore counts every stored record"));
            assertEquals(5, report.recordsAfter(), clause("compaction: recordsAfter counts the retained records (2 + 1 + 2)"));
            assertEquals(4, report.removedRecords(), clause("compaction: removes exactly the records retention hides"));
            assertEquals(before, observableState(backend), clause("compaction: reads at the same instant are unchanged"));
            CompactionReport again = backend.compact();
            assertEquals(5, again.recordsBefore(), clause("compaction: a second compaction starts from what the first kept"));
            assertEquals(0, again.removedRecords(), clause("compaction: a second compaction at the same instant removes nothing"));
            assertEquals(before, observableState(backend), clause("compaction: reads unchanged by a second compaction"));
            PersistenceRecord next = LogKind.EVENTS.record(5, t.plusSeconds(5));
            LogKind.EVENTS.append(backend, next);
            assertEquals(List.of(events.get(4), next), LogKind.EVENTS.read(backend, Query.all()),
                    clause("compaction: appends and retention carry on after a compaction"));
            assertCounters(backend, "each compaction is counted once", 10, 0, 0, 0, 2);
        });
    }

    @Test
    @DisplayName("compaction: under maxAge removes what the clock has aged out")
    void compactionByAge() {
        withRetention(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> events = appendAll(backend, LogKind.EVENTS, List.of(
                    LogKind.EVENTS.record(0, t.minus(Duration.ofHours(2))),
                    LogKind.EVENTS.record(1, t.minus(Duration.ofMinutes(30))),
                    LogKind.EVENTS.record(2, t)));
            appendAll(backend, LogKind.AUDITS, List.of(LogKind.AUDITS.record(0, t.minus(Duration.ofMinutes(90)))));
            List<PersistenceRecord> deadLetters = appendAll(backend, LogKind.DEAD_LETTERS,
                    List.of(LogKind.DEAD_LETTERS.record(0, t)));
            Map<LogKind, List<PersistenceRecord>> visible = new EnumMap<>(LogKind.class);
            visible.put(LogKind.EVENTS, pick(events, 1, 2));
            visible.put(LogKind.AUDITS, List.of());
            visible.put(LogKind.DEAD_LETTERS, deadLetters);
            if (!supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", visible, backend::compact)) {
                return;
            }
            Map<String, Object> before = observableState(backend);
            CompactionReport report = backend.compact();
            assertEquals(5, report.recordsBefore(), clause("compaction: recordsBefore counts every stored record"));
            assertEquals(3, report.recordsAfter(), clause("compaction: recordsAfter counts the records younger than maxAge"));
            assertEquals(before, observableState(backend), clause("compaction: reads at the same instant are unchanged"));
            clock.advance(Duration.ofMinutes(45));
            assertEquals(pick(events, 2), LogKind.EVENTS.read(backend, Query.all()),
                    clause("compaction: age retention carries on after a compaction as the clock moves"));
            CompactionReport later = backend.compact();
            assertEquals(3, later.recordsBefore(), clause("compaction: recordsBefore counts what the last compaction kept"));
            assertEquals(2, later.recordsAfter(), clause("compaction: a later compaction removes what has aged out since"));
        });
    }

    @Test
    @DisplayName("compaction: under maxTotalBytes removes exactly the hidden records")
    void compactionBySize() {
        withRetention(RetentionPolicy.none().withMaxTotalBytes(300), backend -> {
            Instant t = clock.now();
            List<PersistenceRecord> events = appendAll(backend, LogKind.EVENTS, List.of(LogKind.EVENTS.sized(0, t, 200),
                    LogKind.EVENTS.sized(1, t, 100), LogKind.EVENTS.sized(2, t, 100)));
            List<PersistenceRecord> audits = appendAll(backend, LogKind.AUDITS, List.of(LogKind.AUDITS.sized(0, t, 300)));
            appendAll(backend, LogKind.DEAD_LETTERS, List.of(LogKind.DEAD_LETTERS.sized(0, t, 400)));
            Map<LogKind, List<PersistenceRecord>> visible = new EnumMap<>(LogKind.class);
            visible.put(LogKind.EVENTS, pick(events, 1, 2));
            visible.put(LogKind.AUDITS, audits);
            visible.put(LogKind.DEAD_LETTERS, List.of());
            if (!supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", visible, backend::compact)) {
                return;
            }
            Map<String, Object> before = observableState(backend);
            CompactionReport report = backend.compact();
            assertEquals(5, report.recordsBefore(), clause("compaction: recordsBefore counts every stored record"));
            assertEquals(3, report.recordsAfter(), clause("compaction: recordsAfter counts the records that fit (2 + 1 + 0)"));
            assertEquals(before, observableState(backend), clause("compaction: reads at the same instant are unchanged"));
        });
    }

    @Test
    @DisplayName("compaction: of an empty backend reports 0 before and after; appends carry on after it")
    void compactionOfEmptyBackend() {
        PersistenceBackend backend = open();
        long compactions = 0;
        if (supportsOrRefuses(backend, Capability.COMPACTION, "compaction: compact()", emptyLogs(), backend::compact)) {
            CompactionReport report = backend.compact();
            assertNotNull(report, clause("compaction: compact() returns a report"));
            assertEquals(0, report.recordsBefore(), clause("compaction: an empty backend stores no record before"));
            assertEquals(0, report.recordsAfter(), clause("compaction: an empty backend stores no record after"));
            compactions++;
        }
        assertKeepsEverything(backend, "compaction: appends carry on after a compaction (or its refusal) of an empty backend");
        assertCounters(backend, "compaction of an empty backend is counted, and the appends after it", 9, 0, 0, 0,
                compactions);
    }

    // ---------------------------------------------------------------- scan and recovery

    @Test
    @DisplayName("scan: a new backend scans clean; counted in scans; appends carry on after it")
    void scanOfNewBackend() {
        PersistenceBackend backend = open();
        long scans = 0;
        if (supportsOrRefuses(backend, Capability.SCAN, "scan: scan()", emptyLogs(), backend::scan)) {
            ScanReport report = backend.scan();
            assertNotNull(report, clause("scan: scan() returns a report"));
            assertTrue(report.isClean(), clause("scan: a new backend has no anomaly, found " + report.anomalies()));
            assertCounters(backend, "a scan is counted in scans, with no anomaly", 0, 0, 1, 0, 0);
            scans++;
        }
        assertKeepsEverything(backend, "scan: appends carry on after a scan (or its refusal) of a new backend");
        assertCounters(backend, "a scan of a new backend is counted, and the appends after it", 9, 0, scans, 0, 0);
    }

    @Test
    @DisplayName("scan: a backend with records scans clean, changes nothing, each scan counted")
    void scanOfBackendWithRecords() {
        PersistenceBackend backend = open();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, 3, clock.now(), Duration.ofSeconds(1)));
        }
        if (!supportsOrRefuses(backend, Capability.SCAN, "scan: scan()", records, backend::scan)) {
            return;
        }
        Map<String, Object> before = observableState(backend);
        assertTrue(backend.scan().isClean(), clause("scan: a healthy backend with records scans clean"));
        assertTrue(backend.scan().isClean(), clause("scan: a second scan is clean too"));
        assertEquals(before, observableState(backend), clause("scan: scan() is read-only"));
        assertCounters(backend, "each scan is counted in scans", 9, 0, 2, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RecoveryMode.class)
    @DisplayName("recovery: each mode on a healthy backend reports that mode, a clean scan, nothing done; counted")
    void recoveryOfHealthyBackend(RecoveryMode mode) {
        PersistenceBackend backend = open();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, 2, clock.now(), Duration.ofSeconds(1)));
        }
        RecoveryConfig config = RecoveryConfig.of(mode);
        if (!supportsOrRefuses(backend, Capability.RECOVERY, "recovery: recover(" + mode + ")", records,
                () -> backend.recover(config))) {
            return;
        }
        Map<String, Object> before = observableState(backend);
        RecoveryReport report = backend.recover(config);
        assertNotNull(report, clause("recovery: recover() returns a report"));
        assertEquals(mode, report.mode(), clause("recovery: the report names the mode that was applied"));
        assertTrue(report.scan().isClean(), clause("recovery: a healthy backend's recovery scan is clean"));
        assertEquals(List.of(), report.repaired(), clause("recovery: nothing is repaired in a healthy backend"));
        assertEquals(List.of(), report.quarantined(), clause("recovery: nothing is quarantined in a healthy backend"));
        assertEquals(before, observableState(backend), clause("recovery: a healthy backend's records are untouched"));
        assertCounters(backend, "a recovery is counted in recoveries (and not in scans)", 6, 0, 0, 1, 0);
    }

    // ---------------------------------------------------------------- startup checks

    @Test
    @DisplayName("startup: IGNORE checks nothing and does not scan")
    void startupIgnore() {
        PersistenceBackend backend = open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, clock.now()));
        StartupCheckReport report = StartupCheck.of(StartupCheckMode.IGNORE).run(backend);
        assertEquals(StartupCheckMode.IGNORE, report.mode(), clause("startup: the report names mode IGNORE"));
        assertNull(report.scan(), clause("startup: IGNORE does not scan"));
        assertNull(report.recovery(), clause("startup: IGNORE does not recover"));
        assertTrue(report.isClean(), clause("startup: IGNORE reports clean"));
        assertCounters(backend, "startup IGNORE does not scan or recover", 1, 0, 0, 0, 0);
    }

    @Test
    @DisplayName("startup: SCAN_ONLY scans once and reports clean")
    void startupScanOnly() {
        assertStartupScansOnce(StartupCheck.of(StartupCheckMode.SCAN_ONLY));
    }

    @Test
    @DisplayName("startup: FAIL_ON_ANOMALY passes on a healthy backend, scanning once")
    void startupFailOnAnomaly() {
        assertStartupScansOnce(StartupCheck.of(StartupCheckMode.FAIL_ON_ANOMALY));
    }

    @Test
    @DisplayName("startup: SCAN_ONLY with a time-out runs the scan on another thread")
    void startupWithTimeout() {
        assertStartupScansOnce(StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(CONCURRENCY_TIMEOUT));
    }

    private void assertStartupScansOnce(StartupCheck check) {
        PersistenceBackend backend = open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, clock.now()));
        Map<String, Object> before = observableState(backend);
        if (!backend.capabilities().contains(Capability.SCAN)) {
            assertThrows(StartupCheckException.class, () -> check.run(backend),
                    clause("startup: " + check.mode() + " fails on a backend without capability SCAN"));
            assertCounters(backend, "a refused startup check scans nothing", 1, 0, 0, 0, 0);
            return;
        }
        StartupCheckReport report = check.run(backend);
        assertEquals(check.mode(), report.mode(), clause("startup: the report names mode " + check.mode()));
        assertTrue(report.scan() != null && report.scan().isClean(),
                clause("startup: " + check.mode() + " reports one clean scan"));
        assertNull(report.recovery(), clause("startup: " + check.mode() + " does not recover"));
        assertTrue(report.isClean(), clause("startup: " + check.mode() + " reports clean"));
        assertEquals(before, observableState(backend), clause("startup: " + check.mode() + " changes no record"));
        assertCounters(backend, "startup " + check.mode() + " scans exactly once", 1, 0, 1, 0, 0);
    }

    @Test
    @DisplayName("startup: RECOVER scans, recovers, scans again and passes on a healthy backend")
    void startupRecover() {
        PersistenceBackend backend = open();
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(0, clock.now()));
        Map<String, Object> before = observableState(backend);
        StartupCheck check = StartupCheck.of(StartupCheckMode.RECOVER);
        if (!backend.capabilities().containsAll(EnumSet.of(Capability.SCAN, Capability.RECOVERY))) {
            assertThrows(StartupCheckException.class, () -> check.run(backend),
                    clause("startup: RECOVER fails on a backend without capabilities SCAN and RECOVERY"));
            assertCounters(backend, "a refused startup check scans and recovers nothing", 1, 0, 0, 0, 0);
            return;
        }
        StartupCheckReport report = check.run(backend);
        assertEquals(StartupCheckMode.RECOVER, report.mode(), clause("startup: the report names mode RECOVER"));
        assertTrue(report.scan() != null && report.scan().isClean(),
                clause("startup: RECOVER reports a clean first scan"));
        assertNotNull(report.recovery(), clause("startup: RECOVER reports its recovery"));
        assertEquals(RecoveryMode.REPAIR, report.recovery().mode(),
                clause("startup: RECOVER recovers with the default mode REPAIR"));
        assertTrue(report.rescan() != null && report.rescan().isClean(),
                clause("startup: RECOVER reports a clean second scan"));
        assertTrue(report.isClean(), clause("startup: RECOVER reports clean"));
        assertEquals(before, observableState(backend), clause("startup: RECOVER changes no record of a healthy backend"));
        assertCounters(backend, "startup RECOVER scans twice and recovers once", 1, 0, 2, 1, 0);
    }

    // ---------------------------------------------------------------- metrics

    @Test
    @DisplayName("metrics: records_written counts each append of each kind exactly; reads count nothing")
    void recordsWrittenCountsEveryAppend() {
        PersistenceBackend backend = open();
        long written = 0;
        long bytes = 0;
        for (int i = 0; i < 3; i++) {
            for (LogKind log : LogKind.values()) {
                log.append(backend, log.record(i, clock.now()));
                written++;
                MetricsSnapshot snapshot = assertCounters(backend, "records_written counts each append of " + log,
                        written, 0, 0, 0, 0);
                assertTrue(snapshot.bytesWritten() >= bytes,
                        clause("metrics: bytes_written never decreases (after an append of " + log + ")"));
                bytes = snapshot.bytesWritten();
            }
        }
        MetricsSnapshot beforeReads = backend.metrics().snapshot();
        for (LogKind log : LogKind.values()) {
            log.read(backend, Query.all());
            log.read(backend, Query.latest(1).withSince(clock.now()));
            log.readAll(backend);
        }
        assertEquals(beforeReads, backend.metrics().snapshot(), clause("metrics: reads change no counter"));
    }

    @Test
    @DisplayName("metrics: records_dropped counts each append of each kind after close")
    void recordsDroppedCountsAppendsAfterClose() {
        PersistenceBackend backend = open();
        for (LogKind log : LogKind.values()) {
            log.append(backend, log.record(0, clock.now()));
        }
        backend.close();
        long bytes = backend.metrics().snapshot().bytesWritten();
        long dropped = 0;
        for (int i = 1; i <= 2; i++) {
            for (LogKind log : LogKind.values()) {
                log.append(backend, log.record(i, clock.now()));
                dropped++;
                MetricsSnapshot snapshot = assertCounters(backend,
                        "records_dropped counts an append of " + log + " after close, records_written does not",
                        3, dropped, 0, 0, 0);
                assertEquals(bytes, snapshot.bytesWritten(), clause("metrics: a dropped append writes no bytes"));
            }
        }
    }

    @Test
    @DisplayName("metrics: reset() zeroes every counter, and counting resumes from zero")
    void resetZeroesEveryCounter() {
        PersistenceBackend backend = open();
        for (LogKind log : LogKind.values()) {
            log.append(backend, log.record(0, clock.now()));
        }
        Set<Capability> capabilities = backend.capabilities();
        if (capabilities.contains(Capability.SCAN)) {
            backend.scan();
        }
        if (capabilities.contains(Capability.RECOVERY)) {
            backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR));
        }
        if (capabilities.contains(Capability.COMPACTION)) {
            backend.compact();
        }
        Map<String, Object> before = observableState(backend);
        backend.metrics().reset();
        assertEquals(MetricsSnapshot.empty(), backend.metrics().snapshot(),
                clause("metrics: reset() zeroes every counter"));
        assertEquals(before, observableState(backend), clause("metrics: reset() does not touch the logs"));
        LogKind.DEAD_LETTERS.append(backend, LogKind.DEAD_LETTERS.record(1, clock.now()));
        assertCounters(backend, "records_written counts from zero after reset()", 1, 0, 0, 0, 0);
    }

    @Test
    @DisplayName("metrics: reset() after close zeroes records_dropped too")
    void resetZeroesDropped() {
        PersistenceBackend backend = open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, clock.now()));
        backend.close();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(1, clock.now()));
        assertCounters(backend, "records_dropped counts an append after close", 1, 1, 0, 0, 0);
        backend.metrics().reset();
        assertEquals(MetricsSnapshot.empty(), backend.metrics().snapshot(),
                clause("metrics: reset() zeroes every counter, records_dropped included"));
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(1, clock.now()));
        assertCounters(backend, "records_dropped counts from zero after reset()", 0, 1, 0, 0, 0);
    }

    @Test
    @DisplayName("metrics: a snapshot is a copy that later activity does not change")
    void snapshotIsACopy() {
        PersistenceBackend backend = open();
        MetricsSnapshot empty = backend.metrics().snapshot();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, clock.now()));
        MetricsSnapshot one = backend.metrics().snapshot();
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(0, clock.now()));
        backend.close();
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(1, clock.now()));
        assertEquals(0, empty.recordsWritten(), clause("metrics: an earlier snapshot keeps its records_written"));
        assertEquals(1, one.recordsWritten(), clause("metrics: an earlier snapshot keeps its records_written"));
        assertEquals(0, one.recordsDropped(), clause("metrics: an earlier snapshot keeps its records_dropped"));
        backend.metrics().reset();
        assertEquals(1, one.recordsWritten(), clause("metrics: reset() does not change an earlier snapshot"));
        assertNotEquals(one, backend.metrics().snapshot(), clause("metrics: a new snapshot sees later activity"));
    }

    @Test
    @DisplayName("metrics: asMap() has the eleven snake_case counters, equal to the accessors")
    void snapshotAsMap() {
        PersistenceBackend backend = open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, clock.now()));
        backend.close();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(1, clock.now()));
        MetricsSnapshot snapshot = backend.metrics().snapshot();
        Map<String, Long> map = snapshot.asMap();
        assertEquals(List.of("records_written", "bytes_written", "records_dropped", "scans", "anomalies_detected",
                "recoveries", "compactions", "write_errors", "scan_errors", "recovery_errors", "compaction_errors"),
                new ArrayList<>(map.keySet()), clause("metrics: asMap() keys, in order"));
        List<Long> accessors = List.of(snapshot.recordsWritten(), snapshot.bytesWritten(), snapshot.recordsDropped(),
                snapshot.scans(), snapshot.anomaliesDetected(), snapshot.recoveries(), snapshot.compactions(),
                snapshot.writeErrors(), snapshot.scanErrors(), snapshot.recoveryErrors(), snapshot.compactionErrors());
        assertEquals(accessors, new ArrayList<>(map.values()), clause("metrics: asMap() values equal the accessors"));
        assertEquals(1L, map.get("records_written"), clause("metrics: asMap() records_written"));
        assertEquals(1L, map.get("records_dropped"), clause("metrics: asMap() records_dropped"));
    }

    @Test
    @DisplayName("metrics: MetricsSnapshot.of(backend) equals metrics().snapshot(); metrics() is live")
    void snapshotOfBackend() {
        PersistenceBackend backend = open();
        PersistenceMetrics metrics = backend.metrics();
        for (LogKind log : LogKind.values()) {
            log.append(backend, log.record(0, clock.now()));
        }
        assertEquals(backend.metrics().snapshot(), MetricsSnapshot.of(backend),
                clause("metrics: MetricsSnapshot.of(backend) equals metrics().snapshot()"));
        assertEquals(3, metrics.snapshot().recordsWritten(),
                clause("metrics: a metrics() obtained earlier sees later appends"));
    }

    // ---------------------------------------------------------------- close

    @Test
    @DisplayName("close: isClosed goes false to true; close is idempotent")
    void closeIsIdempotent() {
        PersistenceBackend backend = open();
        assertFalse(backend.isClosed(), clause("close: a new backend is open"));
        PersistenceRecord kept = LogKind.EVENTS.record(0, clock.now());
        LogKind.EVENTS.append(backend, kept);
        backend.close();
        assertTrue(backend.isClosed(), clause("close: isClosed() is true after close()"));
        backend.close();
        assertTrue(backend.isClosed(), clause("close: a second close() does not throw and keeps it closed"));
        assertEquals(RetentionPolicy.none(), backend.retention(), clause("close: retention() works after close"));
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(1, clock.now()));
        assertEquals(List.of(kept), LogKind.EVENTS.read(backend, Query.all()),
                clause("close: a second close() keeps the records and keeps dropping appends"));
        assertCounters(backend, "after two close() calls, an append is counted once as dropped", 1, 1, 0, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("close: appends after close do not throw, are not visible, and are counted as dropped")
    void appendsAfterCloseAreDropped(LogKind log) {
        PersistenceBackend backend = open();
        List<PersistenceRecord> kept = appendSeries(backend, log, 2, clock.now(), Duration.ofSeconds(1));
        backend.close();
        log.append(backend, log.record(7, clock.now()));
        assertEquals(kept, log.read(backend, Query.all()), clause("close: an append of " + log + " after close is not visible"));
        for (LogKind other : LogKind.values()) {
            if (other != log) {
                assertEquals(List.of(), other.read(backend, Query.all()),
                        clause("close: an append of " + log + " after close lands in no log"));
            }
        }
        assertCounters(backend, "an append of " + log + " after close is counted in records_dropped", 2, 1, 0, 0, 0);
    }

    @Test
    @DisplayName("close: reads keep working after close, with queries and retention")
    void readsWorkAfterClose() {
        withRetention(RetentionPolicy.none().withMaxRecords(3), backend -> {
            Instant t = clock.now();
            Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
            for (LogKind log : LogKind.values()) {
                records.put(log, appendSeries(backend, log, 4, t, Duration.ofSeconds(1)));
            }
            backend.close();
            for (LogKind log : LogKind.values()) {
                List<PersistenceRecord> all = records.get(log);
                assertEquals(pick(all, 1, 2, 3), log.read(backend, Query.all()),
                        clause("close: " + log + " read after close, with retention"));
                assertEquals(pick(all, 1, 2, 3), log.readAll(backend),
                        clause("close: no-argument read of " + log + " after close"));
                assertEquals(pick(all, 3), log.read(backend, Query.latest(1)),
                        clause("close: limit over " + log + " after close"));
                assertEquals(pick(all, 2, 3), log.read(backend, Query.since(t.plusSeconds(2))),
                        clause("close: since over " + log + " after close"));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("close: a null record after close is still a NullPointerException, not a drop")
    void nullAppendAfterCloseIsRefused(LogKind log) {
        PersistenceBackend backend = open();
        backend.close();
        log.append(backend, log.record(0, clock.now()));
        assertThrows(NullPointerException.class, () -> log.appendNull(backend),
                clause("bad input: a null " + log + " record after close is a NullPointerException"));
        assertCounters(backend, "a null " + log + " record after close is not counted as dropped (a real one is)",
                0, 1, 0, 0, 0);
    }

    // ---------------------------------------------------------------- bad input

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("bad input: a null record is a NullPointerException and appends nothing")
    void nullRecordIsRefused(LogKind log) {
        PersistenceBackend backend = open();
        PersistenceRecord before = log.record(0, clock.now());
        log.append(backend, before);
        assertThrows(NullPointerException.class, () -> log.appendNull(backend),
                clause("bad input: a null " + log + " record is a NullPointerException"));
        assertEquals(List.of(before), log.read(backend, Query.all()), clause("bad input: a null " + log + " record appends nothing"));
        for (LogKind other : LogKind.values()) {
            if (other != log) {
                assertEquals(List.of(), other.read(backend, Query.all()),
                        clause("bad input: a null " + log + " record appends nothing to " + other));
            }
        }
        assertCounters(backend, "a null " + log + " record is not counted", 1, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LogKind.class)
    @DisplayName("bad input: a null query is a NullPointerException")
    void nullQueryIsRefused(LogKind log) {
        PersistenceBackend backend = open();
        log.append(backend, log.record(0, clock.now()));
        assertThrows(NullPointerException.class, () -> log.read(backend, null),
                clause("bad input: reading " + log + " with a null query is a NullPointerException"));
        assertEquals(1, log.read(backend, Query.all()).size(), clause("bad input: a refused read changes nothing"));
    }

    @Test
    @DisplayName("bad input: a negative limit is refused by the API before any read; the log is unchanged")
    void negativeLimitIsRefused() {
        PersistenceBackend backend = open();
        List<PersistenceRecord> records = appendSeries(backend, LogKind.EVENTS, 2, clock.now(), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> LogKind.EVENTS.read(backend, Query.latest(-1)),
                clause("bad input: Query.latest(-1) is an IllegalArgumentException"));
        assertThrows(IllegalArgumentException.class,
                () -> LogKind.EVENTS.read(backend, Query.since(clock.now()).withLimit(-1)),
                clause("bad input: withLimit(-1) is an IllegalArgumentException"));
        assertEquals(records, LogKind.EVENTS.read(backend, Query.all()),
                clause("bad input: a refused negative limit leaves the log unchanged"));
    }

    @Test
    @DisplayName("bad input: recover(null) is a NullPointerException")
    void recoverNullIsRefused() {
        PersistenceBackend backend = open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, clock.now()));
        Map<String, Object> before = observableState(backend);
        if (backend.capabilities().contains(Capability.RECOVERY)) {
            assertThrows(NullPointerException.class, () -> backend.recover(null),
                    clause("bad input: recover(null) is a NullPointerException"));
        } else {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> backend.recover(null),
                    clause("bad input: recover(null) without capability RECOVERY throws"));
            assertTrue(refused instanceof NullPointerException || refused instanceof UnsupportedOperationException,
                    clause("bad input: recover(null) without capability RECOVERY is a NullPointerException or an "
                            + "UnsupportedOperationException, was " + refused));
        }
        assertEquals(before, observableState(backend), clause("bad input: a refused recover(null) changes nothing"));
        assertCounters(backend, "a refused recover(null) is not counted", 1, 0, 0, 0, 0);
    }

    // ---------------------------------------------------------------- model-based

    @Test
    @DisplayName("model: seeded random sequences of appends, reads, clock moves, maintenance, resets and close agree "
            + "with a reference model")
    void randomSequencesAgreeWithModel() {
        Set<Capability> capabilities = capabilities();
        ModelRun.Factory factory = context -> {
            PersistenceBackend backend = createBackend(context);
            noteName(backend);
            return backend;
        };
        Optional<String> replay = settings.apply(SEED_SETTING).map(String::trim).filter(v -> !v.isEmpty());
        if (replay.isPresent()) {
            long seed;
            try {
                seed = Long.parseLong(replay.get());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SEED_SETTING + " must be a seed that a failure printed (a long), was "
                        + replay.get(), e);
            }
            runSequence(factory, ModelRun.generate(seed, ModelRun.shortLength(seed), capabilities),
                    "the replayed seed, short");
            runSequence(factory, ModelRun.generate(seed, ModelRun.LONG_LENGTH, capabilities), "the replayed seed, long");
            return;
        }
        int sequences = settings.apply(SEQUENCES_SETTING).map(String::trim).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SEQUENCES_SETTING + " must be a number of sequences, was " + value, e);
            }
        }).orElse(DEFAULT_SEQUENCES);
        SplittableRandom seeds = new SplittableRandom();
        for (int i = 0; i < sequences; i++) {
            long seed = seeds.nextLong();
            runSequence(factory, ModelRun.generate(seed, ModelRun.shortLength(seed), capabilities),
                    "short sequence " + (i + 1) + " of " + sequences);
        }
        for (int i = 0; i < LONG_SEQUENCES; i++) {
            long seed = seeds.nextLong();
            runSequence(factory, ModelRun.generate(seed, ModelRun.LONG_LENGTH, capabilities),
                    "long sequence " + (i + 1) + " of " + LONG_SEQUENCES);
        }
    }

    /** Runs one random sequence; on a failure, shrinks it and fails with the seed and the shortest sequence. */
    private void runSequence(ModelRun.Factory factory, ModelRun.Scenario scenario, String which) {
        ModelRun.Failure failure = ModelRun.replay(scenario, factory);
        if (failure == null) {
            return;
        }
        ModelRun.Shrunk shrunk = ModelRun.shrink(scenario, failure, factory, SHRINK_MAX_REPLAYS,
                System.nanoTime() + SHRINK_BUDGET.toNanos());
        ModelRun.Failure shown = shrunk.failure();
        List<Op> ops = shrunk.scenario().ops();
        StringBuilder message = new StringBuilder(clause(shown.clause()));
        message.append("\n  seed ").append(scenario.seed()).append(" (").append(which).append("); replay it alone with -D")
                .append(SEED_SETTING).append('=').append(scenario.seed())
                .append("\n  retention ").append(scenario.policy()).append(", clock starting at ").append(Op.ORIGIN)
                .append(", capabilities ").append(capabilities());
        if (shrunk.reproduced()) {
            message.append("\n  shortest failing sequence found: ").append(ops.size()).append(" of ")
                    .append(scenario.ops().size()).append(" operations (").append(shrunk.replays()).append(" replays):");
        } else {
            message.append("\n  the failure did not recur on a fresh backend (is the backend deterministic?); the "
                    + "whole sequence:");
        }
        for (int i = 0; i < ops.size(); i++) {
            message.append('\n').append(String.format("    %3d. %s", i + 1, ops.get(i).describe()));
        }
        String where = shown.index() < 0 ? "when the backend was created"
                : shown.index() >= ops.size() ? "after the last operation" : "at step " + (shown.index() + 1);
        message.append("\n  failed ").append(where).append(": ").append(shown.detail());
        fail(message.toString(), shown.cause());
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    @DisplayName("concurrency: concurrent writers to the three logs lose nothing and keep each writer's order")
    void concurrentWritersLoseNothing() throws Exception {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, daemonThreads("writer"));
        try {
            List<Future<?>> writers = startWriters(pool, backend, start, t);
            for (Future<?> writer : writers) {
                await(writer, "a writer");
            }
        } finally {
            pool.shutdownNow();
        }
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            assertEquals(WRITERS * RECORDS_PER_WRITER, records.size(),
                    clause("concurrency: every concurrent append of " + log + " is kept"));
            int[] counts = assertWritersPrefixes(records, log, "after the writers finished");
            for (int w = 0; w < WRITERS; w++) {
                assertEquals(RECORDS_PER_WRITER, counts[w], clause("concurrency: each of writer " + w + "'s " + log
                        + " is present exactly once, in that writer's order"));
            }
        }
        assertCounters(backend, "records_written counts every concurrent append",
                3L * WRITERS * RECORDS_PER_WRITER, 0, 0, 0, 0);
    }

    @Test
    @DisplayName("concurrency: a read sees every append that returned before it started, in any thread")
    void readsSeeEveryAppendThatReturnedBeforeThem() throws Exception {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        int appends = 1_000;
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, daemonThreads("read-your-writes"));
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    for (int i = 0; i < appends; i++) {
                        // Other writers append meanwhile; some of them may have started earlier and not finished.
                        PersistenceRecord own = LogKind.EVENTS.tagged(writer, i, t.plusMillis(i));
                        LogKind.EVENTS.append(backend, own);
                        List<? extends PersistenceRecord> seen = LogKind.EVENTS.read(backend, Query.since(t.plusMillis(i)));
                        assertTrue(seen.contains(own), clause("concurrency: a read sees the reader's own append, "
                                + "which returned before the read started (writer " + writer + ", append " + i + ")"));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                await(writer, "a writer that reads its own appends");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("concurrency: reads and metrics snapshots during concurrent appends see consistent prefixes")
    void concurrentReadsSeePrefixes() throws Exception {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        int readers = 2;
        long total = 3L * WRITERS * RECORDS_PER_WRITER;
        CyclicBarrier start = new CyclicBarrier(WRITERS + readers);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + readers, daemonThreads("reader-writer"));
        try {
            List<Future<?>> writers = startWriters(pool, backend, start, t);
            List<Future<?>> readerTasks = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                readerTasks.add(pool.submit(() -> {
                    start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    Map<LogKind, Integer> previousSizes = new EnumMap<>(LogKind.class);
                    long previousWritten = 0;
                    boolean last = false;
                    while (!last) {
                        last = !writing.get();
                        for (LogKind log : LogKind.values()) {
                            List<? extends PersistenceRecord> snapshot = log.read(backend, Query.all());
                            assertNotNull(snapshot, clause("concurrency: a read during appends returns a list"));
                            assertTrue(snapshot.size() >= previousSizes.getOrDefault(log, 0),
                                    clause("concurrency: a later read never sees fewer " + log));
                            previousSizes.put(log, snapshot.size());
                            assertWritersPrefixes(snapshot, log, "during appends");
                            List<? extends PersistenceRecord> latest = log.read(backend, Query.latest(50));
                            assertTrue(latest.size() <= 50, clause("concurrency: a limited read returns at most the limit"));
                            assertWritersRuns(latest, log);
                        }
                        MetricsSnapshot metrics = backend.metrics().snapshot();
                        assertNotNull(metrics, clause("concurrency: a metrics snapshot during appends is not null"));
                        assertTrue(metrics.recordsWritten() >= previousWritten && metrics.recordsWritten() <= total,
                                clause("concurrency: records_written never goes down and never exceeds the appends "
                                        + "attempted (" + total + "), was " + metrics.recordsWritten() + " after "
                                        + previousWritten));
                        assertEquals(0, metrics.recordsDropped() + metrics.writeErrors(),
                                clause("concurrency: nothing is dropped or failed while the backend is open"));
                        previousWritten = metrics.recordsWritten();
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                await(writer, "a writer");
            }
            writing.set(false);
            for (Future<?> reader : readerTasks) {
                await(reader, "a reader");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(reads.get() >= readers, clause("concurrency: each reader read at least once"));
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            int[] counts = assertWritersPrefixes(records, log, "after the writers finished");
            for (int w = 0; w < WRITERS; w++) {
                assertEquals(RECORDS_PER_WRITER, counts[w], clause("concurrency: every append of writer " + w + " to "
                        + log + " is kept while readers read"));
            }
        }
        assertCounters(backend, "records_written counts every append made while readers read", total, 0, 0, 0, 0);
    }

    @Test
    @DisplayName("concurrency: close() racing with writers throws nothing; every append is either written or dropped")
    void closeRacingWithWriters() throws Exception {
        PersistenceBackend backend = open();
        Instant t = clock.now();
        int closers = 2;
        int afterClose = 5;
        CountDownLatch underWay = new CountDownLatch(WRITERS);
        CountDownLatch closed = new CountDownLatch(closers);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + closers, daemonThreads("writer-closer"));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < RECORDS_PER_WRITER + afterClose; i++) {
                        if (i == RECORDS_PER_WRITER / 4) {
                            underWay.countDown();
                        }
                        if (i == RECORDS_PER_WRITER) {
                            assertTrue(closed.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                                    clause("concurrency: the closers finished"));
                        }
                        for (LogKind log : LogKind.values()) {
                            log.append(backend, log.tagged(writer, i, t.plusMillis(i)));
                        }
                    }
                    return null;
                }));
            }
            for (int c = 0; c < closers; c++) {
                tasks.add(pool.submit(() -> {
                    assertTrue(underWay.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                            clause("concurrency: the writers got under way"));
                    try {
                        backend.close();
                    } finally {
                        closed.countDown();
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                await(task, "a writer or closer");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(backend.isClosed(), clause("close: isClosed() is true after concurrent close() calls"));
        long attempted = 3L * WRITERS * (RECORDS_PER_WRITER + afterClose);
        MetricsSnapshot metrics = backend.metrics().snapshot();
        assertEquals(attempted, metrics.recordsWritten() + metrics.recordsDropped(), clause("concurrency: with close() "
                + "racing, records_written (" + metrics.recordsWritten() + ") + records_dropped ("
                + metrics.recordsDropped() + ") = the appends attempted"));
        assertTrue(metrics.recordsDropped() >= 3L * WRITERS * afterClose,
                clause("concurrency: every append started after close() returned is dropped and counted"));
        long visible = 0;
        for (LogKind log : LogKind.values()) {
            List<? extends PersistenceRecord> records = log.read(backend, Query.all());
            int[] counts = assertWritersPrefixes(records, log, "after a close() that raced with the writers");
            for (int w = 0; w < WRITERS; w++) {
                assertTrue(counts[w] <= RECORDS_PER_WRITER, clause("concurrency: no append of writer " + w
                        + " started after close() returned is visible in " + log));
                visible += counts[w];
            }
        }
        assertEquals(metrics.recordsWritten(), visible, clause("concurrency: with close() racing, every append counted "
                + "in records_written is visible, and no other"));
    }

    /**
     * Asserts that in {@code records}, each writer's records are exactly its first k records, in
     * order (a prefix of what it appended), with no record that a writer did not append; returns k
     * for each writer.
     */
    private int[] assertWritersPrefixes(List<? extends PersistenceRecord> records, LogKind log, String when) {
        int[] next = new int[WRITERS];
        for (PersistenceRecord record : records) {
            assertNotNull(record, clause("concurrency: a read " + when + " holds no null"));
            int writer = LogKind.writerOf(record);
            assertTrue(writer >= 0 && writer < WRITERS, clause("concurrency: a read " + when + " holds only appended "
                    + log + ", found " + record));
            assertEquals(next[writer], LogKind.seqOf(record), clause("concurrency: a read " + when + " sees a prefix "
                    + "of the log: writer " + writer + "'s " + log + " exactly once each, without gaps, in order"));
            assertEquals(log.tagged(writer, next[writer], clock.now().plusMillis(next[writer])), record,
                    clause("concurrency: a read " + when + " returns each " + log + " record whole"));
            next[writer]++;
        }
        return next;
    }

    /** Asserts that in a limited read, each writer's records are consecutive and in order (a run of its sequence). */
    private void assertWritersRuns(List<? extends PersistenceRecord> records, LogKind log) {
        int[] previous = new int[WRITERS];
        Arrays.fill(previous, -1);
        for (PersistenceRecord record : records) {
            assertNotNull(record, clause("concurrency: a limited read during appends holds no null"));
            int writer = LogKind.writerOf(record);
            int seq = LogKind.seqOf(record);
            assertTrue(previous[writer] < 0 || seq == previous[writer] + 1, clause("concurrency: a limited read of "
                    + log + " during appends holds a run of each writer's records, in order, without gaps"));
            previous[writer] = seq;
        }
    }

    /**
     * Submits {@link #WRITERS} writers that wait at {@code start}, then each append
     * {@link #RECORDS_PER_WRITER} tagged records to each of the three logs, stamped {@code t},
     * {@code t + 1 ms}, ...
     */
    private static List<Future<?>> startWriters(ExecutorService pool, PersistenceBackend backend,
                                                CyclicBarrier start, Instant t) {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (int i = 0; i < RECORDS_PER_WRITER; i++) {
                    for (LogKind log : LogKind.values()) {
                        log.append(backend, log.tagged(writer, i, t.plusMillis(i)));
                    }
                }
                return null;
            }));
        }
        return writers;
    }

    private void await(Future<?> task, String what) throws InterruptedException {
        try {
            task.get(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail(clause("concurrency: " + what + " did not finish within " + CONCURRENCY_TIMEOUT
                    + " (deadlock or livelock?)"), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            fail(clause("concurrency: " + what + " failed"), cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "papyra-tck-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
