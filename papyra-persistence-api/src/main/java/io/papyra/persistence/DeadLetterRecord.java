package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A message that could not be delivered.
 *
 * <p>Immutable: the payload, the undeliverable message, is deep-copied into a
 * {@linkplain JsonValues JSON-like} immutable value (a map, a list, a string, a number, a boolean or
 * null), as the original runtime accepts any message. Equality is by value.
 *
 * <pre>{@code
 * var lost = new DeadLetterRecord("orders", "local://7", "PlaceOrder",
 *         Map.of("orderId", 42, "lines", List.of("a", "b")), Instant.now());
 * var ping = new DeadLetterRecord("orders", null, "Ping", "ping", Instant.now());
 * }</pre>
 *
 * @param systemId      the actor system in which delivery failed
 * @param targetAddress the address the message was sent to, or null when it is unknown
 * @param messageType   the name of the message's type
 * @param payload       the undeliverable message: any {@linkplain JsonValues JSON-like} value, or null
 * @param timestamp     when delivery failed
 * @since 0.1
 */
public record DeadLetterRecord(String systemId, @Nullable String targetAddress, String messageType,
                               @Nullable Object payload, Instant timestamp) implements PersistenceRecord {

    /**
     * Creates the value, validating every field and deep-copying the payload.
     *
     * @param systemId      the actor system in which delivery failed
     * @param targetAddress the address the message was sent to, or null when it is unknown
     * @param messageType   the name of the message's type
     * @param payload       the undeliverable message: any {@linkplain JsonValues JSON-like} value, or null
     * @param timestamp     when delivery failed
     * @throws NullPointerException     if a required field or a payload map key is null; the message names it
     * @throws IllegalArgumentException if the payload, or a value in it, is not JSON-like; the
     *                                  message names its path, for example {@code payload.lines[2]}
     */
    public DeadLetterRecord {
        Checks.notNull(systemId, "systemId");
        Checks.notNull(messageType, "messageType");
        payload = JsonValues.copy(payload, "payload");
        Checks.notNull(timestamp, "timestamp");
    }

    /**
     * {@inheritDoc}
     *
     * <p>For a dead letter: the timestamp, plus the UTF-8 lengths of the system id, the target
     * address (0 when absent) and the message type, plus that of the payload's canonical JSON text
     * ({@code null}, 4 bytes, when the payload is null).
     */
    @Override
    public long sizeInBytes() {
        return TIMESTAMP_BYTES + Sizes.utf8(systemId) + Sizes.utf8(targetAddress) + Sizes.utf8(messageType)
                + JsonValues.length(payload);
    }
}
