package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.StartupCheck;
import io.papyra.persistence.StartupCheckMode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;
import java.util.function.Function;

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
 * <h2>The contracts</h2>
 * The tests are grouped by concern in test interfaces whose default methods JUnit runs as tests of
 * this class: {@link LifecycleContract} (the factory and {@code close()}), {@link CapabilityContract},
 * {@link DurabilityContract}, {@link AppendContract}, {@link ReadContract} ({@code limit} and
 * {@code since}), {@link RetentionContract}, {@link CompactionContract}, {@link MaintenanceContract}
 * (scan, recovery and startup checks), {@link MetricsContract}, {@link ConcurrencyContract} and
 * {@link ModelContract}. This class implements them all; they are sealed, so a kit is always the
 * whole kit. Each test's {@link org.junit.jupiter.api.DisplayName display name} is the clause it
 * checks.
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
 * {@link ModelContract} drives the backend and a plain reference model through seeded random
 * sequences of operations, each operation run on one of a few worker threads in turn, and requires
 * every read and every metrics snapshot to agree. A failure reports the seed and the shortest
 * failing sequence found. Two settings, read from the JUnit configuration parameters or else the
 * system properties, control it:
 * <ul>
 *   <li>{@value #SEED_SETTING}: run only the sequences of this seed (as printed by a failure), for
 *       example {@code mvn test -Dpapyra.tck.seed=-4254160356417470531};</li>
 *   <li>{@value #SEQUENCES_SETTING}: how many short sequences (20 to 60 operations) to run, each of
 *       a new random seed (default {@value #DEFAULT_SEQUENCES}; a few long ones run as well).</li>
 * </ul>
 * A third, {@value #COUNTED_APPENDS_SETTING}, sets how many appends each writer of the test of
 * {@code records_written} under contention makes (default {@value #DEFAULT_COUNTED_APPENDS}).
 * {@link ConcurrencyContract} starts several writers, readers and closers at once, or hands appends
 * from thread to thread, bounded in time without sleeping; a backend that deadlocks fails them after
 * a time-out instead of hanging the build.
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
 *   <li>Scan, recovery and compaction reports carry {@link PersistenceBackend#name()}.</li>
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
 *       attempted; once they have returned, it equals them exactly, however many threads made them.</li>
 * </ul>
 *
 * <p>Every failure message starts with the backend's class name in brackets and names the clause
 * of the contract that failed, for example
 * {@code [InMemoryPersistence] retention: maxRecords keeps the newest N of each log}; an exception
 * thrown by the backend where the contract allows none becomes such a failure too, with the
 * exception as its cause.
 *
 * <p>Thread-safety: JUnit creates one instance per test method (or reuses one, with
 * {@code @TestInstance(PER_CLASS)}; the kit's state is per test either way) and runs each test on
 * one thread; the concurrency and model tests start threads of their own and join them before they
 * return.
 *
 * @since 0.1
 */
public abstract non-sealed class PersistenceBackendTck implements LifecycleContract, CapabilityContract,
        DurabilityContract, AppendContract, ReadContract, RetentionContract, CompactionContract,
        MaintenanceContract, MetricsContract, ConcurrencyContract, ModelContract {

    /**
     * The setting that makes the model-based test run only the sequence of one seed: a JUnit
     * configuration parameter or a system property, whose value is a seed printed by a failure.
     */
    public static final String SEED_SETTING = "papyra.tck.seed";

    /** The setting for the number of short random sequences the model-based test runs. */
    public static final String SEQUENCES_SETTING = "papyra.tck.sequences";

    /** The number of short random sequences the model-based test runs when {@value #SEQUENCES_SETTING} is unset. */
    public static final int DEFAULT_SEQUENCES = 1000;

    /**
     * The setting for the number of appends that each of the 4 writers of
     * {@link ConcurrencyContract#concurrentAppendsAreCountedExactly()} makes: a JUnit configuration
     * parameter or a system property. Lower it only for a backend too slow for the default; a
     * counter that loses updates is caught less often with fewer appends.
     *
     * @since 0.2
     */
    public static final String COUNTED_APPENDS_SETTING = "papyra.tck.countedAppends";

    /**
     * The number of appends of each writer of {@link ConcurrencyContract#concurrentAppendsAreCountedExactly()}
     * when {@value #COUNTED_APPENDS_SETTING} is unset.
     *
     * @since 0.2
     */
    public static final int DEFAULT_COUNTED_APPENDS = 2_500_000;

    /** Names failures and hands in the settings; see {@link KitExtension}. */
    @RegisterExtension
    static final KitExtension KIT_EXTENSION = new KitExtension();

    private Fixture fixture;

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
     * <p>Called from the test's thread only, never concurrently.
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

    /** Starts a test: a new fixture with the kit's settings ({@code papyra.tck.*}); called by {@link KitExtension}. */
    void startTest(Function<String, Optional<String>> settings) {
        fixture = new Fixture(this, settings);
    }

    /** The fixture of the running test; a default one if {@link KitExtension} did not start it. */
    Fixture fixture() {
        if (fixture == null) {
            fixture = new Fixture(this, key -> Optional.ofNullable(System.getProperty(key)));
        }
        return fixture;
    }

    /** The name that failures start with: the simple name of the backend class under test. */
    String backendName() {
        return fixture().backendName();
    }

    @AfterEach
    void closeBackends() {
        fixture().closeAll();
    }
}
