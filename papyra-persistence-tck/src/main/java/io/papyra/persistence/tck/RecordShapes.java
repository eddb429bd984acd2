package io.papyra.persistence.tck;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Records of every shape the contract allows, drawn from a seeded random stream for the model-based
 * test: text with non-ASCII letters, astral-plane emoji, quotes, backslashes, control characters and
 * empty strings (never a lone surrogate, which a text backend may replace); structured payloads of
 * nested maps and lists, numbers of every kind (longs at both ends, a {@link BigInteger} beyond the
 * long range, doubles tiny and huge), booleans, nulls and empty maps; dead letters without a target
 * and with payloads that are not maps; audits with extreme counts and empty names.
 *
 * <p>Every draw depends only on the random stream, so a seed replays the same records. Stateless.
 */
final class RecordShapes {

    /** Pieces that texts are made of; a text is 0 to 4 of them. */
    private static final List<String> PIECES = List.of("", "a", "local://1", "ActorStarted", "é", "π", "Ж",
            "Zürich", "日本", "💥", "𝄞", "\"", "\\", "\\\"", "\n", "\t", "\r\n", "\u0000", "\u0007", "\u001f",
            "\u007f", "\u2028", "\ufeff", " ", "{\"k\":1}", "null", "[]", "</script>");

    /** Numbers whose JSON text or type is easy to get wrong. */
    private static final List<Object> NUMBERS = List.of(0, -1, 42L, Long.MAX_VALUE, Long.MIN_VALUE,
            Integer.MIN_VALUE, (short) 7, (byte) -8,
            BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(70).negate(),
            new BigInteger("123456789012345678901234567890"),
            0.0, -0.0, 0.1, 1.0, -2.5, 1.0e-5, 1.0e21, 123456.789, Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE, 1.5f, 3.0e-40f);

    private RecordShapes() {
    }

    /** Draws a record of {@code log} of a random shape; {@code systemId} identifies it in failure messages. */
    static PersistenceRecord draw(LogKind log, String systemId, Instant timestamp, SplittableRandom random) {
        switch (log) {
            case EVENTS:
                return new EventRecord(systemId, text(random), text(random), map(random, 0), timestamp);
            case AUDITS:
                return new AuditRecord(systemId, timestamp, count(random), count(random), count(random),
                        count(random), count(random), texts(random), texts(random),
                        random.nextInt(4) == 0 ? Long.MAX_VALUE : random.nextInt(1000));
            case DEAD_LETTERS:
                return new DeadLetterRecord(systemId, random.nextInt(3) == 0 ? null : text(random), text(random),
                        value(random, 0), timestamp);
            default:
                throw new IllegalStateException("TCK bug: unknown log " + log);
        }
    }

    /** A text of 0 to 4 pieces: empty, ASCII, non-ASCII, astral, quotes, backslashes, control characters. */
    static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return text.toString();
    }

    private static List<String> texts(SplittableRandom random) {
        String[] texts = new String[random.nextInt(4)];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = text(random);
        }
        return Arrays.asList(texts);
    }

    private static int count(SplittableRandom random) {
        int c = random.nextInt(10);
        return c == 0 ? Integer.MAX_VALUE : c == 1 ? 0 : random.nextInt(100_000);
    }

    /** Any JSON-like value: a scalar, or (above the deepest level) a list or a map. */
    static Object value(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth >= 3 ? 5 : 7);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return NUMBERS.get(random.nextInt(NUMBERS.size()));
            case 3:
            case 4:
                return text(random);
            case 5:
                return list(random, depth + 1);
            default:
                return map(random, depth + 1);
        }
    }

    private static List<Object> list(SplittableRandom random, int depth) {
        int size = random.nextInt(4);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(value(random, depth));
        }
        return list;
    }

    /** A map of 0 to 3 entries with keys of any text (the empty key included) and values of any kind. */
    static Map<String, Object> map(SplittableRandom random, int depth) {
        int size = random.nextInt(4);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(text(random), value(random, depth));
        }
        return map;
    }
}
