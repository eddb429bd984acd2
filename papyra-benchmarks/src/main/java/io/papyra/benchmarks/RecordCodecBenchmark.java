package io.papyra.benchmarks;

import io.papyra.persistence.EventRecord;
import io.papyra.persistence.json.RecordCodec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON record codec on the append path of the I/O backends: encoding and decoding an event with
 * a small string payload and one with a nested payload, against floors measured in the same run.
 *
 * <ul>
 *   <li>{@code floorGetBytes*}: {@code String.getBytes(UTF_8)} of a precomputed line as long as the
 *       record's JSON: the cost of producing that many bytes at all;</li>
 *   <li>{@code floorStringBuilderSmall}: the same JSON as the codec writes, built by hand with a
 *       {@code StringBuilder} from the record's fields (no escaping, a precomputed timestamp text) and
 *       encoded: what a hand-written encoder that skips the work would cost;</li>
 *   <li>{@code floorNewString*}: {@code new String(bytes, UTF_8)} of the encoded record: the cost of
 *       just reading that many bytes into text, which any decoder pays in some form.</li>
 * </ul>
 * Not part of the {@link Suite}'s goal table. On a busy 2-core machine compare the rows of one run only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RecordCodecBenchmark {

    private static final int PAGE = 100;
    private static final Instant TIMESTAMP = Instant.ofEpochSecond(1_767_225_601L, 123_456_789);

    private static final JsonFactory TOKENS = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final RecordCodec codec = RecordCodec.standard();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    private EventRecord small;
    private EventRecord nested;
    private byte[] smallBytes;
    private byte[] nestedBytes;
    private String smallLine;
    private String nestedLine;
    private String timestampText;
    private byte[] page;
    private int[] pageOffsets;

    @Setup
    public void prepare() {
        small = new EventRecord("orders", "local://17", "ActorCrashed", Map.of("reason", "timeout"), TIMESTAMP);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reason", "timeout while waiting for the inventory service");
        payload.put("attempt", 3);
        payload.put("fatal", false);
        payload.put("elapsedSeconds", 1.25);
        payload.put("path", List.of("supervisor", "orders", "worker-17"));
        payload.put("mailbox", Map.of("size", 128, "oldest", Map.of("type", "PlaceOrder", "ageMillis", 5003)));
        nested = new EventRecord("orders", "local://17", "ActorCrashed", payload, TIMESTAMP);
        smallBytes = codec.encode(small);
        nestedBytes = codec.encode(nested);
        // Floors: lines of the same length, precomputed (ASCII here, as the records are).
        smallLine = "x".repeat(smallBytes.length);
        nestedLine = "x".repeat(nestedBytes.length);
        // A page of 100 events as the Redis backend's benchmark stream holds them, side by side.
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        pageOffsets = new int[PAGE + 1];
        for (int i = 0; i < PAGE; i++) {
            pageOffsets[i] = entries.size();
            entries.writeBytes(codec.encode(new EventRecord("bench", "local://" + (i % 100), "ActorStarted",
                    Map.of("seq", 900_000 + i), TIMESTAMP.plusMillis(i))));
        }
        pageOffsets[PAGE] = entries.size();
        page = entries.toByteArray();
        String json = new String(smallBytes, StandardCharsets.UTF_8);
        int start = json.indexOf("\"timestamp\":") + "\"timestamp\":".length();
        timestampText = json.substring(start, json.indexOf(',', start));
        if (!handBuiltSmall().equals(json)) {
            throw new IllegalStateException("the hand-built floor must write the codec's bytes:\n"
                    + handBuiltSmall() + "\n" + json);
        }
    }

    @Benchmark
    public byte[] encodeSmall() {
        return codec.encode(small);
    }

    @Benchmark
    public byte[] encodeNested() {
        return codec.encode(nested);
    }

    /** Into a reused stream, as a backend that batches appends into one buffer would. */
    @Benchmark
    public int encodeSmallIntoStream() {
        buffer.reset();
        codec.encode(small, buffer);
        return buffer.size();
    }

    @Benchmark
    public EventRecord decodeSmall() {
        return codec.decode(smallBytes, EventRecord.class);
    }

    @Benchmark
    public EventRecord decodeNested() {
        return codec.decode(nestedBytes, EventRecord.class);
    }

    /** A page of 100 small events read with one {@link RecordCodec.RangeReader}, as a Redis read decodes it. */
    @Benchmark
    public EventRecord decodePage100() {
        RecordCodec.RangeReader<EventRecord> reader = codec.rangeReader(page, page.length, EventRecord.class);
        EventRecord last = null;
        for (int i = 0; i < PAGE; i++) {
            last = reader.decode(pageOffsets[i], pageOffsets[i + 1] - pageOffsets[i]);
        }
        return last;
    }

    /**
     * The floor under {@link #decodePage100}: a bare Jackson parser walks the same page token by token,
     * reading each name and scalar as the decoder must (names as strings, numbers parsed), and builds nothing.
     */
    @Benchmark
    public long floorTokensPage100() throws Exception {
        long sum = 0;
        try (JsonParser p = TOKENS.createParser(ObjectReadContext.empty(), page, 0, page.length)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case PROPERTY_NAME:
                        sum += p.currentName().length();
                        break;
                    case VALUE_STRING:
                        sum += p.getString().length();
                        break;
                    case VALUE_NUMBER_INT:
                        sum += p.getLongValue();
                        break;
                    case VALUE_NUMBER_FLOAT:
                        sum += (long) p.getDoubleValue();
                        break;
                    default:
                        sum++;
                }
            }
        }
        return sum;
    }

    @Benchmark
    public byte[] floorGetBytesSmall() {
        return smallLine.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] floorGetBytesNested() {
        return nestedLine.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] floorStringBuilderSmall() {
        return handBuiltSmall().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public String floorNewStringSmall() {
        return new String(smallBytes, StandardCharsets.UTF_8);
    }

    @Benchmark
    public String floorNewStringNested() {
        return new String(nestedBytes, StandardCharsets.UTF_8);
    }

    /** The small event's JSON by hand: what the codec writes for it, without escaping or number formatting. */
    private String handBuiltSmall() {
        String address = small.actorAddress();
        int separator = address.lastIndexOf("://");
        Instant t = small.timestamp();
        return new StringBuilder(256)
                .append("{\"kind\":\"event\",\"system_id\":\"").append(small.systemId())
                .append("\",\"actor_address\":{\"system\":\"").append(address, 0, separator)
                .append("\",\"actor_id\":").append(address, separator + 3, address.length())
                .append("},\"event_type\":\"").append(small.eventType())
                .append("\",\"payload\":{\"reason\":\"").append(small.payload().get("reason"))
                .append("\"},\"timestamp\":").append(timestampText)
                .append(",\"timestamp_ns\":").append(t.getEpochSecond() * 1_000_000_000L + t.getNano())
                .append('}').toString();
    }
}
