package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes and reads {@linkplain PersistenceRecord records} as one line of UTF-8 JSON each, in the wire
 * shape of the original Python system, so that its tools read what this codec writes and this codec
 * reads what the original writes. The backends that store JSON (Redis Streams, segment files) and
 * the command-line tools share it.
 *
 * <pre>{@code
 * RecordCodec codec = RecordCodec.standard();
 * byte[] line = codec.encode(event);                         // one line, no terminator
 * EventRecord back = codec.decode(line, EventRecord.class);  // equals event
 * try {
 *     codec.decode(corrupted, EventRecord.class);
 * } catch (MalformedRecordException e) {
 *     e.reason();                                            // NOT_JSON, TRUNCATED, WRONG_KIND...
 * }
 * }</pre>
 *
 * <h2>Wire shape</h2>
 * One JSON object per record, {@code kind} first, then the original's members in the original's
 * order, then {@code timestamp_ns}, a member that the original ignores:
 * <pre>{@code
 * {"kind":"event","system_id":"local","actor_address":{"system":"local","actor_id":2},"event_type":"ActorRestarted","payload":{"attempt":1,"ok":false},"timestamp":1767225601.000123,"timestamp_ns":1767225601000123000}
 * {"kind":"audit","system_id":"local","timestamp":12.5,"timestamp_ns":12500000000,"total_actors":3,"alive_actors":2,"stopping_actors":1,"restarting_actors":0,"registry_size":2,"registry_orphans":[],"registry_dead":["worker-7"],"dead_letters_count":4}
 * {"kind":"dead_letter","system_id":"local","target":null,"message_type":"Ping","payload":"ping","timestamp":1767225601.5,"timestamp_ns":1767225601500000000}
 * }</pre>
 * <ul>
 *   <li><b>Timestamps.</b> {@code timestamp} is the original's float seconds: the double closest to
 *       the instant, written with the shortest digits that read back as that double, laid out as
 *       Python's {@code repr} does ({@code 1767225601.000123}, {@code 12.5}, {@code 1e-05}).
 *       {@code timestamp_ns} is exact: the instant's nanoseconds since the epoch as a JSON integer
 *       ({@code Instant.MIN} is {@code -31557014167219200000000000}); beyond the long range (before
 *       1677 or after 2262) it is simply a longer integer. Reading, {@code timestamp_ns} wins when it
 *       is present; without it (the original's records) the instant is computed from the decimal
 *       text of {@code timestamp}, exactly, rounded half-even to the nanosecond
 *       ({@code 1767225601.000123} is 1767225601 s + 123000 ns, not the double's
 *       1767225601.0001230239...). {@code timestamp} is required, as the original requires it.</li>
 *   <li><b>Addresses.</b> An address {@code system://n} whose {@code n} is an integer in canonical form
 *       (no sign other than a leading {@code -}, no leading zero, within the long range) is written as the
 *       original's object {@code {"system": "system", "actor_id": n}}; any other address as a JSON
 *       string. Reading, such an object (exactly those two members, a string and an integer) becomes
 *       {@code system://n}; a string is the address itself; JSON {@code null} is no target (dead
 *       letters) or the empty address (events); any other JSON value, as the original's dumps of
 *       internal objects, becomes its {@linkplain JsonValues#canonicalJson(Object) canonical JSON text}.</li>
 *   <li><b>Payloads</b> are written as JSON values: maps in their iteration order, integral numbers as
 *       integers, doubles with the shortest digits that read back. Reading gives
 *       {@linkplain JsonValues JSON-like} values as the API normalises them: an integer is a
 *       {@code Long}, or a {@code BigInteger} beyond the long range; a number with a fraction or an
 *       exponent is a {@code Double}; so {@code decode(encode(r)).equals(r)} for every record (but
 *       see lone surrogates below).</li>
 *   <li><b>Text</b> is raw UTF-8: only {@code "}, {@code \} and the control characters are escaped
 *       (as {@code \n}, {@code \}{@code u001f} and so on), so a record is always one line. A lone
 *       surrogate (malformed UTF-16, which UTF-8 cannot carry) is written as an escape such as
 *       {@code \}{@code ud800} in a string value, and reads back as itself; in a map key it is written
 *       as U+FFFD, the replacement character, since Jackson's parser refuses it in a property name
 *       even escaped.</li>
 *   <li><b>Defaults</b>, as the original reads: unknown members are ignored; a member that is absent
 *       or JSON {@code null} takes its default: counters 0, name lists empty, {@code event_type} and
 *       {@code message_type} the empty string, an event's payload the empty map, a dead letter's
 *       payload and target null, {@code system_id} the {@linkplain #withDefaultSystemId(String)
 *       codec's default} (the original uses its backend's system id; without one, its absence is an
 *       error).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * An input that is not a record of the expected kind is a {@link MalformedRecordException} whose
 * {@linkplain MalformedRecordException#reason() reason} classifies it and whose message names the
 * member and the byte offset. The original writes NaN and infinities as bare tokens; they are read
 * and refused with {@link MalformedRecordException.Reason#BAD_PAYLOAD BAD_PAYLOAD} (or
 * {@link MalformedRecordException.Reason#BAD_MEMBER BAD_MEMBER} in a timestamp), since the API
 * holds finite numbers only. The codec has no length limits: it reads back whatever it writes.
 *
 * <p>Instances are immutable and thread-safe; one instance serves any number of threads at once.
 * Encoding and decoding take a Jackson generator or parser per call, whose buffers Jackson recycles.
 *
 * @since 0.2
 */
public final class RecordCodec {

    /** The kind values of the original, singular. */
    static final String EVENT = "event";
    static final String AUDIT = "audit";
    static final String DEAD_LETTER = "dead_letter";

    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString KIND_EVENT = new SerializedString(EVENT);
    private static final SerializableString KIND_AUDIT = new SerializedString(AUDIT);
    private static final SerializableString KIND_DEAD_LETTER = new SerializedString(DEAD_LETTER);
    private static final SerializableString SYSTEM_ID = new SerializedString("system_id");
    private static final SerializableString ACTOR_ADDRESS = new SerializedString("actor_address");
    private static final SerializableString EVENT_TYPE = new SerializedString("event_type");
    private static final SerializableString PAYLOAD = new SerializedString("payload");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString TIMESTAMP_NS = new SerializedString("timestamp_ns");
    private static final SerializableString TOTAL_ACTORS = new SerializedString("total_actors");
    private static final SerializableString ALIVE_ACTORS = new SerializedString("alive_actors");
    private static final SerializableString STOPPING_ACTORS = new SerializedString("stopping_actors");
    private static final SerializableString RESTARTING_ACTORS = new SerializedString("restarting_actors");
    private static final SerializableString REGISTRY_SIZE = new SerializedString("registry_size");
    private static final SerializableString REGISTRY_ORPHANS = new SerializedString("registry_orphans");
    private static final SerializableString REGISTRY_DEAD = new SerializedString("registry_dead");
    private static final SerializableString DEAD_LETTERS_COUNT = new SerializedString("dead_letters_count");
    private static final SerializableString TARGET = new SerializedString("target");
    private static final SerializableString MESSAGE_TYPE = new SerializedString("message_type");
    static final SerializableString SYSTEM = new SerializedString("system");
    static final SerializableString ACTOR_ID = new SerializedString("actor_id");

    /** Jackson's factory: immutable and thread-safe once built, shared by every codec. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            // Read the original's bare NaN and Infinity, to refuse them with a clear message.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER, StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // No limits: every record that the API accepts must read back (nesting is bounded by JsonValues.MAX_DEPTH).
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            // Raw UTF-8, supplementary characters as 4-byte sequences, escapes as the canonical text writes them.
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII, JsonWriteFeature.ESCAPE_FORWARD_SLASHES,
                    JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // Shortest round-trip digits on every JDK (Schubfach), as Double.toString gives them from JDK 19 on.
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final RecordCodec STANDARD = new RecordCodec(null);

    private final @Nullable String defaultSystemId;

    private RecordCodec(@Nullable String defaultSystemId) {
        this.defaultSystemId = defaultSystemId;
    }

    /**
     * Returns the standard codec: the wire shape described above, and no default system id (a record
     * without {@code system_id} is refused).
     *
     * @return the shared instance, thread-safe
     */
    public static RecordCodec standard() {
        return STANDARD;
    }

    /**
     * Returns a codec that reads a record without {@code system_id} (or with {@code null} there) as
     * belonging to the given system, as the original's backends read them with their own system id.
     * Encoding is unchanged.
     *
     * @param systemId the system id to assume, for example {@code local}
     * @return a codec with that default, thread-safe
     * @throws NullPointerException if {@code systemId} is null
     */
    public RecordCodec withDefaultSystemId(String systemId) {
        return new RecordCodec(Objects.requireNonNull(systemId, "systemId"));
    }

    /**
     * Returns the system id that this codec assumes for records that have none.
     *
     * @return the default, or null when such records are refused
     */
    public @Nullable String defaultSystemId() {
        return defaultSystemId;
    }

    // ------------------------------------------------------------------------------------------
    // Encoding
    // ------------------------------------------------------------------------------------------

    /**
     * Encodes a record as one line of JSON in UTF-8, without a line terminator.
     *
     * @param record the record
     * @return a new array holding the JSON text
     * @throws NullPointerException if {@code record} is null
     */
    public byte[] encode(PersistenceRecord record) {
        Objects.requireNonNull(record, "record");
        ExactBytes out = new ExactBytes();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8)) {
            write(generator, record);
        }
        return out.bytes();
    }

    /**
     * Encodes a record as one line of JSON, without a line terminator.
     *
     * @param record the record
     * @return the JSON text
     * @throws NullPointerException if {@code record} is null
     */
    public String encodeToString(PersistenceRecord record) {
        return new String(encode(record), StandardCharsets.UTF_8);
    }

    /**
     * Writes a record as one line of JSON in UTF-8 to a stream, without a line terminator. The bytes
     * are written when the record is complete (a record shorter than Jackson's buffer, about 8000
     * bytes, in one {@code write} call) and the stream is flushed; it is not closed. On an
     * {@link IOException}, part of the record may have been written.
     *
     * @param record the record
     * @param out    the stream, for example a reused {@link java.io.ByteArrayOutputStream}
     * @throws NullPointerException if an argument is null
     * @throws UncheckedIOException if the stream throws an {@link IOException}; it is the cause
     */
    public void encode(PersistenceRecord record, OutputStream out) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(out, "out");
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8)) {
            write(generator, record);
        } catch (JacksonIOException e) {
            IOException cause = e.getCause();
            throw new UncheckedIOException("writing a record: " + cause.getMessage(), cause);
        }
    }

    private static void write(JsonGenerator g, PersistenceRecord record) {
        g.writeStartObject();
        g.writeName(KIND);
        if (record instanceof EventRecord) {
            EventRecord event = (EventRecord) record;
            g.writeString(KIND_EVENT);
            g.writeName(SYSTEM_ID);
            g.writeString(event.systemId());
            g.writeName(ACTOR_ADDRESS);
            Addresses.write(g, event.actorAddress());
            g.writeName(EVENT_TYPE);
            g.writeString(event.eventType());
            g.writeName(PAYLOAD);
            writeValue(g, event.payload());
            writeTimestamp(g, event.timestamp());
        } else if (record instanceof AuditRecord) {
            AuditRecord audit = (AuditRecord) record;
            g.writeString(KIND_AUDIT);
            g.writeName(SYSTEM_ID);
            g.writeString(audit.systemId());
            writeTimestamp(g, audit.timestamp());
            g.writeName(TOTAL_ACTORS);
            g.writeNumber(audit.totalActors());
            g.writeName(ALIVE_ACTORS);
            g.writeNumber(audit.aliveActors());
            g.writeName(STOPPING_ACTORS);
            g.writeNumber(audit.stoppingActors());
            g.writeName(RESTARTING_ACTORS);
            g.writeNumber(audit.restartingActors());
            g.writeName(REGISTRY_SIZE);
            g.writeNumber(audit.registrySize());
            g.writeName(REGISTRY_ORPHANS);
            writeValue(g, audit.registryOrphans());
            g.writeName(REGISTRY_DEAD);
            writeValue(g, audit.registryDead());
            g.writeName(DEAD_LETTERS_COUNT);
            g.writeNumber(audit.deadLetterCount());
        } else {
            DeadLetterRecord letter = (DeadLetterRecord) record;
            g.writeString(KIND_DEAD_LETTER);
            g.writeName(SYSTEM_ID);
            g.writeString(letter.systemId());
            g.writeName(TARGET);
            String target = letter.targetAddress();
            if (target == null) {
                g.writeNull();
            } else {
                Addresses.write(g, target);
            }
            g.writeName(MESSAGE_TYPE);
            g.writeString(letter.messageType());
            g.writeName(PAYLOAD);
            writeValue(g, letter.payload());
            writeTimestamp(g, letter.timestamp());
        }
        g.writeEndObject();
    }

    private static void writeTimestamp(JsonGenerator g, Instant timestamp) {
        g.writeName(TIMESTAMP);
        g.writeNumber(WireTime.pythonText(WireTime.seconds(timestamp)));
        g.writeName(TIMESTAMP_NS);
        if (WireTime.nanosFitLong(timestamp)) {
            g.writeNumber(WireTime.epochNanosLong(timestamp));
        } else {
            g.writeNumber(WireTime.epochNanosBig(timestamp));
        }
    }

    /** Writes a JSON-like value in the API's normal form (records hold nothing else). */
    private static void writeValue(JsonGenerator g, @Nullable Object value) {
        if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Map<?, ?>) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                g.writeName(keyText((String) entry.getKey()));
                writeValue(g, entry.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?>) {
            g.writeStartArray();
            for (Object element : (List<?>) value) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Long) {
            g.writeNumber((long) (Long) value);
        } else if (value instanceof Double) {
            g.writeNumber((double) (Double) value);
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof BigInteger) {
            g.writeNumber((BigInteger) value);
        } else if (value == null) {
            g.writeNull();
        } else {
            // Unreachable for values that a record holds; JsonValues normalises everything else away.
            throw new IllegalStateException("not a normalised JSON-like value: " + value.getClass().getName());
        }
    }

    /**
     * A map key as it can be read back: a lone surrogate (malformed UTF-16, which UTF-8 cannot carry)
     * becomes U+FFFD, since Jackson's parser refuses one in a property name even when escaped. In a
     * string value it is escaped instead and reads back as itself.
     */
    static String keyText(String key) {
        int i = 0;
        int n = key.length();
        while (i < n && !Character.isSurrogate(key.charAt(i))) {
            i++;
        }
        if (i == n) {
            return key;
        }
        StringBuilder out = new StringBuilder(n).append(key, 0, i);
        while (i < n) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                out.append(c).append(key.charAt(i + 1));
                i += 2;
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Collects what Jackson writes on close: a record shorter than Jackson's buffer arrives in one
     * call and is copied once, into an array of exactly its length.
     */
    private static final class ExactBytes extends OutputStream {
        private byte[] bytes = new byte[0];

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (bytes.length == 0) {
                bytes = Arrays.copyOfRange(b, off, off + len);
            } else {
                byte[] joined = Arrays.copyOf(bytes, Math.addExact(bytes.length, len));
                System.arraycopy(b, off, joined, bytes.length, len);
                bytes = joined;
            }
        }

        byte[] bytes() {
            return bytes;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Decoding
    // ------------------------------------------------------------------------------------------

    /**
     * Decodes a record of any kind from UTF-8 JSON.
     *
     * @param data the JSON text of one record, in UTF-8; whitespace (such as a line terminator) may
     *             surround it
     * @return the record: an {@link EventRecord}, {@link AuditRecord} or {@link DeadLetterRecord}
     * @throws MalformedRecordException if the input is not a record; its reason says why
     * @throws NullPointerException     if {@code data} is null
     */
    public PersistenceRecord decode(byte[] data) {
        return decode(data, PersistenceRecord.class);
    }

    /**
     * Decodes a record of any kind from a range of UTF-8 JSON, for example one line of a buffer.
     *
     * @param data   the buffer
     * @param offset where the record's text starts
     * @param length how many bytes it has; whitespace may surround the record
     * @return the record: an {@link EventRecord}, {@link AuditRecord} or {@link DeadLetterRecord}
     * @throws MalformedRecordException  if the input is not a record; its offsets count from {@code offset}
     * @throws NullPointerException      if {@code data} is null
     * @throws IndexOutOfBoundsException if the range is not within {@code data}
     */
    public PersistenceRecord decode(byte[] data, int offset, int length) {
        return decode(data, offset, length, PersistenceRecord.class);
    }

    /**
     * Decodes a record of any kind from JSON text.
     *
     * @param json the JSON text of one record; whitespace may surround it
     * @return the record: an {@link EventRecord}, {@link AuditRecord} or {@link DeadLetterRecord}
     * @throws MalformedRecordException if the input is not a record; its offsets count the text's UTF-8 bytes
     * @throws NullPointerException     if {@code json} is null
     */
    public PersistenceRecord decode(String json) {
        return decode(json, PersistenceRecord.class);
    }

    /**
     * Decodes a record of an expected kind from UTF-8 JSON: a stream or a file holds one kind.
     *
     * @param <R>  the type of record
     * @param data the JSON text of one record, in UTF-8; whitespace may surround it
     * @param type {@code EventRecord.class}, {@code AuditRecord.class} or {@code DeadLetterRecord.class},
     *             or {@code PersistenceRecord.class} for any kind
     * @return the record
     * @throws MalformedRecordException if the input is not a record of that kind (reason
     *                                  {@link MalformedRecordException.Reason#WRONG_KIND WRONG_KIND}
     *                                  when it is a record of another kind)
     * @throws NullPointerException     if an argument is null
     */
    public <R extends PersistenceRecord> R decode(byte[] data, Class<R> type) {
        Objects.requireNonNull(data, "data");
        return decode(data, 0, data.length, type);
    }

    /**
     * Decodes a record of an expected kind from a range of UTF-8 JSON, for example one line of a
     * buffer.
     *
     * @param <R>    the type of record
     * @param data   the buffer
     * @param offset where the record's text starts
     * @param length how many bytes it has; whitespace may surround the record
     * @param type   {@code EventRecord.class}, {@code AuditRecord.class} or {@code DeadLetterRecord.class},
     *               or {@code PersistenceRecord.class} for any kind
     * @return the record
     * @throws MalformedRecordException  if the input is not a record of that kind; its offsets count
     *                                   from {@code offset}
     * @throws NullPointerException      if {@code data} or {@code type} is null
     * @throws IndexOutOfBoundsException if the range is not within {@code data}
     */
    public <R extends PersistenceRecord> R decode(byte[] data, int offset, int length, Class<R> type) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        Objects.checkFromIndexSize(offset, length, data.length);
        String expected = kindOf(type);
        PersistenceRecord record = new Decoder(this, data, offset, length, expected).decode();
        return type.cast(record);
    }

    /**
     * Returns a reader of many records that lie one after another in one buffer, for example the
     * entries of one page of a Redis stream copied side by side: {@link RangeReader#decode} has
     * exactly the contract of {@link #decode(byte[], int, int, Class)}, but while each range starts
     * where the one before it ended, the records are read with one parser, which saves creating one
     * per record (about as much work as reading a small record). The buffer must not change while
     * the reader is used.
     *
     * @param <R>  the type of record
     * @param data the buffer
     * @param end  where the records end in the buffer: no range read reaches beyond it
     * @param type {@code EventRecord.class}, {@code AuditRecord.class} or {@code DeadLetterRecord.class},
     *             or {@code PersistenceRecord.class} for any kind
     * @return a new reader, confined to one thread at a time
     * @throws NullPointerException      if {@code data} or {@code type} is null
     * @throws IndexOutOfBoundsException if {@code end} is not within {@code data}
     * @since 0.3
     */
    public <R extends PersistenceRecord> RangeReader<R> rangeReader(byte[] data, int end, Class<R> type) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        Objects.checkIndex(end, data.length + 1);
        kindOf(type); // refuses a type that is not a record type, as decode does
        return new RangeReader<>(this, data, end, type);
    }

    /**
     * Reads records that lie one after another in one buffer, with one parser while they are
     * contiguous (see {@link RecordCodec#rangeReader}). Not thread-safe: one thread at a time.
     *
     * @param <R> the type of record
     * @since 0.3
     */
    public static final class RangeReader<R extends PersistenceRecord> {

        private final RecordCodec codec;
        private final byte[] data;
        private final int end;
        private final Class<R> type;
        private final @Nullable String expected;
        private @Nullable JsonParser shared;
        /** Reads every record of the shared parser, keeping the strings that repeat from one to the next. */
        private @Nullable Decoder decoder;
        private int sharedStart;
        private int next = -1;

        RangeReader(RecordCodec codec, byte[] data, int end, Class<R> type) {
            this.codec = codec;
            this.data = data;
            this.end = end;
            this.type = type;
            this.expected = kindOf(type);
        }

        /**
         * Decodes the record in a range of the buffer, as {@link RecordCodec#decode(byte[], int, int, Class)}
         * does: the same record, or the same exception.
         *
         * @param offset where the record's text starts
         * @param length how many bytes it has; whitespace may surround the record
         * @return the record
         * @throws MalformedRecordException  if the range is not a record of the reader's kind; its
         *                                   offsets count from {@code offset}
         * @throws IndexOutOfBoundsException if the range is not within the buffer up to its end
         */
        public R decode(int offset, int length) {
            Objects.checkFromIndexSize(offset, length, end);
            int rangeEnd = offset + length;
            if (next < 0) {
                next = offset; // the first range starts the shared parser
            }
            if (offset == next) {
                if (shared == null) {
                    shared = parser(data, offset, end - offset);
                    sharedStart = offset;
                }
                try {
                    Decoder reader = decoder == null
                            ? decoder = new Decoder(codec, data, offset, length, expected, true)
                            : decoder.reset(offset, length);
                    PersistenceRecord record = reader.readShared(shared);
                    long stop = sharedStart + shared.currentLocation().getByteOffset();
                    if (stop <= rangeEnd && whitespace(data, (int) stop, rangeEnd)) {
                        next = rangeEnd;
                        return type.cast(record);
                    }
                } catch (RuntimeException e) {
                    // not a record, or not one that ends with its range: decoded again on its own below
                }
            }
            closeShared();
            next = rangeEnd; // the next range, if it starts here, gets a new shared parser
            return codec.decode(data, offset, length, type);
        }

        private void closeShared() {
            if (shared != null) {
                shared.close();
                shared = null;
            }
        }

        private static boolean whitespace(byte[] data, int from, int to) {
            for (int i = from; i < to; i++) {
                byte b = data[i];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Decodes a record of an expected kind from JSON text.
     *
     * @param <R>  the type of record
     * @param json the JSON text of one record; whitespace may surround it
     * @param type {@code EventRecord.class}, {@code AuditRecord.class} or {@code DeadLetterRecord.class},
     *             or {@code PersistenceRecord.class} for any kind
     * @return the record
     * @throws MalformedRecordException if the input is not a record of that kind; its offsets count
     *                                  the text's UTF-8 bytes
     * @throws NullPointerException     if an argument is null
     */
    public <R extends PersistenceRecord> R decode(String json, Class<R> type) {
        Objects.requireNonNull(json, "json");
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** The wire kind of a record type, or null for any kind. */
    private static @Nullable String kindOf(Class<? extends PersistenceRecord> type) {
        if (type == EventRecord.class) {
            return EVENT;
        }
        if (type == AuditRecord.class) {
            return AUDIT;
        }
        if (type == DeadLetterRecord.class) {
            return DEAD_LETTER;
        }
        if (type == PersistenceRecord.class) {
            return null;
        }
        throw new IllegalArgumentException("not a record type: " + type.getName()); // unreachable: the interface is sealed
    }

    /**
     * Returns a description of this codec, for logs.
     *
     * @return for example {@code RecordCodec[defaultSystemId=local]}
     */
    @Override
    public String toString() {
        return "RecordCodec[defaultSystemId=" + defaultSystemId + "]";
    }

    /** Opens a parser over a range of bytes: for the {@link Decoder}. */
    static JsonParser parser(byte[] data, int offset, int length) {
        return FACTORY.createParser(ObjectReadContext.empty(), data, offset, length);
    }
}
