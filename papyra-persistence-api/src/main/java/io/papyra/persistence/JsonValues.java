package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-like values that record payloads hold, and their canonical JSON text.
 *
 * <h2>Values</h2>
 * A JSON-like value is one of:
 * <ul>
 *   <li>{@code null}, JSON's {@code null};</li>
 *   <li>a {@link String} (any text; see below for how it is written);</li>
 *   <li>a {@link Boolean};</li>
 *   <li>an integral number: {@link Byte}, {@link Short}, {@link Integer} and {@link Long} are
 *       stored as {@link Long}; a {@link BigInteger} is stored as a {@code Long} when it fits and
 *       as a {@code BigInteger} only when it does not;</li>
 *   <li>a decimal number: {@link Float} and {@link Double} are stored as {@link Double} (a float is
 *       widened exactly, {@code (double) f}); it must be finite, since JSON has no NaN or infinity;</li>
 *   <li>a {@link List} of JSON-like values;</li>
 *   <li>a {@link Map} whose keys are non-null {@link String}s and whose values are JSON-like.</li>
 * </ul>
 * Anything else, {@link BigDecimal} included (its digits would not survive as a {@code double}:
 * pass a {@code double}, or the digits as a string), is refused with an
 * {@link IllegalArgumentException} whose message names the path of the value, for example
 * {@code payload.items[2]: a java.util.UUID is not a JSON-like value}. Nesting deeper than
 * {@value #MAX_DEPTH} levels is refused the same way (a map that contains itself is refused
 * rather than overflowing the stack).
 *
 * <p>{@link #copyOf(Object)} deep-copies a value into this normal form: maps become unmodifiable
 * maps that keep the caller's iteration order, lists unmodifiable lists, and numbers the types
 * above, so that two payloads are {@code equal} exactly when their JSON texts mean the same
 * value, and a payload read back from JSON storage equals the one written.
 *
 * <h2>Canonical JSON text</h2>
 * {@link #canonicalJson(Object)} writes a value with no whitespace: maps as {@code {"key":value,...}}
 * in their iteration order, lists as {@code [a,b]}, {@code null}, {@code true}, {@code false};
 * integral numbers as their decimal digits; doubles as {@link Double#toString(double)} specifies
 * it from JDK 19 on (the shortest digits that read back as the same double, for example
 * {@code 0.1}, {@code 1.0}, {@code 1.0E-5}, {@code 1.0E21}), on every JDK, so that sizes agree across
 * JDKs. Strings are quoted; {@code "} and {@code \} are escaped with a backslash, the control
 * characters below U+0020 as {@code \b \t \n \f \r} or {@code \}{@code u00XX}; every other character
 * is written as itself. The UTF-8 length of that text is what
 * {@link PersistenceRecord#sizeInBytes()} counts for a payload; an unpaired surrogate counts as
 * one byte, the {@code ?} that UTF-8 encoding writes for it.
 *
 * <pre>{@code
 * JsonValues.canonicalJson(Map.of("attempt", 3))                 // {"attempt":3}
 * JsonValues.canonicalJson(List.of("a\"b", 1.5, true))             // ["a\"b",1.5,true]
 * JsonValues.canonicalJsonLength(Map.of("city", "Zürich"))       // 18 (17 characters, ü is 2 bytes)
 * }</pre>
 *
 * <p>All methods are static, stateless and thread-safe.
 *
 * @since 0.2
 */
public final class JsonValues {

    /** How many levels of maps and lists a value may nest, the outermost counting as one. */
    public static final int MAX_DEPTH = 100;

    /**
     * From JDK 19 on, {@link Double#toString(double)} is specified to return the shortest digits
     * that read back as the same double (JDK-4511638); before, it sometimes returned more.
     */
    private static final boolean SHORTEST_DOUBLE_TO_STRING = Runtime.version().feature() >= 19;

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private JsonValues() {
    }

    /**
     * Returns an immutable deep copy of a JSON-like value in its normal form (see the class
     * description).
     *
     * @param value the value to copy, may be null (JSON's {@code null})
     * @return the copy: null, a String, Boolean, Long, BigInteger, Double, or an unmodifiable List or Map of such values
     * @throws IllegalArgumentException if the value, or one nested in it, is not JSON-like, or the
     *                                  value nests deeper than {@value #MAX_DEPTH}; the message names its path
     * @throws NullPointerException     if a map has a null key; the message names its path
     */
    public static @Nullable Object copyOf(@Nullable Object value) {
        return copy(value, "value");
    }

    /** {@link #copyOf(Object)} with the path of the value named {@code root} in messages. */
    static @Nullable Object copy(@Nullable Object value, String root) {
        return copy(value, root, 1);
    }

    /** Copies a map payload, the root named {@code root}; a null map is a NullPointerException. */
    static Map<String, ?> copyOfMap(Map<String, ?> map, String root) {
        Checks.notNull(map, root);
        return copyMap(map, root, 1);
    }

    /** What {@link #scalarCopy} returns for a value it does not copy. */
    private static final Object NOT_SCALAR = new Object();

    /**
     * The normal form of a scalar that is always allowed, else {@link #NOT_SCALAR}: so that maps and
     * lists copy their scalars without first building the path that only an error message needs.
     */
    private static @Nullable Object scalarCopy(@Nullable Object value) {
        // Strings first: payloads are mostly text, and this keeps their copy as cheap as it was.
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? d : NOT_SCALAR;
        }
        if (value instanceof BigInteger) {
            BigInteger big = (BigInteger) value;
            return big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0 ? (Object) big.longValue() : big;
        }
        return NOT_SCALAR;
    }

    private static @Nullable Object copy(@Nullable Object value, String path, int depth) {
        Object scalar = scalarCopy(value);
        return scalar != NOT_SCALAR ? scalar : copyOther(value, path, depth);
    }

    /** Copies or refuses what {@link #scalarCopy} did not copy: containers, and values that are refused. */
    private static Object copyOther(Object value, String path, int depth) {
        if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException(path + ": " + value + " is not a JSON number; JSON has no NaN or infinity");
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH
                        + " levels of maps and lists (or a map or list that contains itself)");
            }
            return value instanceof Map<?, ?> ? copyMap((Map<?, ?>) value, path, depth)
                    : copyList((List<?>) value, path, depth);
        }
        if (value instanceof BigDecimal) {
            throw new IllegalArgumentException(path + ": a java.math.BigDecimal is not a JSON-like value;"
                    + " pass a double, or the digits as a String to keep them exactly");
        }
        throw new IllegalArgumentException(path + ": a " + value.getClass().getName() + " is not a JSON-like value;"
                + " allowed are null, String, Boolean, Byte, Short, Integer, Long, BigInteger, Float, Double,"
                + " List and Map with String keys");
    }

    private static Map<String, ?> copyMap(Map<?, ?> map, String path, int depth) {
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(map.size() * 2);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (key == null) {
                throw new NullPointerException(path + ": a map key is null; keys must be strings");
            }
            if (!(key instanceof String)) {
                throw new IllegalArgumentException(path + ": the map key " + key + " is a " + key.getClass().getName()
                        + "; keys must be strings");
            }
            String name = (String) key;
            Object value = entry.getValue();
            Object scalar = scalarCopy(value);
            copy.put(name, scalar != NOT_SCALAR ? scalar : copyOther(value, child(path, name), depth + 1));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static List<?> copyList(List<?> list, String path, int depth) {
        if (list.isEmpty()) {
            return List.of();
        }
        // Copy first, then walk the copy: a caller changing its list meanwhile cannot slip anything past the checks.
        List<@Nullable Object> copy = new ArrayList<>(list);
        for (int i = 0; i < copy.size(); i++) {
            Object element = copy.get(i);
            Object scalar = scalarCopy(element);
            copy.set(i, scalar != NOT_SCALAR ? scalar : copyOther(element, path + "[" + i + "]", depth + 1));
        }
        return Collections.unmodifiableList(copy);
    }

    private static String child(String path, String key) {
        boolean plain = !key.isEmpty() && Character.isJavaIdentifierStart(key.charAt(0));
        for (int i = 1; plain && i < key.length(); i++) {
            plain = Character.isJavaIdentifierPart(key.charAt(i));
        }
        return plain ? path + "." + key : path + "[" + quote(key) + "]";
    }

    /**
     * Returns the canonical JSON text of a JSON-like value (see the class description).
     *
     * @param value a JSON-like value, may be null
     * @return the text, never null
     * @throws IllegalArgumentException if the value is not JSON-like (see {@link #copyOf(Object)})
     * @throws NullPointerException     if a map has a null key
     */
    public static String canonicalJson(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(copyOf(value), out);
        return out.toString();
    }

    /**
     * Returns the length in bytes of the UTF-8 encoding of {@link #canonicalJson(Object)}, without
     * building the text: what {@link PersistenceRecord#sizeInBytes()} counts for a payload.
     *
     * @param value a JSON-like value, may be null
     * @return the length, at least 1
     * @throws IllegalArgumentException if the value is not JSON-like (see {@link #copyOf(Object)})
     * @throws NullPointerException     if a map has a null key
     */
    public static long canonicalJsonLength(@Nullable Object value) {
        return length(copyOf(value));
    }

    /** The length of a value already in normal form: what records count, without copying again. */
    static long length(@Nullable Object value) {
        if (value instanceof String) {
            return quotedLength((String) value);
        }
        if (value instanceof Map<?, ?>) {
            Map<?, ?> map = (Map<?, ?>) value;
            long bytes = 2 + Math.max(0, map.size() - 1); // braces and commas
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += quotedLength((String) entry.getKey()) + 1 + length(entry.getValue());
            }
            return bytes;
        }
        if (value instanceof List<?>) {
            List<?> list = (List<?>) value;
            long bytes = 2 + Math.max(0, list.size() - 1);
            for (Object element : list) {
                bytes += length(element);
            }
            return bytes;
        }
        if (value == null) {
            return 4;
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? 4 : 5;
        }
        if (value instanceof Long) {
            return Long.toString((Long) value).length();
        }
        if (value instanceof Double) {
            return doubleText((Double) value).length();
        }
        return value.toString().length(); // BigInteger
    }

    /** The UTF-8 length of a string written as a JSON string: quotes, escapes and all. */
    private static long quotedLength(String s) {
        long bytes = 2 + Sizes.utf8(s);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                bytes += 1;
            } else if (c < 0x20) {
                bytes += 5;
            }
        }
        return bytes;
    }

    private static void write(@Nullable Object value, StringBuilder out) {
        if (value instanceof String) {
            out.append(quote((String) value));
        } else if (value instanceof Map<?, ?>) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote((String) entry.getKey())).append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?>) {
            out.append('[');
            boolean first = true;
            for (Object element : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(element, out);
            }
            out.append(']');
        } else if (value instanceof Double) {
            out.append(doubleText((Double) value));
        } else {
            out.append(value); // null, Boolean, Long, BigInteger
        }
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Returns the text of a finite double as {@link Double#toString(double)} specifies it from JDK 19
     * on, on every JDK: the shortest decimal that reads back as {@code d} (the closest one when
     * several are as short), in plain notation with at least one fraction digit for magnitudes in
     * [10<sup>-3</sup>, 10<sup>7</sup>), otherwise as {@code d.dddE±n}.
     *
     * @param d a finite double
     * @return its text, for example {@code 1.0}, {@code 0.1}, {@code 1.0E-5}, {@code -1.0E21}
     * @throws IllegalArgumentException if {@code d} is NaN or infinite
     */
    public static String doubleText(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("d must be finite, was " + d);
        }
        return SHORTEST_DOUBLE_TO_STRING ? Double.toString(d) : shortestDoubleText(d);
    }

    /** The JDK 19+ algorithm's result computed with BigDecimal: for JDKs before 19, and for tests. */
    static String shortestDoubleText(double d) {
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        // This JDK's own text reads back, so the shortest length is at most its length; it is
        // seldom longer than needed. Fewer digits reading back is monotonic in the length, so
        // shorten while a shorter decimal still reads back.
        int precision = new BigDecimal(Double.toString(d)).stripTrailingZeros().precision();
        while (precision > 1 && (readsBack(exact.round(new MathContext(precision - 1, RoundingMode.DOWN)), d)
                || readsBack(exact.round(new MathContext(precision - 1, RoundingMode.UP)), d))) {
            precision--;
        }
        // With one digit enough, the specification picks among decimals of one or two digits.
        precision = Math.max(precision, 2);
        BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
        BigDecimal digits;
        if (readsBack(down, d) && readsBack(up, d)) {
            // Both read back: the closer one; on a tie the one whose last digit is even.
            int cmp = exact.subtract(down).abs().compareTo(up.subtract(exact).abs());
            digits = cmp < 0 || (cmp == 0 && !down.unscaledValue().testBit(0)) ? down : up;
        } else {
            digits = readsBack(down, d) ? down : up;
        }
        return format(digits.stripTrailingZeros());
    }

    private static boolean readsBack(BigDecimal decimal, double d) {
        return decimal.doubleValue() == d;
    }

    /** Formats significant digits as Double.toString does: plain in [1e-3, 1e7), else d.dddE±n. */
    private static String format(BigDecimal value) {
        String sign = value.signum() < 0 ? "-" : "";
        String significand = value.unscaledValue().abs().toString();
        // value = 0.significand * 10^exponent, with the first digit non-zero
        int exponent = significand.length() - value.scale();
        StringBuilder out = new StringBuilder(sign);
        if (exponent >= -2 && exponent <= 7) { // 1e-3 <= |value| < 1e7
            if (exponent <= 0) {
                out.append("0.").append("0".repeat(-exponent)).append(significand);
            } else if (exponent >= significand.length()) {
                out.append(significand).append("0".repeat(exponent - significand.length())).append(".0");
            } else {
                out.append(significand, 0, exponent).append('.').append(significand, exponent, significand.length());
            }
        } else {
            out.append(significand.charAt(0)).append('.');
            out.append(significand.length() > 1 ? significand.substring(1) : "0");
            out.append('E').append(exponent - 1);
        }
        return out.toString();
    }
}
