package io.papyra.persistence.json;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Fixtures and checks shared by the codec's tests. */
final class Records {

    static final RecordCodec CODEC = RecordCodec.standard();

    private Records() {
    }

    /** Encodes, checks that the bytes are one line of valid UTF-8, decodes, and checks equality. */
    static byte[] assertRoundTrip(PersistenceRecord record) {
        byte[] bytes = CODEC.encode(record);
        assertOneLineOfUtf8(bytes);
        PersistenceRecord back = CODEC.decode(bytes);
        assertEquals(record, back, () -> "through " + new String(bytes, StandardCharsets.UTF_8));
        assertEquals(record, CODEC.decode(bytes, record.getClass()));
        assertEquals(record, CODEC.decode(CODEC.encodeToString(record)));
        return bytes;
    }

    static void assertOneLineOfUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            fail("not valid UTF-8: " + e);
        }
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                fail("a raw line break in " + new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    /** Random records: every JSON type, odd text, odd addresses, instants over the whole range. */
    static final class Generator {
        private static final String[] TEXT = {"", "a", "local", "Zürich", "日本語", "😀", "\uD800", "x\uDFFFy",
            "quote\"back\\slash", "\n\r\t\b\f\u0000\u001f\u007f", "\u2028\u2029", "/", "local://1", "a://01",
            "{\"system\":\"s\",\"actor_id\":1}", "null", "1e5", "://", "s://-0", "s://9223372036854775808"};
        private final Random random;

        Generator(long seed) {
            this.random = new Random(seed);
        }

        PersistenceRecord record() {
            switch (random.nextInt(3)) {
                case 0:
                    return new EventRecord(text(), address(), text(), map(0), instant());
                case 1:
                    return new AuditRecord(text(), instant(), count(), count(), count(), count(), count(), names(),
                            names(), random.nextBoolean() ? random.nextInt(10) : random.nextLong() & Long.MAX_VALUE);
                default:
                    return new DeadLetterRecord(text(), random.nextInt(4) == 0 ? null : address(), text(),
                            value(0), instant());
            }
        }

        String text() {
            if (random.nextInt(3) > 0) {
                return TEXT[random.nextInt(TEXT.length)];
            }
            StringBuilder out = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                int kind = random.nextInt(10);
                if (kind < 5) {
                    out.append((char) (0x20 + random.nextInt(0x5f)));
                } else if (kind < 7) {
                    out.append((char) random.nextInt(0x20));
                } else if (kind < 8) {
                    out.append((char) (0x80 + random.nextInt(0xd800 - 0x80)));
                } else if (kind < 9) {
                    out.appendCodePoint(0xe000 + random.nextInt(0x110000 - 0xe000));
                } else {
                    out.append((char) (0xd800 + random.nextInt(0x800))); // a lone surrogate, now and then
                }
            }
            return out.toString();
        }

        /** A map key: any text but lone surrogates, which a key cannot carry (see RecordCodec.keyText). */
        String key() {
            return RecordCodec.keyText(text());
        }

        String address() {
            switch (random.nextInt(4)) {
                case 0:
                    return text() + "://" + random.nextInt(1000);
                case 1:
                    return "local://" + random.nextLong();
                case 2:
                    return text();
                default:
                    return "local://" + random.nextInt(100);
            }
        }

        int count() {
            return random.nextBoolean() ? random.nextInt(5) : random.nextInt(Integer.MAX_VALUE);
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                names.add(text());
            }
            return names;
        }

        Instant instant() {
            switch (random.nextInt(6)) {
                case 0:
                    return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
                case 1:
                    return Instant.ofEpochSecond(random.nextInt(100_000), random.nextInt(1_000_000_000)); // monotonic-like
                case 2:
                    return Instant.ofEpochSecond(Math.floorMod(random.nextLong(), Instant.MAX.getEpochSecond()),
                            random.nextInt(1_000_000_000));
                case 3:
                    return Instant.ofEpochSecond(-Math.floorMod(random.nextLong(), -Instant.MIN.getEpochSecond()),
                            random.nextInt(1_000_000_000));
                case 4:
                    return Instant.ofEpochMilli(random.nextLong() >> 20);
                default:
                    return random.nextBoolean() ? Instant.MIN : Instant.MAX;
            }
        }

        Map<String, Object> map(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = random.nextInt(depth > 3 ? 2 : 5); i > 0; i--) {
                map.put(key(), value(depth + 1));
            }
            return map;
        }

        Object value(int depth) {
            switch (random.nextInt(depth > 3 ? 8 : 10)) {
                case 0:
                    return null;
                case 1:
                    return text();
                case 2:
                    return random.nextBoolean();
                case 3:
                    return random.nextLong() >> random.nextInt(64);
                case 4:
                    return new BigInteger(64 + random.nextInt(200), random).negate().subtract(BigInteger.valueOf(Long.MAX_VALUE));
                case 5:
                    double d = Double.longBitsToDouble(random.nextLong());
                    return Double.isFinite(d) ? d : random.nextGaussian();
                case 6:
                    return random.nextInt(1000) / 8.0;
                case 7:
                    return random.nextBoolean() ? -0.0 : Double.MIN_VALUE;
                case 8:
                    return map(depth);
                default:
                    List<Object> list = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        list.add(value(depth + 1));
                    }
                    return list;
            }
        }
    }
}
