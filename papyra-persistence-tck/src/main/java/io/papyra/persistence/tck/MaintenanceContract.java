package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.StartupCheck;
import io.papyra.persistence.StartupCheckException;
import io.papyra.persistence.StartupCheckMode;
import io.papyra.persistence.StartupCheckReport;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.CONCURRENCY_TIMEOUT;
import static io.papyra.persistence.tck.Fixture.appendSeries;
import static io.papyra.persistence.tck.Fixture.emptyLogs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's tests of scans, recoveries and startup checks on a healthy backend: a scan is clean,
 * read-only and counted; each recovery mode reports its mode and a clean scan, changes nothing and
 * is counted as a recovery (not a scan); each {@link io.papyra.persistence.StartupCheckMode} scans
 * and recovers exactly as documented; reports name the backend. Without the capability an operation
 * throws {@link UnsupportedOperationException} and changes nothing, and a startup check that needs
 * it fails with {@link io.papyra.persistence.StartupCheckException}.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface MaintenanceContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>scan: a new backend scans clean; counted in scans; appends carry on after it</em>.
     */
    @Test
    @DisplayName("scan: a new backend scans clean; counted in scans; appends carry on after it")
    default void scanOfNewBackend() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        long scans = 0;
        if (kit.supportsOrRefuses(backend, Capability.SCAN, "scan: scan()", emptyLogs(), backend::scan)) {
            ScanReport report = backend.scan();
            assertNotNull(report, kit.clause("scan: scan() returns a report"));
            kit.assertNamesBackend(backend, report.backend(), "scan: the report");
            assertTrue(report.isClean(), kit.clause("scan: a new backend has no anomaly, found " + report.anomalies()));
            kit.assertCounters(backend, "a scan is counted in scans, with no anomaly", 0, 0, 1, 0, 0);
            scans++;
        }
        kit.assertKeepsEverything(backend, "scan: appends carry on after a scan (or its refusal) of a new backend");
        kit.assertCounters(backend, "a scan of a new backend is counted, and the appends after it", 9, 0, scans, 0, 0);
    }

    /**
     * Tests the clause <em>scan: a backend with records scans clean, changes nothing, each scan counted</em>.
     */
    @Test
    @DisplayName("scan: a backend with records scans clean, changes nothing, each scan counted")
    default void scanOfBackendWithRecords() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, 3, kit.clock().now(), Duration.ofSeconds(1)));
        }
        if (!kit.supportsOrRefuses(backend, Capability.SCAN, "scan: scan()", records, backend::scan)) {
            return;
        }
        Map<String, Object> before = kit.observableState(backend);
        assertTrue(backend.scan().isClean(), kit.clause("scan: a healthy backend with records scans clean"));
        assertTrue(backend.scan().isClean(), kit.clause("scan: a second scan is clean too"));
        assertEquals(before, kit.observableState(backend), kit.clause("scan: scan() is read-only"));
        kit.assertCounters(backend, "each scan is counted in scans", 9, 0, 2, 0, 0);
    }

    /**
     * Tests the clause <em>recovery: each mode on a healthy backend reports that mode, a clean scan, nothing done; counted</em>.
     *
     * @param mode the recovery mode under test: each in turn
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RecoveryMode.class)
    @DisplayName("recovery: each mode on a healthy backend reports that mode, a clean scan, nothing done; counted")
    default void recoveryOfHealthyBackend(RecoveryMode mode) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, appendSeries(backend, log, 2, kit.clock().now(), Duration.ofSeconds(1)));
        }
        RecoveryConfig config = RecoveryConfig.of(mode);
        if (!kit.supportsOrRefuses(backend, Capability.RECOVERY, "recovery: recover(" + mode + ")", records,
                () -> backend.recover(config))) {
            return;
        }
        Map<String, Object> before = kit.observableState(backend);
        RecoveryReport report = backend.recover(config);
        assertNotNull(report, kit.clause("recovery: recover() returns a report"));
        kit.assertNamesBackend(backend, report.backend(), "recovery: the report");
        assertEquals(mode, report.mode(), kit.clause("recovery: the report names the mode that was applied"));
        assertTrue(report.scan().isClean(), kit.clause("recovery: a healthy backend's recovery scan is clean"));
        assertEquals(List.of(), report.repaired(), kit.clause("recovery: nothing is repaired in a healthy backend"));
        assertEquals(List.of(), report.quarantined(), kit.clause("recovery: nothing is quarantined in a healthy backend"));
        assertEquals(before, kit.observableState(backend), kit.clause("recovery: a healthy backend's records are untouched"));
        kit.assertCounters(backend, "a recovery is counted in recoveries (and not in scans)", 6, 0, 0, 1, 0);
    }

    /**
     * Tests the clause <em>bad input: recover(null) is a NullPointerException</em>.
     */
    @Test
    @DisplayName("bad input: recover(null) is a NullPointerException")
    default void recoverNullIsRefused() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, kit.clock().now()));
        Map<String, Object> before = kit.observableState(backend);
        if (backend.capabilities().contains(Capability.RECOVERY)) {
            assertThrows(NullPointerException.class, () -> backend.recover(null),
                    kit.clause("bad input: recover(null) is a NullPointerException"));
        } else {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> backend.recover(null),
                    kit.clause("bad input: recover(null) without capability RECOVERY throws"));
            assertTrue(refused instanceof NullPointerException || refused instanceof UnsupportedOperationException,
                    kit.clause("bad input: recover(null) without capability RECOVERY is a NullPointerException or an "
                            + "UnsupportedOperationException, was " + refused));
        }
        assertEquals(before, kit.observableState(backend), kit.clause("bad input: a refused recover(null) changes nothing"));
        kit.assertCounters(backend, "a refused recover(null) is not counted", 1, 0, 0, 0, 0);
    }

    /**
     * Tests the clause <em>startup: IGNORE checks nothing and does not scan</em>.
     */
    @Test
    @DisplayName("startup: IGNORE checks nothing and does not scan")
    default void startupIgnore() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, kit.clock().now()));
        StartupCheckReport report = StartupCheck.of(StartupCheckMode.IGNORE).run(backend);
        assertEquals(StartupCheckMode.IGNORE, report.mode(), kit.clause("startup: the report names mode IGNORE"));
        assertNull(report.scan(), kit.clause("startup: IGNORE does not scan"));
        assertNull(report.recovery(), kit.clause("startup: IGNORE does not recover"));
        assertTrue(report.isClean(), kit.clause("startup: IGNORE reports clean"));
        kit.assertCounters(backend, "startup IGNORE does not scan or recover", 1, 0, 0, 0, 0);
    }

    /**
     * Tests the clause <em>startup: SCAN_ONLY scans once and reports clean</em>.
     */
    @Test
    @DisplayName("startup: SCAN_ONLY scans once and reports clean")
    default void startupScanOnly() {
        assertStartupScansOnce(StartupCheck.of(StartupCheckMode.SCAN_ONLY));
    }

    /**
     * Tests the clause <em>startup: FAIL_ON_ANOMALY passes on a healthy backend, scanning once</em>.
     */
    @Test
    @DisplayName("startup: FAIL_ON_ANOMALY passes on a healthy backend, scanning once")
    default void startupFailOnAnomaly() {
        assertStartupScansOnce(StartupCheck.of(StartupCheckMode.FAIL_ON_ANOMALY));
    }

    /**
     * Tests the clause <em>startup: SCAN_ONLY with a time-out runs the scan on another thread</em>.
     */
    @Test
    @DisplayName("startup: SCAN_ONLY with a time-out runs the scan on another thread")
    default void startupWithTimeout() {
        assertStartupScansOnce(StartupCheck.of(StartupCheckMode.SCAN_ONLY).withTimeout(CONCURRENCY_TIMEOUT));
    }

    /**
     * Tests the clause <em>startup: RECOVER scans, recovers, scans again and passes on a healthy backend</em>.
     */
    @Test
    @DisplayName("startup: RECOVER scans, recovers, scans again and passes on a healthy backend")
    default void startupRecover() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        LogKind.AUDITS.append(backend, LogKind.AUDITS.record(0, kit.clock().now()));
        Map<String, Object> before = kit.observableState(backend);
        StartupCheck check = StartupCheck.of(StartupCheckMode.RECOVER);
        if (!backend.capabilities().containsAll(EnumSet.of(Capability.SCAN, Capability.RECOVERY))) {
            assertThrows(StartupCheckException.class, () -> check.run(backend),
                    kit.clause("startup: RECOVER fails on a backend without capabilities SCAN and RECOVERY"));
            kit.assertCounters(backend, "a refused startup check scans and recovers nothing", 1, 0, 0, 0, 0);
            return;
        }
        StartupCheckReport report = check.run(backend);
        assertEquals(StartupCheckMode.RECOVER, report.mode(), kit.clause("startup: the report names mode RECOVER"));
        kit.assertNamesBackend(backend, report.backend(), "startup: the report");
        assertTrue(report.scan() != null && report.scan().isClean(),
                kit.clause("startup: RECOVER reports a clean first scan"));
        assertNotNull(report.recovery(), kit.clause("startup: RECOVER reports its recovery"));
        assertEquals(RecoveryMode.REPAIR, report.recovery().mode(),
                kit.clause("startup: RECOVER recovers with the default mode REPAIR"));
        assertTrue(report.rescan() != null && report.rescan().isClean(),
                kit.clause("startup: RECOVER reports a clean second scan"));
        assertTrue(report.isClean(), kit.clause("startup: RECOVER reports clean"));
        assertEquals(before, kit.observableState(backend), kit.clause("startup: RECOVER changes no record of a healthy backend"));
        kit.assertCounters(backend, "startup RECOVER scans twice and recovers once", 1, 0, 2, 1, 0);
    }

    private void assertStartupScansOnce(StartupCheck check) {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        LogKind.EVENTS.append(backend, LogKind.EVENTS.record(0, kit.clock().now()));
        Map<String, Object> before = kit.observableState(backend);
        if (!backend.capabilities().contains(Capability.SCAN)) {
            assertThrows(StartupCheckException.class, () -> check.run(backend),
                    kit.clause("startup: " + check.mode() + " fails on a backend without capability SCAN"));
            kit.assertCounters(backend, "a refused startup check scans nothing", 1, 0, 0, 0, 0);
            return;
        }
        StartupCheckReport report = check.run(backend);
        assertEquals(check.mode(), report.mode(), kit.clause("startup: the report names mode " + check.mode()));
        kit.assertNamesBackend(backend, report.backend(), "startup: the report");
        assertTrue(report.scan() != null && report.scan().isClean(),
                kit.clause("startup: " + check.mode() + " reports one clean scan"));
        assertNull(report.recovery(), kit.clause("startup: " + check.mode() + " does not recover"));
        assertTrue(report.isClean(), kit.clause("startup: " + check.mode() + " reports clean"));
        assertEquals(before, kit.observableState(backend), kit.clause("startup: " + check.mode() + " changes no record"));
        kit.assertCounters(backend, "startup " + check.mode() + " scans exactly once", 1, 0, 1, 0, 0);
    }
}
