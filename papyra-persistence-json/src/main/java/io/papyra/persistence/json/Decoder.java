package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.json.MalformedRecordException.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads one record from one input: a new instance per call, confined to the calling thread.
 */
final class Decoder {

    /** The literals a JSON line may end in (NaN and the infinities as the original writes them). */
    private static final String[] LITERALS = {"true", "false", "null", "NaN", "Infinity", "-Infinity", "+INF", "-INF"};
    /** The start of a number, cut anywhere: {@code -}, {@code 1.}, {@code 1e}, {@code 1e+}... */
    private static final String[] KINDS = {RecordCodec.EVENT, RecordCodec.AUDIT, RecordCodec.DEAD_LETTER};
    private static final Pattern NUMBER_PREFIX =
            Pattern.compile("-?[0-9]*(\\.[0-9]*)?([eE][+-]?[0-9]*)?");

    private final RecordCodec codec;
    private final byte[] data;
    private final int offset;
    private final int length;
    private final @Nullable String expected;

    /** The top-level member being read, named in errors; null outside members. */
    private @Nullable String member;

    private @Nullable String kind;
    private long kindOffset = -1;
    private @Nullable String systemId;
    private @Nullable String secondsText;
    private @Nullable Instant exact;

    Decoder(RecordCodec codec, byte[] data, int offset, int length, @Nullable String expected) {
        this.codec = codec;
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.expected = expected;
    }

    /**
     * Reads the record from a parser that other records share, positioned before it: no check of
     * what follows, and Jackson's exceptions as they are (the caller decodes the range again on its
     * own to report a fault).
     */
    PersistenceRecord readShared(JsonParser p) {
        return readRecord(p);
    }

    PersistenceRecord decode() {
        try (JsonParser p = RecordCodec.parser(data, offset, length)) {
            PersistenceRecord record = readRecord(p);
            member = null;
            checkNothingFollows(p);
            return record;
        } catch (JacksonException e) {
            if (e instanceof UnexpectedEndOfInputException || atEnd(e)) {
                throw fromJackson(Reason.TRUNCATED, "the input ends before the record does: ", e);
            }
            throw fromJackson(Reason.NOT_JSON, "not well-formed JSON: ", e);
        }
    }

    /** The kind read by {@link #decode()}: for tests. */
    @Nullable String kind() {
        return kind;
    }

    // ------------------------------------------------------------------------------------------
    // The record
    // ------------------------------------------------------------------------------------------

    private PersistenceRecord readRecord(JsonParser p) {
        JsonToken token = p.nextToken();
        if (token == null) {
            throw malformed(Reason.TRUNCATED, "the input is empty: no JSON value", -1);
        }
        if (token != JsonToken.START_OBJECT) {
            throw malformed(Reason.NOT_AN_OBJECT, "the input is " + describe(token) + ", not a JSON object", here(p));
        }
        String name = p.nextName();
        if ("kind".equals(name)) {
            member = name;
            kind = readKind(p, p.nextToken());
            if (kind != null && !(expected == null ? isKnownKind(kind) : expected.equals(kind))) {
                kindOffset = here(p); // only an error names it: locating a token costs an object
            }
            name = nextName(p);
        } else {
            kind = findKind(); // not first (never so as written): look ahead in a second pass
        }
        if (kind == null) {
            throw new MalformedRecordException(Reason.MISSING_MEMBER, "kind", -1, "the record has no kind", null);
        }
        if (expected != null && !expected.equals(kind)) {
            throw new MalformedRecordException(Reason.WRONG_KIND, "kind", kindOffset,
                    "expected a record of kind \"" + expected + "\", found \"" + kind + "\"", null);
        }
        switch (kind) {
            case RecordCodec.EVENT:
                return readEvent(p, name);
            case RecordCodec.AUDIT:
                return readAudit(p, name);
            case RecordCodec.DEAD_LETTER:
                return readDeadLetter(p, name);
            default:
                throw new MalformedRecordException(Reason.WRONG_KIND, "kind", kindOffset, "unknown kind \"" + kind
                        + "\"; the kinds are \"event\", \"audit\" and \"dead_letter\"", null);
        }
    }

    private EventRecord readEvent(JsonParser p, @Nullable String first) {
        String actorAddress = null;
        String eventType = null;
        Map<String, @Nullable Object> payload = null;
        for (String name = first; name != null; name = nextName(p)) {
            member = name;
            JsonToken token = p.nextToken();
            switch (name) {
                case "system_id":
                    systemId = readString(p, token);
                    break;
                case "actor_address":
                    actorAddress = readAddress(p, token);
                    break;
                case "event_type":
                    eventType = readString(p, token);
                    break;
                case "payload":
                    if (token == JsonToken.START_OBJECT) {
                        payload = readMap(p, 1);
                    } else if (token != JsonToken.VALUE_NULL) {
                        throw badType(p, token, "an object");
                    }
                    break;
                default:
                    readCommon(p, name, token);
            }
        }
        member = null;
        Instant timestamp = timestamp();
        String system = systemId();
        try {
            return new EventRecord(system, actorAddress == null ? "" : actorAddress, eventType == null ? "" : eventType,
                    payload == null ? Map.of() : payload, timestamp);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e);
        }
    }

    private AuditRecord readAudit(JsonParser p, @Nullable String first) {
        int total = 0;
        int alive = 0;
        int stopping = 0;
        int restarting = 0;
        int registrySize = 0;
        List<String> orphans = List.of();
        List<String> dead = List.of();
        long deadLetters = 0;
        for (String name = first; name != null; name = nextName(p)) {
            member = name;
            JsonToken token = p.nextToken();
            switch (name) {
                case "system_id":
                    systemId = readString(p, token);
                    break;
                case "total_actors":
                    total = readCount(p, token);
                    break;
                case "alive_actors":
                    alive = readCount(p, token);
                    break;
                case "stopping_actors":
                    stopping = readCount(p, token);
                    break;
                case "restarting_actors":
                    restarting = readCount(p, token);
                    break;
                case "registry_size":
                    registrySize = readCount(p, token);
                    break;
                case "registry_orphans":
                    orphans = readNames(p, token);
                    break;
                case "registry_dead":
                    dead = readNames(p, token);
                    break;
                case "dead_letters_count":
                    deadLetters = readLongCount(p, token);
                    break;
                default:
                    readCommon(p, name, token);
            }
        }
        member = null;
        Instant timestamp = timestamp();
        String system = systemId();
        try {
            return new AuditRecord(system, timestamp, total, alive, stopping, restarting, registrySize, orphans, dead,
                    deadLetters);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e);
        }
    }

    private DeadLetterRecord readDeadLetter(JsonParser p, @Nullable String first) {
        String target = null;
        String messageType = null;
        Object payload = null;
        for (String name = first; name != null; name = nextName(p)) {
            member = name;
            JsonToken token = p.nextToken();
            switch (name) {
                case "system_id":
                    systemId = readString(p, token);
                    break;
                case "target":
                    target = readAddress(p, token);
                    break;
                case "message_type":
                    messageType = readString(p, token);
                    break;
                case "payload":
                    payload = readPayload(p, token);
                    break;
                default:
                    readCommon(p, name, token);
            }
        }
        member = null;
        Instant timestamp = timestamp();
        String system = systemId();
        try {
            return new DeadLetterRecord(system, target, messageType == null ? "" : messageType, payload, timestamp);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e);
        }
    }

    /** Moves to the next member's name, or returns null at the end of the record. */
    private @Nullable String nextName(JsonParser p) {
        member = null;
        return p.nextName();
    }

    /** The members that every kind has: kind again, the timestamps; anything else is skipped. */
    private void readCommon(JsonParser p, String name, JsonToken token) {
        switch (name) {
            case "kind":
                String again = readKind(p, token);
                if (!Objects.equals(again, kind)) {
                    throw new MalformedRecordException(Reason.WRONG_KIND, "kind", here(p),
                            "the record has two kinds, \"" + kind + "\" and \"" + again + "\"", null);
                }
                break;
            case "timestamp":
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    if (p.isNaN()) {
                        throw malformed(Reason.BAD_MEMBER, p.getString() + " is not a time: a timestamp must be finite",
                                here(p));
                    }
                    secondsText = p.getString(); // its offset is found again if an error needs it
                } else if (token == JsonToken.VALUE_NULL) {
                    secondsText = null;
                } else {
                    throw badType(p, token, "a number of seconds");
                }
                break;
            case "timestamp_ns":
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    try {
                        exact = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? WireTime.fromEpochNanos(p.getBigIntegerValue())
                                : WireTime.fromEpochNanos(p.getLongValue());
                    } catch (DateTimeException e) {
                        throw malformed(Reason.BAD_MEMBER, p.getString() + " ns is beyond the range of an Instant", here(p));
                    }
                } else if (token == JsonToken.VALUE_NULL) {
                    exact = null;
                } else {
                    throw badType(p, token, "an integer of nanoseconds");
                }
                break;
            default:
                p.skipChildren(); // unknown members are ignored, as the original ignores them
        }
    }

    private @Nullable String readKind(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            // The three kinds as the shared constants, without a new string for each record.
            char[] chars = p.getStringCharacters();
            int start = p.getStringOffset();
            int length = p.getStringLength();
            for (String known : KINDS) {
                if (sameChars(known, chars, start, length)) {
                    return known;
                }
            }
            return p.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw badType(p, token, "a string");
    }

    private static boolean sameChars(String text, char[] chars, int start, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) != chars[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKnownKind(String kind) {
        return RecordCodec.EVENT.equals(kind) || RecordCodec.AUDIT.equals(kind) || RecordCodec.DEAD_LETTER.equals(kind);
    }

    /**
     * Where the value of the last top-level member {@code name} starts, read in a pass of its own: only
     * errors need it, so the usual path does not locate every token.
     */
    private long lastValueOffset(String name) {
        long found = -1;
        try (JsonParser p = RecordCodec.parser(data, offset, length)) {
            p.nextToken();
            for (String next = p.nextName(); next != null; next = p.nextName()) {
                p.nextToken();
                if (name.equals(next)) {
                    found = here(p);
                }
                p.skipChildren();
            }
        } catch (JacksonException e) {
            return found; // unreachable: the first pass read the whole record
        }
        return found;
    }

    /** The kind when it is not the first member: the last {@code kind} member, read in a pass of its own. */
    private @Nullable String findKind() {
        String found = null;
        try (JsonParser p = RecordCodec.parser(data, offset, length)) {
            p.nextToken();
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken token = p.nextToken();
                if ("kind".equals(name)) {
                    member = name;
                    found = readKind(p, token);
                    kindOffset = here(p);
                    member = null;
                } else {
                    p.skipChildren();
                }
            }
        }
        return found;
    }

    private String systemId() {
        if (systemId != null) {
            return systemId;
        }
        String fallback = codec.defaultSystemId();
        if (fallback == null) {
            throw new MalformedRecordException(Reason.MISSING_MEMBER, "system_id", -1,
                    "the record has no system_id, and the codec has no default", null);
        }
        return fallback;
    }

    private Instant timestamp() {
        if (secondsText == null) {
            throw new MalformedRecordException(Reason.MISSING_MEMBER, "timestamp", -1,
                    "the record has no timestamp", null);
        }
        if (exact != null) {
            return exact;
        }
        try {
            return WireTime.fromSecondsText(secondsText);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new MalformedRecordException(Reason.BAD_MEMBER, "timestamp", lastValueOffset("timestamp"),
                    secondsText + " s is beyond the range of an Instant", null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Members
    // ------------------------------------------------------------------------------------------

    private @Nullable String readString(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw badType(p, token, "a string");
    }

    private int readCount(JsonParser p, JsonToken token) {
        long count = readLongCount(p, token);
        if (count > Integer.MAX_VALUE) {
            throw malformed(Reason.BAD_MEMBER, count + " is beyond the range of this count (" + Integer.MAX_VALUE + ")",
                    here(p));
        }
        return (int) count;
    }

    private long readLongCount(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw badType(p, token, "a non-negative integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw malformed(Reason.BAD_MEMBER, p.getString() + " is beyond the range of a count", here(p));
        }
        long count = p.getLongValue();
        if (count < 0) {
            throw malformed(Reason.BAD_MEMBER, count + " is negative; a count must be zero or more", here(p));
        }
        return count;
    }

    private List<String> readNames(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token != JsonToken.START_ARRAY) {
            throw badType(p, token, "an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
            if (element != JsonToken.VALUE_STRING) {
                throw new MalformedRecordException(Reason.BAD_MEMBER, member + "[" + names.size() + "]", here(p),
                        "a registry name must be a string, not " + describe(element), null);
            }
            names.add(p.getString());
        }
        return names;
    }

    /**
     * An address: the original's object {@code {"system": s, "actor_id": n}} is {@code s://n}, a string
     * is itself, null is null, and any other JSON value is its canonical JSON text.
     */
    private @Nullable String readAddress(JsonParser p, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        Object value;
        if (token == JsonToken.START_OBJECT) {
            try {
                value = readAddressObject(p);
            } catch (BadValue e) {
                throw new MalformedRecordException(Reason.BAD_MEMBER, member + e.path, e.offset, e.getMessage(), null);
            }
            if (value instanceof String) {
                return (String) value;
            }
        } else {
            value = readMember(p, token, Reason.BAD_MEMBER);
        }
        if (value instanceof Map<?, ?>) {
            Map<?, ?> map = (Map<?, ?>) value;
            Object system = map.get("system");
            Object actorId = map.get("actor_id");
            if (map.size() == 2 && system instanceof String && (actorId instanceof Long || actorId instanceof BigInteger)) {
                return Addresses.of((String) system, actorId);
            }
        }
        return JsonValues.canonicalJson(value);
    }

    /**
     * An address object, the parser on its start: the original's {@code {"system": s, "actor_id": n}}
     * (n within the long range) straight to {@code s://n}, without a map; any other object as
     * {@link #readObject} reads it, for {@link #readAddress} to judge.
     */
    private Object readAddressObject(JsonParser p) {
        String name = p.nextName();
        if (!"system".equals(name)) {
            return readRest(p, new LinkedHashMap<>(), name);
        }
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        JsonToken token = p.nextToken();
        if (token != JsonToken.VALUE_STRING) {
            putValue(p, map, name, token, 2);
            return readRest(p, map, p.nextName());
        }
        String system = p.getString();
        name = p.nextName();
        if (!"actor_id".equals(name)) {
            map.put("system", system);
            return readRest(p, map, name);
        }
        token = p.nextToken();
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long actorId = p.getLongValue();
            name = p.nextName();
            if (name == null) {
                return Addresses.of(system, actorId);
            }
            map.put("system", system);
            map.put("actor_id", actorId);
            return readRest(p, map, name);
        }
        map.put("system", system);
        putValue(p, map, "actor_id", token, 2);
        return readRest(p, map, p.nextName());
    }

    /** Reads the members of an object from {@code name} on into {@code map}, as {@link #readObject} does. */
    private Map<String, @Nullable Object> readRest(JsonParser p, Map<String, @Nullable Object> map, @Nullable String name) {
        for (String key = name; key != null; key = p.nextName()) {
            putValue(p, map, key, p.nextToken(), 2);
        }
        return map;
    }

    /** Reads the value of member {@code key} of an object into {@code map}, as {@link #readObject} does. */
    private void putValue(JsonParser p, Map<String, @Nullable Object> map, String key, JsonToken token, int depth) {
        try {
            map.put(key, readValue(p, token, depth));
        } catch (BadValue e) {
            throw e.within(segment(key));
        }
    }

    private @Nullable Object readPayload(JsonParser p, JsonToken token) {
        return readMember(p, token, Reason.BAD_PAYLOAD);
    }

    /** Reads a member's JSON value, turning a fault in it into an exception that names its path. */
    private @Nullable Object readMember(JsonParser p, JsonToken token, Reason reason) {
        try {
            return readValue(p, token, 1);
        } catch (BadValue e) {
            throw new MalformedRecordException(reason, member + e.path, e.offset, e.getMessage(), null);
        }
    }

    private Map<String, @Nullable Object> readMap(JsonParser p, int depth) {
        try {
            return readObject(p, depth);
        } catch (BadValue e) {
            throw new MalformedRecordException(Reason.BAD_PAYLOAD, member + e.path, e.offset, e.getMessage(), null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // JSON values, as JsonValues normalises them
    // ------------------------------------------------------------------------------------------

    private @Nullable Object readValue(JsonParser p, JsonToken token, int depth) {
        switch (token) {
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return (long) p.getIntValue();
                    case LONG:
                        return p.getLongValue();
                    default:
                        BigInteger big = p.getBigIntegerValue();
                        return big.bitLength() < 64 ? (Object) big.longValue() : big;
                }
            case VALUE_NUMBER_FLOAT:
                if (p.isNaN()) {
                    throw new BadValue(p.getString() + " is not a finite number; records hold finite numbers only", here(p));
                }
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new BadValue(p.getString() + " is beyond the range of a double", here(p));
                }
                return d;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_OBJECT:
                return readObject(p, depth);
            case START_ARRAY:
                return readArray(p, depth);
            default:
                throw new BadValue("unexpected " + token, here(p)); // unreachable with JSON input
        }
    }

    private Map<String, @Nullable Object> readObject(JsonParser p, int depth) {
        checkDepth(p, depth);
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            JsonToken token = p.nextToken();
            try {
                map.put(key, readValue(p, token, depth + 1));
            } catch (BadValue e) {
                throw e.within(segment(key));
            }
        }
        return map;
    }

    private List<@Nullable Object> readArray(JsonParser p, int depth) {
        checkDepth(p, depth);
        List<@Nullable Object> list = new ArrayList<>();
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            try {
                list.add(readValue(p, token, depth + 1));
            } catch (BadValue e) {
                throw e.within("[" + list.size() + "]");
            }
        }
        return list;
    }

    private void checkDepth(JsonParser p, int depth) {
        if (depth > JsonValues.MAX_DEPTH) {
            throw new BadValue("nested deeper than " + JsonValues.MAX_DEPTH + " levels of objects and arrays", here(p));
        }
    }

    /** A path segment as JsonValues names them: {@code .key}, or {@code ["key"]} when not an identifier. */
    private static String segment(String key) {
        boolean plain = !key.isEmpty() && Character.isJavaIdentifierStart(key.charAt(0));
        for (int i = 1; plain && i < key.length(); i++) {
            plain = Character.isJavaIdentifierPart(key.charAt(i));
        }
        return plain ? "." + key : "[" + JsonValues.canonicalJson(key) + "]";
    }

    /** A fault inside a JSON value; the enclosing values prepend their path segments as it unwinds. */
    private static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long offset;
        String path = "";

        BadValue(String message, long offset) {
            super(message, null, false, false);
            this.offset = offset;
        }

        BadValue within(String segment) {
            path = segment + path;
            return this;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    private void checkNothingFollows(JsonParser p) {
        JsonToken next;
        try {
            next = p.nextToken();
        } catch (JacksonException e) {
            throw fromJackson(Reason.TRAILING_DATA, "unexpected data after the record: ", e);
        }
        if (next != null) {
            throw malformed(Reason.TRAILING_DATA, "unexpected data after the record: " + describe(next), here(p));
        }
    }

    private MalformedRecordException badType(JsonParser p, JsonToken token, String wanted) {
        return malformed(Reason.BAD_MEMBER, "must be " + wanted + ", not " + describe(token), here(p));
    }

    private MalformedRecordException malformed(Reason reason, String message, long at) {
        return new MalformedRecordException(reason, member, at, message, null);
    }

    private MalformedRecordException invalid(RuntimeException e) {
        return new MalformedRecordException(Reason.BAD_MEMBER, null, -1, "not a valid record: " + e.getMessage(), e);
    }

    private MalformedRecordException fromJackson(Reason reason, String prefix, JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        long at = location == null ? -1 : location.getByteOffset();
        String detail = e.getOriginalMessage();
        // Jackson's own locations say "REDACTED"; the exception carries the offset instead.
        for (String noise : new String[] {"\n at [Source", " (start marker at [Source"}) {
            int cut = detail == null ? -1 : detail.indexOf(noise);
            if (cut >= 0) {
                detail = detail.substring(0, cut);
            }
        }
        return new MalformedRecordException(reason, member, at, prefix + detail, e);
    }

    /**
     * Whether Jackson failed at the end of the input, or in a last token that is the start of a
     * literal or a number ({@code tru}, {@code 1.}): a record cut short, whatever Jackson expected next.
     */
    private boolean atEnd(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        long at = location == null ? -1 : location.getByteOffset();
        if (at < 0 || at >= length) {
            return at >= length;
        }
        String tail = new String(data, offset + (int) at, length - (int) at, StandardCharsets.ISO_8859_1);
        if (NUMBER_PREFIX.matcher(tail).matches()) {
            return true;
        }
        for (String literal : LITERALS) {
            if (literal.startsWith(tail)) {
                return true;
            }
        }
        return false;
    }

    private static long here(JsonParser p) {
        return p.currentTokenLocation().getByteOffset();
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.toString();
        }
    }
}
