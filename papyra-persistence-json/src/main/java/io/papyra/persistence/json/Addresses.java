package io.papyra.persistence.json;

import tools.jackson.core.JsonGenerator;

/**
 * Actor addresses on the wire: {@code system://n}, with {@code n} an integer in canonical form, as the
 * original's object {@code {"system": ..., "actor_id": n}}; any other address as a JSON string.
 * Stateless; thread-safe.
 */
final class Addresses {

    private static final String SEPARATOR = "://";

    private Addresses() {
    }

    /** Writes an address as the original's object when it has that shape, else as a string. */
    static void write(JsonGenerator g, String address) {
        int separator = address.lastIndexOf(SEPARATOR);
        if (separator >= 0) {
            int start = separator + SEPARATOR.length();
            if (isCanonicalLong(address, start)) {
                g.writeStartObject();
                g.writeName(RecordCodec.SYSTEM);
                g.writeString(address.substring(0, separator));
                g.writeName(RecordCodec.ACTOR_ID);
                g.writeNumber(Long.parseLong(address, start, address.length(), 10));
                g.writeEndObject();
                return;
            }
        }
        g.writeString(address);
    }

    /**
     * Whether {@code s} from {@code start} on is a long exactly as {@link Long#toString(long)} writes
     * it, so that writing it as a number and reading it back gives the same text.
     */
    static boolean isCanonicalLong(String s, int start) {
        int end = s.length();
        int digits = start < end && s.charAt(start) == '-' ? start + 1 : start;
        int count = end - digits;
        if (count == 0 || count > 19 || (s.charAt(digits) == '0' && (count > 1 || digits > start))) {
            return false; // empty, too long, a leading zero, or -0
        }
        for (int i = digits; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (count < 19) {
            return true;
        }
        try {
            Long.parseLong(s, start, end, 10);
            return true;
        } catch (NumberFormatException beyondLong) {
            return false;
        }
    }

    /** The address that the original's object denotes. */
    static String of(String system, Object actorId) {
        return system + SEPARATOR + actorId;
    }

    /** The address that the original's object denotes, for an id within the long range: no box, no text of it first. */
    static String of(String system, long actorId) {
        return system + SEPARATOR + actorId;
    }
}
