package io.papyra.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * An actor lifecycle event, such as {@code ActorStarted} or {@code ActorCrashed}.
 *
 * <p>Immutable: the payload is deep-copied into {@linkplain JsonValues JSON-like} immutable values,
 * and its maps keep the caller's iteration order. Equality is by value.
 *
 * <pre>{@code
 * var crashed = new EventRecord("orders", "local://1", "ActorCrashed",
 *         Map.of("reason", "timeout", "attempt", 3, "fatal", false), Instant.now());
 * long attempt = (Long) crashed.payload().get("attempt");   // integral numbers are stored as Long
 * }</pre>
 *
 * @param systemId     the actor system that produced the event
 * @param actorAddress the address of the actor, for example {@code local://1}
 * @param eventType    the name of the event type, for example {@code ActorStarted}
 * @param payload      details of the event: string keys, {@linkplain JsonValues JSON-like} values
 *                     (which may be null, JSON's {@code null}); may be empty
 * @param timestamp    when the event happened
 * @since 0.1
 */
public record EventRecord(String systemId, String actorAddress, String eventType,
                          Map<String, ?> payload, Instant timestamp) implements PersistenceRecord {

    /**
     * Creates the value, validating every field and deep-copying the payload.
     *
     * @param systemId     the actor system that produced the event
     * @param actorAddress the address of the actor, for example {@code local://1}
     * @param eventType    the name of the event type, for example {@code ActorStarted}
     * @param payload      details of the event: string keys, {@linkplain JsonValues JSON-like} values; may be empty
     * @param timestamp    when the event happened
     * @throws NullPointerException     if a field or a payload key is null; the message names it
     * @throws IllegalArgumentException if a payload value is not JSON-like; the message names its
     *                                  path, for example {@code payload.items[2]}
     */
    public EventRecord {
        Checks.notNull(systemId, "systemId");
        Checks.notNull(actorAddress, "actorAddress");
        Checks.notNull(eventType, "eventType");
        payload = JsonValues.copyOfMap(payload, "payload");
        Checks.notNull(timestamp, "timestamp");
    }

    /**
     * {@inheritDoc}
     *
     * <p>For an event: the timestamp, plus the UTF-8 lengths of the system id, actor address and
     * event type, plus that of the payload's canonical JSON text.
     */
    @Override
    public long sizeInBytes() {
        return TIMESTAMP_BYTES + Sizes.utf8(systemId) + Sizes.utf8(actorAddress) + Sizes.utf8(eventType)
                + JsonValues.length(payload);
    }
}
