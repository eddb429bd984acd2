package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RetentionPolicy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.papyra.persistence.tck.Fixture.appendToEachLog;
import static io.papyra.persistence.tck.Fixture.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The kit's test of {@link io.papyra.persistence.Capability#DURABILITY}: a backend that declares
 * it reads back, after {@link PersistenceBackendTck#reopenBackend reopenBackend}, every record of a
 * closed one and appends after them; a backend that does not shares no record with another backend
 * of the factory.
 *
 * <p>Part of {@link PersistenceBackendTck}, which every backend kit extends; JUnit runs these
 * default methods as tests of that class. Not to be implemented on its own.
 *
 * @since 0.2
 */
public sealed interface DurabilityContract permits PersistenceBackendTck {

    private Fixture kit() {
        return Fixture.of(this);
    }

    /**
     * Tests the clause <em>capabilities: DURABILITY is declared only by a backend whose records survive a reopen</em>.
     */
    @Test
    @DisplayName("capabilities: DURABILITY is declared only by a backend whose records survive a reopen")
    default void durabilityAsDeclared() {
        Fixture kit = kit();
        TckContext context = TckContext.of(kit.clock(), RetentionPolicy.none());
        PersistenceBackend first = kit.createBackend(context);
        assertNotNull(first, kit.clause("factory: createBackend must return a backend, not null"));
        Map<LogKind, List<PersistenceRecord>> records = appendToEachLog(first, 2, kit.clock().now());
        assertEquals(records, contents(first, Query.all()), kit.clause("append/read: the appends were kept"));
        if (first.capabilities().contains(Capability.DURABILITY)) {
            assertRecordsSurviveReopen(context, first, records);
        } else {
            PersistenceBackend second = kit.open();
            for (LogKind log : LogKind.values()) {
                assertEquals(List.of(), log.read(second, Query.all()),
                        kit.clause("factory: without DURABILITY, a new backend shares no " + log + " with an earlier one"));
            }
            assertEquals(records, contents(first, Query.all()),
                    kit.clause("factory: a new backend leaves an earlier one's records alone"));
        }
    }

    /** Closes {@code first}, reopens it, and asserts that the new backend reads back {@code records} and appends after them. */
    private void assertRecordsSurviveReopen(TckContext context, PersistenceBackend first,
                                            Map<LogKind, List<PersistenceRecord>> records) {
        Fixture kit = kit();
        first.close();
        PersistenceBackend reopened = kit.reopenBackend(context, first);
        assertNotNull(reopened, kit.clause("capabilities: DURABILITY is declared, so reopenBackend returns a backend"));
        assertFalse(reopened.isClosed(), kit.clause("capabilities: a reopened backend is open"));
        assertEquals(records, contents(reopened, Query.all()),
                kit.clause("capabilities: DURABILITY is declared, so a reopened backend reads back every record"));
        PersistenceRecord next = LogKind.EVENTS.record(9, kit.clock().now());
        LogKind.EVENTS.append(reopened, next);
        List<PersistenceRecord> events = new ArrayList<>(records.get(LogKind.EVENTS));
        events.add(next);
        assertEquals(events, LogKind.EVENTS.read(reopened, Query.all()),
                kit.clause("capabilities: a reopened backend appends after what it read back"));
    }
}
