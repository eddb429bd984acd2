package io.papyra.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A message that could not be delivered.
 *
 * <p>Immutable: the payload is copied into an unmodifiable map that keeps the caller's iteration
 * order. Equality is by value.
 *
 * <pre>{@code
 * var lost = new DeadLetterRecord("orders", "local://7", "PlaceOrder",
 *         Map.of("orderId", "42"), Instant.now());
 * }</pre>
 *
 * @param systemId      the actor system in which delivery failed, never null
 * @param targetAddress the address the message was sent to, or null when it is unknown
 *                      (see {@link #target()})
 * @param messageType   the name of the message's type, never null
 * @param payload       the undeliverable message's content as text, never null (may be empty);
 *                      no null keys or values
 * @param timestamp     when delivery failed, never null
 */
public record DeadLetterRecord(String systemId, String targetAddress, String messageType,
                               Map<String, String> payload, Instant timestamp) implements PersistenceRecord {

    /**
     * Creates the value, validating every field.
     *
     * @param systemId      the actor system in which delivery failed, never null
     * @param targetAddress the address the message was sent to, or null when it is unknown (see {@link #target()})
     * @param messageType   the name of the message's type, never null
     * @param payload       the undeliverable message's content as text, never null (may be empty); no null keys or values
     * @param timestamp     when delivery failed, never null
     * @throws NullPointerException if a required field, or a key or value of the payload, is null; the message names it
     */
    public DeadLetterRecord {
        Checks.notNull(systemId, "systemId");
        Checks.notNull(messageType, "messageType");
        payload = Checks.copyOfStrings(payload, "payload");
        Checks.notNull(timestamp, "timestamp");
    }

    /**
     * Returns the target address, if one is known.
     *
     * @return the target address, or empty when the message had none
     */
    public Optional<String> target() {
        return Optional.ofNullable(targetAddress);
    }

    /**
     * {@inheritDoc}
     *
     * <p>For a dead letter: the timestamp, plus the UTF-8 lengths of the system id, the target
     * address (0 when absent), the message type, and the payload's keys and values.
     */
    @Override
    public long sizeInBytes() {
        return TIMESTAMP_BYTES + Sizes.utf8(systemId) + Sizes.utf8(targetAddress) + Sizes.utf8(messageType)
                + Sizes.utf8(payload);
    }
}
