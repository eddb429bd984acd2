package io.papyra.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * An actor lifecycle event, such as {@code ActorStarted} or {@code ActorCrashed}.
 *
 * <p>Immutable: the payload is copied into an unmodifiable map that keeps the caller's iteration
 * order. Equality is by value.
 *
 * <pre>{@code
 * var started = new EventRecord("orders", "local://1", "ActorStarted",
 *         Map.of("class", "OrderActor"), Instant.now());
 * }</pre>
 *
 * @param systemId     the actor system that produced the event, never null
 * @param actorAddress the address of the actor, for example {@code local://1}, never null
 * @param eventType    the name of the event type, for example {@code ActorStarted}, never null
 * @param payload      details of the event as text, never null (may be empty); no null keys or values
 * @param timestamp    when the event happened, never null
 */
public record EventRecord(String systemId, String actorAddress, String eventType,
                          Map<String, String> payload, Instant timestamp) implements PersistenceRecord {

    /**
     * Creates the value, validating every field.
     *
     * @param systemId     the actor system that produced the event, never null
     * @param actorAddress the address of the actor, for example {@code local://1}, never null
     * @param eventType    the name of the event type, for example {@code ActorStarted}, never null
     * @param payload      details of the event as text, never null (may be empty); no null keys or values
     * @param timestamp    when the event happened, never null
     * @throws NullPointerException if a field, or a key or value of the payload, is null; the message names it
     */
    public EventRecord {
        Checks.notNull(systemId, "systemId");
        Checks.notNull(actorAddress, "actorAddress");
        Checks.notNull(eventType, "eventType");
        payload = Checks.copyOfStrings(payload, "payload");
        Checks.notNull(timestamp, "timestamp");
    }

    /**
     * {@inheritDoc}
     *
     * <p>For an event: the timestamp, plus the UTF-8 lengths of the system id, actor address,
     * event type, and the payload's keys and values.
     */
    @Override
    public long sizeInBytes() {
        return TIMESTAMP_BYTES + Sizes.utf8(systemId) + Sizes.utf8(actorAddress) + Sizes.utf8(eventType)
                + Sizes.utf8(payload);
    }
}
