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
 * Reads one record from one input: a new instance per call, or one instance per {@link RecordCodec.RangeReader}
 * that {@linkplain #reset resets} it for each record of its buffer. Confined to one thread.
 */
final class Decoder {

    /** The literals a JSON line may end in (NaN and the infinities as the original writes them). */
    private static final String[] LITERALS = {"true", "false", "null", "NaN", "Infinity", "-Infinity", "+INF", "-INF"};
    /** The start of a number, cut anywhere: {@code -}, {@code 1.}, {@code 1e}, {@code 1e+}... */
    private static final String[] KINDS = {RecordCodec.EVENT, RecordCodec.AUDIT, RecordCodec.DEAD_LETTER};
    private static final Pattern NUMBER_PREFIX =
            Pattern.compile("-?[0-9]*(\\.[0-9]*)?([eE][+-]?[0-9]*)?");

    /** Slots of {@link #recent}: a power of two. */
    private static final int RECENT_SLOTS = 32;

    private final RecordCodec codec;
    private final byte[] data;
    private int offset;
    private int length;
    private final @Nullable String expected;
    /**
     * For a decoder that reads many records: the identity strings of the last ones (system ids, event types,
     * addresses), by hash, so that a value seen before is not built again; null for a one-record decoder.
     */
    private final String @Nullable [] recent;
    /** For a decoder of many records: the map that each event's payload is read into (EventRecord copies it). */
    private final @Nullable Map<String, @Nullable Object> payloads;

    /** The top-level member being read, named in errors; null outside members. */
    private @Nullable String member;

    private @Nullable String kind;
    private long kindOffset = -1;
    private @Nullable String systemId;
    /** The text of the seconds timestamp (its first {@link #secondsLength} chars); a String only if it is used. */
    private char @Nullable [] seconds;
    private int secondsLength = -1;
    private @Nullable Instant exact;

    Decoder(RecordCodec codec, byte[] data, int offset, int length, @Nullable String expected) {
        this(codec, data, offset, length, expected, false);
    }

    /**
     * A decoder of the record in {@code data[offset, offset + length)}; {@code many}: it will be
     * {@linkplain #reset reset} for more records of the same buffer, and keeps their repeated strings.
     */
    Decoder(RecordCodec codec, byte[] data, int offset, int length, @Nullable String expected, boolean many) {
        this.codec = codec;
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.expected = expected;
        this.recent = many ? new String[RECENT_SLOTS] : null;
        this.payloads = many ? new LinkedHashMap<>() : null;
    }

    /** Forgets the last record read, to read the one in {@code data[offset, offset + length)}. */
    Decoder reset(int offset, int length) {
        this.offset = offset;
        this.length = length;
        member = null;
        kind = null;
        kindOffset = -1;
        systemId = null;
        secondsLength = -1;
        exact = null;
        return this;
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
                    systemId = readRepeated(p, token);
                    break;
                case "actor_address":
                    actorAddress = readAddress(p, token);
                    break;
                case "event_type":
                    eventType = readRepeated(p, token);
                    break;
                case "payload":
                    if (token == JsonToken.START_OBJECT) {
                        payload = readEventPayload(p);
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
                    systemId = readRepeated(p, token);
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
                    systemId = readRepeated(p, token);
                    break;
                case "target":
                    target = readAddress(p, token);
                    break;
                case "message_type":
                    messageType = readRepeated(p, token);
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
                    // Kept as chars (its offset is found again if an error needs it): with timestamp_ns, it is not used.
                    int n = p.getStringLength();
                    if (seconds == null || seconds.length < n) {
                        seconds = new char[Math.max(n, 32)];
                    }
                    System.arraycopy(p.getStringCharacters(), p.getStringOffset(), seconds, 0, n);
                    secondsLength = n;
                } else if (token == JsonToken.VALUE_NULL) {
                    secondsLength = -1;
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
        if (secondsLength < 0 || seconds == null) {
            throw new MalformedRecordException(Reason.MISSING_MEMBER, "timestamp", -1,
                    "the record has no timestamp", null);
        }
        if (exact != null) {
            return exact;
        }
        String secondsText = new String(seconds, 0, secondsLength);
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

    /**
     * A string member whose values repeat from record to record: the same String as before when a
     * decoder of many records has read these chars lately, else as {@link #readString}.
     */
    private @Nullable String readRepeated(JsonParser p, JsonToken token) {
        String[] slots = recent;
        if (token != JsonToken.VALUE_STRING || slots == null) {
            return readString(p, token);
        }
        char[] chars = p.getStringCharacters();
        int start = p.getStringOffset();
        int length = p.getStringLength();
        int hash = 0;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + chars[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (RECENT_SLOTS - 1);
        String known = slots[slot];
        if (known != null && sameChars(known, chars, start, length)) {
            return known;
        }
        String value = new String(chars, start, length);
        slots[slot] = value;
        return value;
    }

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
            return readRepeated(p, token);
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
        JsonToken token = p.nextToken();
        if (token != JsonToken.VALUE_STRING) {
            Map<String, @Nullable Object> map = new LinkedHashMap<>();
            putValue(p, map, name, token, 2);
            return readRest(p, map, p.nextName());
        }
        String system = readRepeated(p, token);
        name = p.nextName();
        if (!"actor_id".equals(name)) {
            return readRest(p, systemOnly(system), name);
        }
        token = p.nextToken();
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long actorId = p.getLongValue();
            name = p.nextName();
            if (name == null) {
                return Addresses.of(Objects.requireNonNull(system), actorId); // the usual case: no map at all
            }
            Map<String, @Nullable Object> map = systemOnly(system);
            map.put("actor_id", actorId);
            return readRest(p, map, name);
        }
        Map<String, @Nullable Object> map = systemOnly(system);
        putValue(p, map, "actor_id", token, 2);
        return readRest(p, map, p.nextName());
    }

    private static Map<String, @Nullable Object> systemOnly(@Nullable String system) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        map.put("system", system);
        return map;
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

    /**
     * An event's payload object: into {@link #payloads} when this decoder reads many records, since the
     * event deep-copies its payload and keeps none of the map it is given.
     */
    private Map<String, @Nullable Object> readEventPayload(JsonParser p) {
        Map<String, @Nullable Object> map = payloads;
        if (map == null) {
            return readMap(p, 1);
        }
        map.clear();
        try {
            return readObjectInto(p, 1, map);
        } catch (BadValue e) {
            throw new MalformedRecordException(Reason.BAD_PAYLOAD, member + e.path, e.offset, e.getMessage(), null);
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
        return readObjectInto(p, depth, new LinkedHashMap<>());
    }

    private Map<String, @Nullable Object> readObjectInto(JsonParser p, int depth, Map<String, @Nullable Object> map) {
        checkDepth(p, depth);
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
