package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.papyra.persistence.tck.Fixture.appendAll;
import static io.papyra.persistence.tck.Fixture.appendToEachLog;
import static io.papyra.persistence.tck.Fixture.contents;
import static io.papyra.persistence.tck.Fixture.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kit's tests of {@link io.papyra.persistence.PersistenceBackend#capabilities()}: an
 * unmodifiable set, the same for the backend's whole life and for every backend of the factory; each
 * declared optional operation works, each undeclared one throws
 * {@link UnsupportedOperationException} and changes nothing; each declared retention bound is
 * honoured, each undeclared one refused by the factory.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface CapabilityContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>capabilities: non-null, unmodifiable, and the same for the backend's whole life</em>.
     */
    @Test
    @DisplayName("capabilities: non-null, unmodifiable, and the same for the backend's whole life")
    default void capabilitiesAreStableAndUnmodifiable() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Set<Capability> capabilities = backend.capabilities();
        assertNotNull(capabilities, kit.clause("capabilities: capabilities() must not return null"));
        Set<Capability> copy = EnumSet.noneOf(Capability.class);
        copy.addAll(capabilities);
        assertThrows(UnsupportedOperationException.class, () -> capabilities.add(Capability.DURABILITY),
                kit.clause("capabilities: the set is unmodifiable (add)"));
        assertThrows(UnsupportedOperationException.class, () -> capabilities.remove(Capability.SCAN),
                kit.clause("capabilities: the set is unmodifiable (remove)"));
        assertThrows(UnsupportedOperationException.class, capabilities::clear,
                kit.clause("capabilities: the set is unmodifiable (clear)"));
        assertEquals(copy, backend.capabilities(), kit.clause("capabilities: stable across calls"));
        Map<LogKind, List<PersistenceRecord>> records = new EnumMap<>(LogKind.class);
        for (LogKind log : LogKind.values()) {
            records.put(log, List.of(log.record(0, kit.clock().now())));
            log.append(backend, records.get(log).get(0));
        }
        assertEquals(records, contents(backend, Query.all()), kit.clause("append/read: the appends were kept"));
        assertEquals(copy, backend.capabilities(), kit.clause("capabilities: stable after appends"));
        backend.close();
        assertEquals(copy, backend.capabilities(), kit.clause("capabilities: stable after close"));
        assertEquals(copy, kit.open().capabilities(), kit.clause("capabilities: the same for every backend of the factory"));
    }

    /**
     * Tests the clause <em>capabilities: each optional operation works if it is declared, and refuses cleanly if it is not</em>.
     */
    @Test
    @DisplayName("capabilities: each optional operation works if it is declared, and refuses cleanly if it is not")
    default void declaredCapabilitiesAreImplemented() {
        Fixture kit = kit();
        PersistenceBackend backend = kit.open();
        Map<LogKind, List<PersistenceRecord>> records = appendToEachLog(backend, 2, kit.clock().now());
        Set<Capability> declared = backend.capabilities();
        long scans = 0;
        long recoveries = 0;
        long compactions = 0;
        if (kit.supportsOrRefuses(backend, Capability.SCAN, "capabilities: scan()", records, backend::scan)) {
            assertNotNull(backend.scan(), kit.clause("capabilities: SCAN is declared, so scan() returns a report"));
            scans++;
        }
        if (kit.supportsOrRefuses(backend, Capability.RECOVERY, "capabilities: recover(REPAIR)", records,
                () -> backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR)))) {
            assertNotNull(backend.recover(RecoveryConfig.of(RecoveryMode.REPAIR)),
                    kit.clause("capabilities: RECOVERY is declared, so recover() returns a report"));
            recoveries++;
        }
        if (kit.supportsOrRefuses(backend, Capability.COMPACTION, "capabilities: compact()", records, backend::compact)) {
            assertNotNull(backend.compact(), kit.clause("capabilities: COMPACTION is declared, so compact() returns a report"));
            compactions++;
        }
        assertEquals(records, contents(backend, Query.all()),
                kit.clause("capabilities: optional operations without retention change no log"));
        kit.assertCounters(backend, "each declared optional operation is counted once, a refused one not at all",
                6, 0, scans, recoveries, compactions);
        assertRetentionBoundsAsDeclared(declared);
    }

    /** Each retention bound is honoured if its capability is declared, and refused by the factory if it is not. */
    private void assertRetentionBoundsAsDeclared(Set<Capability> declared) {
        Fixture kit = kit();
        Instant t = kit.clock().now();
        Map<Capability, RetentionPolicy> bounds = new EnumMap<>(Capability.class);
        bounds.put(Capability.RETENTION_MAX_RECORDS, RetentionPolicy.none().withMaxRecords(1));
        bounds.put(Capability.RETENTION_MAX_AGE, RetentionPolicy.none().withMaxAge(Duration.ofMinutes(1)));
        bounds.put(Capability.RETENTION_MAX_TOTAL_BYTES, RetentionPolicy.none().withMaxTotalBytes(200));
        for (Map.Entry<Capability, RetentionPolicy> bound : bounds.entrySet()) {
            RetentionPolicy policy = bound.getValue();
            if (declared.contains(bound.getKey())) {
                PersistenceBackend bounded = kit.open(policy);
                assertEquals(policy, bounded.retention(), kit.clause("capabilities: " + bound.getKey()
                        + " is declared, so a backend is created with " + policy));
                List<PersistenceRecord> events = appendAll(bounded, LogKind.EVENTS, List.of(
                        LogKind.EVENTS.sized(0, t.minus(Duration.ofHours(1)), 150), LogKind.EVENTS.sized(1, t, 150)));
                assertEquals(pick(events, 1), LogKind.EVENTS.read(bounded, Query.all()), kit.clause("capabilities: "
                        + bound.getKey() + " is declared, so reads honour " + policy));
            } else {
                assertThrows(IllegalArgumentException.class, () -> kit.createBackend(TckContext.of(kit.clock(), policy)),
                        kit.clause("capabilities: " + bound.getKey() + " is not declared, so the factory refuses "
                                + policy + " with IllegalArgumentException"));
            }
        }
    }
}
