package io.papyra.persistence.json;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an input cannot be decoded into a record: it is not JSON, not an object, a record of
 * another kind, or a member is missing or has the wrong type. The message says what is wrong and
 * where (the member, and the offset in the input when known); {@link #reason()} classifies it, so
 * that a backend's scan can turn it into an anomaly without parsing the message.
 *
 * <p>Unchecked: a decoder's caller decides whether a bad record is fatal or a finding. Its state is
 * fixed at construction, so it may be shared between threads once thrown.
 *
 * @since 0.2
 */
public final class MalformedRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * What is wrong with an input, from the coarsest to the finest failure.
     *
     * @since 0.2
     */
    public enum Reason {
        /** The input is not well-formed JSON (a syntax error, or bytes that are not valid UTF-8). */
        NOT_JSON,
        /**
         * The input ends before the record's object does (for example a line cut short by a crash),
         * or is empty.
         */
        TRUNCATED,
        /** The input is a JSON value that is not an object. */
        NOT_AN_OBJECT,
        /** The object's {@code kind} is not the kind that was expected, or not a known kind. */
        WRONG_KIND,
        /** A required member ({@code kind}, {@code timestamp}, or {@code system_id} without a default) is absent. */
        MISSING_MEMBER,
        /** A member has the wrong JSON type or a value out of range (for example a negative counter). */
        BAD_MEMBER,
        /**
         * A payload holds a value that a record cannot hold: NaN or an infinity, a number beyond the
         * range of a double, or nesting deeper than {@link io.papyra.persistence.JsonValues#MAX_DEPTH}.
         */
        BAD_PAYLOAD,
        /** Something other than whitespace follows the record's object. */
        TRAILING_DATA
    }

    /** What is wrong with the input. */
    private final Reason reason;
    /** The member at fault, or null. */
    private final @Nullable String member;
    /** The offset of the fault in the input, or -1. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param reason  what is wrong
     * @param member  the member at fault (a top-level member name such as {@code timestamp}, or a
     *                path into one such as {@code payload.items[2]}), or null when no member is
     * @param offset  the offset in the input at which the fault was found (bytes from the start of
     *                the record), or -1 when unknown
     * @param message what is wrong, in words; the member and offset are appended to it
     * @param cause   the parser's exception, or null
     */
    public MalformedRecordException(Reason reason, @Nullable String member, long offset, String message,
                                    @Nullable Throwable cause) {
        super(describe(reason, member, offset, message), cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
        this.member = member;
        this.offset = offset < 0 ? -1 : offset;
    }

    private static String describe(Reason reason, @Nullable String member, long offset, String message) {
        StringBuilder out = new StringBuilder(message);
        if (member != null) {
            out.append(" (member ").append(member);
            if (offset >= 0) {
                out.append(", at byte offset ").append(offset);
            }
            out.append(')');
        } else if (offset >= 0) {
            out.append(" (at byte offset ").append(offset).append(')');
        }
        return out.append(" [").append(reason).append(']').toString();
    }

    /**
     * Returns what is wrong with the input.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the member at fault: a top-level member name such as {@code timestamp}, or a path into
     * one such as {@code payload.items[2]}.
     *
     * @return the member, or null when the fault is not in a member (for example the input is not JSON)
     */
    public @Nullable String member() {
        return member;
    }

    /**
     * Returns the offset in the input at which the fault was found, in bytes from the start of the
     * record (the {@code offset} given to the decoder is offset 0; a record decoded from a
     * {@code String} is counted in its UTF-8 bytes).
     *
     * @return the offset, or -1 when the parser did not give one
     */
    public long offset() {
        return offset;
    }
}
