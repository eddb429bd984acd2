package io.papyra.persistence.junit;

import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceRecord;

import org.junit.jupiter.api.Assertions;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Assertions on what a backend recorded, with failure messages that show what was recorded instead.
 * They read the backend's retained records, as {@link PersistenceBackend#listEvents()} and the other
 * reads return them (so retention applies), and fail with JUnit's
 * {@link org.opentest4j.AssertionFailedError}.
 *
 * <pre>{@code
 * import static io.papyra.persistence.junit.PersistenceAssertions.*;
 *
 * assertEventRecorded(backend, "ActorStarted", "local://1");
 * assertDeadLetterCount(backend, 0);
 * }</pre>
 *
 * <p>A failure message names what was expected and lists the most recent records of the log (at most
 * {@value #SHOWN}), newest last, for example:
 * <pre>
 * Expected an event ActorStarted for actor local://1, but none was recorded. 2 events were recorded:
 *   2026-01-01T00:00:00Z local://2 ActorStarted {"class":"Worker"}
 *   2026-01-01T00:00:01Z local://1 ActorStopped {}
 * </pre>
 *
 * <p>Static methods only; thread-safe as the backend's reads are.
 *
 * @since 0.2
 */
public final class PersistenceAssertions {

    /** How many records a failure message lists at most. */
    static final int SHOWN = 10;

    private PersistenceAssertions() {
    }

    /**
     * Asserts that an event of {@code eventType} was recorded for the actor at {@code actorAddress}.
     *
     * @param backend      the backend to read, never null
     * @param eventType    the event type, for example {@code ActorStarted}; never null
     * @param actorAddress the actor's address, for example {@code local://1}; never null
     * @return the most recent matching event, for further assertions on its payload
     * @throws NullPointerException                  if an argument is null
     * @throws org.opentest4j.AssertionFailedError   if no such event is retained
     */
    public static EventRecord assertEventRecorded(PersistenceBackend backend, String eventType, String actorAddress) {
        List<EventRecord> events = events(backend, eventType, actorAddress);
        List<EventRecord> matching = events.stream()
                .filter(e -> e.eventType().equals(eventType) && e.actorAddress().equals(actorAddress))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            Assertions.fail("Expected an event " + eventType + " for actor " + actorAddress
                    + ", but none was recorded. " + listing(events, "event", PersistenceAssertions::describe));
        }
        return matching.get(matching.size() - 1);
    }

    /**
     * Asserts that no event of {@code eventType} was recorded for the actor at {@code actorAddress}.
     *
     * @param backend      the backend to read, never null
     * @param eventType    the event type; never null
     * @param actorAddress the actor's address; never null
     * @throws NullPointerException                if an argument is null
     * @throws org.opentest4j.AssertionFailedError if such an event is retained
     */
    public static void assertNoEventRecorded(PersistenceBackend backend, String eventType, String actorAddress) {
        List<EventRecord> events = events(backend, eventType, actorAddress);
        long found = events.stream()
                .filter(e -> e.eventType().equals(eventType) && e.actorAddress().equals(actorAddress))
                .count();
        if (found > 0) {
            Assertions.fail("Expected no event " + eventType + " for actor " + actorAddress + ", but " + found
                    + (found == 1 ? " was" : " were") + " recorded. "
                    + listing(events, "event", PersistenceAssertions::describe));
        }
    }

    /**
     * Asserts how many events are retained.
     *
     * @param backend  the backend to read, never null
     * @param expected the expected number, &gt;= 0
     * @throws NullPointerException                if {@code backend} is null
     * @throws IllegalArgumentException            if {@code expected} is negative
     * @throws org.opentest4j.AssertionFailedError if the number differs
     */
    public static void assertEventCount(PersistenceBackend backend, long expected) {
        assertCount(Objects.requireNonNull(backend, "backend must not be null").listEvents(), expected, "event",
                PersistenceAssertions::describe);
    }

    /**
     * Asserts that a dead letter of {@code messageType} was recorded, whatever its target.
     *
     * @param backend     the backend to read, never null
     * @param messageType the undelivered message's type, for example {@code PlaceOrder}; never null
     * @return the most recent matching dead letter
     * @throws NullPointerException                if an argument is null
     * @throws org.opentest4j.AssertionFailedError if no such dead letter is retained
     */
    public static DeadLetterRecord assertDeadLetterRecorded(PersistenceBackend backend, String messageType) {
        Objects.requireNonNull(messageType, "messageType must not be null");
        return deadLetter(backend, messageType, null, "Expected a dead letter " + messageType);
    }

    /**
     * Asserts that a dead letter of {@code messageType} sent to {@code targetAddress} was recorded.
     *
     * @param backend       the backend to read, never null
     * @param messageType   the undelivered message's type; never null
     * @param targetAddress the address it was sent to, for example {@code local://7}; never null
     * @return the most recent matching dead letter
     * @throws NullPointerException                if an argument is null
     * @throws org.opentest4j.AssertionFailedError if no such dead letter is retained
     */
    public static DeadLetterRecord assertDeadLetterRecorded(PersistenceBackend backend, String messageType,
                                                            String targetAddress) {
        Objects.requireNonNull(messageType, "messageType must not be null");
        Objects.requireNonNull(targetAddress, "targetAddress must not be null");
        return deadLetter(backend, messageType, targetAddress,
                "Expected a dead letter " + messageType + " to " + targetAddress);
    }

    /**
     * Asserts how many dead letters are retained.
     *
     * @param backend  the backend to read, never null
     * @param expected the expected number, &gt;= 0
     * @throws NullPointerException                if {@code backend} is null
     * @throws IllegalArgumentException            if {@code expected} is negative
     * @throws org.opentest4j.AssertionFailedError if the number differs
     */
    public static void assertDeadLetterCount(PersistenceBackend backend, long expected) {
        assertCount(Objects.requireNonNull(backend, "backend must not be null").listDeadLetters(), expected,
                "dead letter", PersistenceAssertions::describe);
    }

    /**
     * Asserts how many audits are retained.
     *
     * @param backend  the backend to read, never null
     * @param expected the expected number, &gt;= 0
     * @throws NullPointerException                if {@code backend} is null
     * @throws IllegalArgumentException            if {@code expected} is negative
     * @throws org.opentest4j.AssertionFailedError if the number differs
     */
    public static void assertAuditCount(PersistenceBackend backend, long expected) {
        assertCount(Objects.requireNonNull(backend, "backend must not be null").listAudits(), expected, "audit",
                a -> a.timestamp() + " " + a.systemId() + " total=" + a.totalActors() + " alive=" + a.aliveActors());
    }

    /**
     * Asserts that the backend dropped no append ({@code records_dropped} is 0): nothing was written
     * after it was closed.
     *
     * @param backend the backend to read, never null
     * @throws NullPointerException                if {@code backend} is null
     * @throws org.opentest4j.AssertionFailedError if an append was dropped
     */
    public static void assertNothingDropped(PersistenceBackend backend) {
        long dropped = Objects.requireNonNull(backend, "backend must not be null").metrics().snapshot().recordsDropped();
        if (dropped != 0) {
            Assertions.fail("Expected no dropped appends, but records_dropped is " + dropped
                    + ": something appended after the backend was closed");
        }
    }

    private static List<EventRecord> events(PersistenceBackend backend, String eventType, String actorAddress) {
        Objects.requireNonNull(backend, "backend must not be null");
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(actorAddress, "actorAddress must not be null");
        return backend.listEvents();
    }

    private static DeadLetterRecord deadLetter(PersistenceBackend backend, String messageType, String target,
                                               String expectation) {
        List<DeadLetterRecord> all = Objects.requireNonNull(backend, "backend must not be null").listDeadLetters();
        for (int i = all.size() - 1; i >= 0; i--) {
            DeadLetterRecord d = all.get(i);
            if (d.messageType().equals(messageType) && (target == null || target.equals(d.targetAddress()))) {
                return d;
            }
        }
        Assertions.fail(expectation + ", but none was recorded. "
                + listing(all, "dead letter", PersistenceAssertions::describe));
        throw new AssertionError("unreachable");
    }

    private static <R extends PersistenceRecord> void assertCount(List<R> records, long expected, String noun,
                                                                   Function<R, String> describe) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected must be >= 0, was " + expected);
        }
        if (records.size() != expected) {
            Assertions.fail("Expected " + expected + " " + plural(noun, expected) + ", but "
                    + listing(records, noun, describe));
        }
    }

    /** "3 events were recorded:" and the most recent of them, one per line. */
    static <R> String listing(List<R> records, String noun, Function<R, String> describe) {
        if (records.isEmpty()) {
            return "no " + noun + " was recorded.";
        }
        StringBuilder text = new StringBuilder().append(records.size()).append(' ').append(plural(noun, records.size()))
                .append(records.size() == 1 ? " was" : " were").append(" recorded");
        int from = Math.max(0, records.size() - SHOWN);
        text.append(from > 0 ? " (the last " + SHOWN + " shown):" : ":");
        for (R record : records.subList(from, records.size())) {
            text.append("\n  ").append(describe.apply(record));
        }
        return text.toString();
    }

    private static String plural(String noun, long count) {
        return count == 1 ? noun : noun + "s";
    }

    private static String describe(EventRecord e) {
        return e.timestamp() + " " + e.actorAddress() + " " + e.eventType() + " " + JsonValues.canonicalJson(e.payload());
    }

    private static String describe(DeadLetterRecord d) {
        return d.timestamp() + " " + (d.targetAddress() == null ? "(no target)" : d.targetAddress()) + " "
                + d.messageType() + " " + JsonValues.canonicalJson(d.payload());
    }
}
