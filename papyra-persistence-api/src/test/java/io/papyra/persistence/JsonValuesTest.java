package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JsonValuesTest {

    private static final String NOT_JSON_LIKE = " is not a JSON-like value; allowed are null, String, Boolean, Byte,"
            + " Short, Integer, Long, BigInteger, Float, Double, List and Map with String keys";
    private static final String TOO_DEEP = ": nested deeper than 100 levels of maps and lists"
            + " (or a map or list that contains itself)";

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static IllegalArgumentException refused(String message, Executable call) {
        return Expect.iae(message, call);
    }

    private static Object copyOfNested(Object value) {
        return JsonValues.copyOf(List.of(Map.of("nested", value)));
    }

    // ---------------------------------------------------------------- normalisation

    @Test
    void integralNumbersBecomeLong() {
        assertEquals(Long.valueOf(7), JsonValues.copyOf(7));
        assertEquals(Long.valueOf(7), JsonValues.copyOf((short) 7));
        assertEquals(Long.valueOf(-7), JsonValues.copyOf((byte) -7));
        assertEquals(Long.valueOf(Long.MIN_VALUE), JsonValues.copyOf(Long.MIN_VALUE));
        assertEquals(List.of(Map.of("nested", 7L)), copyOfNested(7));
    }

    @Test
    void aBigIntegerInTheLongRangeBecomesLongAndOneBeyondStaysBigInteger() {
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);

        assertEquals(Long.valueOf(Long.MAX_VALUE), JsonValues.copyOf(max));
        assertEquals(Long.valueOf(Long.MIN_VALUE), JsonValues.copyOf(min));
        assertEquals(Long.valueOf(0), JsonValues.copyOf(BigInteger.ZERO));
        assertEquals(max.add(BigInteger.ONE), assertInstanceOf(BigInteger.class, JsonValues.copyOf(max.add(BigInteger.ONE))));
        assertEquals(min.subtract(BigInteger.ONE),
                assertInstanceOf(BigInteger.class, JsonValues.copyOf(min.subtract(BigInteger.ONE))));
        assertEquals("9223372036854775808", JsonValues.canonicalJson(max.add(BigInteger.ONE)));
        assertEquals("-9223372036854775809", JsonValues.canonicalJson(min.subtract(BigInteger.ONE)));
    }

    @Test
    void floatsAndDoublesBecomeDoubleAFloatWidenedExactly() {
        assertEquals(Double.valueOf(1.5), JsonValues.copyOf(1.5f));
        assertEquals(Double.valueOf(0.1f), JsonValues.copyOf(0.1f));
        assertEquals(Double.valueOf(0.1), JsonValues.copyOf(0.1));
        assertEquals(Double.valueOf(-0.0), JsonValues.copyOf(-0.0));
        assertEquals("0.10000000149011612", JsonValues.canonicalJson(0.1f));
        assertEquals(List.of(Map.of("nested", 2.5)), copyOfNested(2.5f));
    }

    @Test
    void valuesThatAreEqualAsJsonAreEqualAfterTheCopy() {
        assertEquals(JsonValues.copyOf(Map.of("n", List.of(1, (short) 2, (byte) 3))),
                JsonValues.copyOf(Map.of("n", List.of(1L, 2L, BigInteger.valueOf(3)))));
        assertEquals(JsonValues.copyOf(new HashMap<>(Map.of("a", 1.5f))), JsonValues.copyOf(Map.of("a", 1.5)));
    }

    @Test
    void stringsBooleansAndNullAreKept() {
        assertEquals("text", JsonValues.copyOf("text"));
        assertEquals(Boolean.TRUE, JsonValues.copyOf(true));
        assertNull(JsonValues.copyOf(null));
    }

    // ---------------------------------------------------------------- immutability and order

    @Test
    void nestedMapsAndListsCannotBeModified() {
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        List<Object> list = new ArrayList<>(List.of("a", inner));
        Map<?, ?> copy = (Map<?, ?>) JsonValues.copyOf(ordered("list", list, "map", new HashMap<>(Map.of("x", 1))));

        List<?> copiedList = (List<?>) copy.get("list");
        Map<?, ?> copiedInner = (Map<?, ?>) copiedList.get(1);
        Map<?, ?> copiedMap = (Map<?, ?>) copy.get("map");
        assertThrows(UnsupportedOperationException.class, copy::clear);
        assertThrows(UnsupportedOperationException.class, copiedList::clear);
        assertThrows(UnsupportedOperationException.class, () -> copiedList.remove(0));
        assertThrows(UnsupportedOperationException.class, copiedInner::clear);
        assertThrows(UnsupportedOperationException.class, () -> copiedInner.remove("k"));
        assertThrows(UnsupportedOperationException.class, copiedMap::clear);
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) JsonValues.copyOf(Map.of())).clear());
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) JsonValues.copyOf(List.of())).clear());
    }

    @Test
    void theCallersLaterChangesDoNotShowInTheCopy() {
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        List<Object> list = new ArrayList<>(List.of("a", inner));
        Map<String, Object> outer = ordered("list", list);
        Object copy = JsonValues.copyOf(outer);

        inner.put("k", "changed");
        inner.put("added", 1);
        list.add("b");
        outer.put("other", true);

        assertEquals(Map.of("list", List.of("a", Map.of("k", "v"))), copy);
        assertNotSame(outer, copy);
    }

    @Test
    void iterationOrderIsKeptAtEveryLevel() {
        Map<String, Object> inner = ordered("z", 1, "a", 2, "m", 3);
        Map<String, Object> outer = ordered("y", inner, "b", List.of("q", "c"), "x", null);

        Map<?, ?> copy = (Map<?, ?>) JsonValues.copyOf(outer);

        assertEquals(List.of("y", "b", "x"), List.copyOf(copy.keySet()));
        assertEquals(List.of("z", "a", "m"), List.copyOf(((Map<?, ?>) copy.get("y")).keySet()));
        assertEquals("{\"y\":{\"z\":1,\"a\":2,\"m\":3},\"b\":[\"q\",\"c\"],\"x\":null}", JsonValues.canonicalJson(outer));
    }

    @Test
    void nullValuesAreAllowedInMapsAndLists() {
        Map<String, Object> map = ordered("absent", null, "list", Arrays.asList(null, 1, null));

        Map<?, ?> copy = (Map<?, ?>) JsonValues.copyOf(map);

        assertTrue(copy.containsKey("absent"));
        assertNull(copy.get("absent"));
        assertEquals(Arrays.asList(null, 1L, null), copy.get("list"));
        assertEquals("{\"absent\":null,\"list\":[null,1,null]}", JsonValues.canonicalJson(map));
        assertEquals("null", JsonValues.canonicalJson(null));
    }

    // ---------------------------------------------------------------- refusals, with the path

    @Test
    void aValueOfAnotherTypeIsRefusedNamingItsPath() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

        refused("value: a java.util.UUID" + NOT_JSON_LIKE, () -> JsonValues.copyOf(id));
        refused("value.items[2]: a java.util.UUID" + NOT_JSON_LIKE,
                () -> JsonValues.copyOf(Map.of("items", Arrays.asList("a", "b", id))));
        refused("payload.items[2]: a java.util.UUID" + NOT_JSON_LIKE, () -> new EventRecord("s", "a", "t",
                Map.of("items", Arrays.asList("a", null, id)), Instant.EPOCH));
        refused("payload[1].order.lines[0]: a java.util.UUID" + NOT_JSON_LIKE, () -> new DeadLetterRecord("s", null,
                "m", List.of("x", Map.of("order", Map.of("lines", List.of(id)))), Instant.EPOCH));
    }

    @Test
    void aSetIsNotAList() {
        refused("value.tags: a java.util.LinkedHashSet" + NOT_JSON_LIKE,
                () -> JsonValues.copyOf(Map.of("tags", new LinkedHashSet<>(List.of("a", "b")))));
    }

    @Test
    void otherNumbersCharactersAndArraysAreRefused() {
        refused("value[0]: a java.util.concurrent.atomic.AtomicInteger" + NOT_JSON_LIKE,
                () -> JsonValues.copyOf(List.of(new AtomicInteger(1))));
        refused("value[0]: a java.lang.Character" + NOT_JSON_LIKE, () -> JsonValues.copyOf(List.of('c')));
        refused("value[0]: a [I" + NOT_JSON_LIKE, () -> JsonValues.copyOf(List.of(new int[] {1})));
    }

    @Test
    void aBigDecimalIsRefusedSayingWhatToPassInstead() {
        refused("value.price: a java.math.BigDecimal is not a JSON-like value; pass a double, or the digits as a"
                + " String to keep them exactly", () -> JsonValues.copyOf(Map.of("price", new BigDecimal("9.99"))));
        refused("payload: a java.math.BigDecimal is not a JSON-like value; pass a double, or the digits as a"
                + " String to keep them exactly", () -> new DeadLetterRecord("s", null, "m", BigDecimal.ONE, Instant.EPOCH));
    }

    @Test
    void nanAndInfinityAreRefused() {
        refused("value.x: NaN is not a JSON number; JSON has no NaN or infinity",
                () -> JsonValues.copyOf(Map.of("x", Double.NaN)));
        refused("value.x: Infinity is not a JSON number; JSON has no NaN or infinity",
                () -> JsonValues.copyOf(Map.of("x", Double.POSITIVE_INFINITY)));
        refused("value[1]: -Infinity is not a JSON number; JSON has no NaN or infinity",
                () -> JsonValues.copyOf(List.of(1, Float.NEGATIVE_INFINITY)));
        refused("value: NaN is not a JSON number; JSON has no NaN or infinity", () -> JsonValues.copyOf(Float.NaN));
    }

    @Test
    void keysThatAreNotIdentifiersAreQuotedInThePath() {
        BigDecimal bad = BigDecimal.TEN;
        String tail = ": a java.math.BigDecimal is not a JSON-like value; pass a double, or the digits as a String"
                + " to keep them exactly";

        refused("payload[\"a b\"].x" + tail, () -> new EventRecord("s", "a", "t", Map.of("a b", Map.of("x", bad)),
                Instant.EPOCH));
        refused("value[\"\"]" + tail, () -> JsonValues.copyOf(Map.of("", bad)));
        refused("value[\"1st\"]" + tail, () -> JsonValues.copyOf(Map.of("1st", bad)));
        refused("value[\"say \\\"hi\\\"\"]" + tail, () -> JsonValues.copyOf(Map.of("say \"hi\"", bad)));
        refused("value[\"line\\nbreak\"]" + tail, () -> JsonValues.copyOf(Map.of("line\nbreak", bad)));
        refused("value.order_id$2" + tail, () -> JsonValues.copyOf(Map.of("order_id$2", bad)));
        refused("value.größe" + tail, () -> JsonValues.copyOf(Map.of("größe", bad)));
    }

    @Test
    void aKeyThatIsNotAStringIsRefusedNamingTheKeyAndItsType() {
        refused("value: the map key 1 is a java.lang.Integer; keys must be strings", () -> JsonValues.copyOf(Map.of(1, "x")));
        refused("value.inner: the map key true is a java.lang.Boolean; keys must be strings",
                () -> JsonValues.copyOf(Map.of("inner", Map.of(true, "x"))));
    }

    @Test
    void aNullKeyIsANullPointerExceptionNamingThePath() {
        Map<String, Object> withNullKey = new HashMap<>();
        withNullKey.put(null, "v");

        Expect.npe("value: a map key is null; keys must be strings", () -> JsonValues.copyOf(withNullKey));
        Expect.npe("value.list[1]: a map key is null; keys must be strings",
                () -> JsonValues.copyOf(Map.of("list", List.of(Map.of(), withNullKey))));
    }

    // ---------------------------------------------------------------- depth

    /** {@code levels} lists nested in one another, the innermost holding {@code innermost}. */
    private static Object nestedLists(int levels, Object innermost) {
        Object value = List.of(innermost);
        for (int i = 1; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    @Test
    void nestingUpToMaxDepthIsAcceptedAndOneLevelMoreIsRefused() {
        assertEquals(100, JsonValues.MAX_DEPTH);
        Object deepest = nestedLists(JsonValues.MAX_DEPTH, "leaf");
        assertEquals(deepest, JsonValues.copyOf(deepest));
        assertEquals("[".repeat(100) + "\"leaf\"" + "]".repeat(100), JsonValues.canonicalJson(deepest));

        Object tooDeep = nestedLists(JsonValues.MAX_DEPTH + 1, "leaf");
        refused("value" + "[0]".repeat(100) + TOO_DEEP, () -> JsonValues.copyOf(tooDeep));
    }

    @Test
    void mapsCountAsLevelsLikeLists() {
        Object hundred = Map.of("k", nestedLists(99, 1L));
        assertEquals(hundred, JsonValues.copyOf(hundred));
        refused("value.k" + "[0]".repeat(99) + TOO_DEEP, () -> JsonValues.copyOf(Map.of("k", nestedLists(100, 1))));
        // A record's payload map is the first level.
        refused("payload.k" + "[0]".repeat(99) + TOO_DEEP,
                () -> new EventRecord("s", "a", "t", Map.of("k", nestedLists(100, 1)), Instant.EPOCH));
    }

    @Test
    void aMapOrListThatContainsItselfIsRefusedWithoutOverflowingTheStack() {
        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        List<Object> list = new ArrayList<>();
        list.add(list);

        refused("value" + ".self".repeat(100) + TOO_DEEP, () -> JsonValues.copyOf(map));
        refused("value" + "[0]".repeat(100) + TOO_DEEP, () -> JsonValues.copyOf(list));
        refused("payload" + ".self".repeat(100) + TOO_DEEP,
                () -> new EventRecord("s", "a", "t", map, Instant.EPOCH));
    }

    // ---------------------------------------------------------------- canonical JSON text

    @Test
    void theJavadocExamplesHold() {
        assertEquals("{\"attempt\":3}", JsonValues.canonicalJson(Map.of("attempt", 3)));
        assertEquals("[\"a\\\"b\",1.5,true]", JsonValues.canonicalJson(List.of("a\"b", 1.5, true)));
        assertEquals(18, JsonValues.canonicalJsonLength(Map.of("city", "Zürich"))); // 17 characters, ü is 2 bytes
    }

    @Test
    void scalarsAreWrittenAsJson() {
        assertEquals("true", JsonValues.canonicalJson(true));
        assertEquals("false", JsonValues.canonicalJson(false));
        assertEquals("-9223372036854775808", JsonValues.canonicalJson(Long.MIN_VALUE));
        assertEquals("0", JsonValues.canonicalJson((byte) 0));
        assertEquals("1.0", JsonValues.canonicalJson(1.0));
        assertEquals("-0.0", JsonValues.canonicalJson(-0.0));
        assertEquals("1.0E-5", JsonValues.canonicalJson(1e-5));
        assertEquals("1.0E21", JsonValues.canonicalJson(1e21));
        assertEquals("\"\"", JsonValues.canonicalJson(""));
        assertEquals("{}", JsonValues.canonicalJson(Map.of()));
        assertEquals("[]", JsonValues.canonicalJson(List.of()));
        assertEquals("{\"a\":[1,{\"b\":null}],\"c\":{}}",
                JsonValues.canonicalJson(ordered("a", Arrays.asList(1, ordered("b", null)), "c", Map.of())));
    }

    @Test
    void quoteAndBackslashAreEscapedWithABackslash() {
        assertEquals("\"\\\"\"", JsonValues.canonicalJson("\""));
        assertEquals("\"\\\\\"", JsonValues.canonicalJson("\\"));
        assertEquals("\"C:\\\\tmp\\\\\\\"x\\\"\"", JsonValues.canonicalJson("C:\\tmp\\\"x\""));
    }

    @Test
    void theFiveNamedControlCharactersUseTheirShortEscapes() {
        assertEquals("\"\\b\\t\\n\\f\\r\"", JsonValues.canonicalJson("\b\t\n\f\r"));
    }

    @Test
    void otherControlCharactersAreWrittenAsLowercaseUnicodeEscapes() {
        assertEquals("\"\\u0000\"", JsonValues.canonicalJson("\u0000"));
        assertEquals("\"\\u0001\\u000b\\u000e\\u001a\\u001b\\u001f\"",
                JsonValues.canonicalJson("\u0001\u000b\u000e\u001a\u001b\u001f"));
        assertEquals(2 + 6, JsonValues.canonicalJsonLength("\u001f"));
        assertEquals("{\"\\u0007\":\"\\u0000\"}", JsonValues.canonicalJson(Map.of("\u0007", "\u0000")));
    }

    @Test
    void everythingElseIsWrittenAsItself() {
        String raw = " !/~\u007f\u0080é€\u2028\ufffe𝄞日本";
        assertEquals("\"" + raw + "\"", JsonValues.canonicalJson(raw));
        assertEquals("\"\u007f\"", JsonValues.canonicalJson("\u007f"));
        assertEquals(3, JsonValues.canonicalJsonLength("\u007f"));
    }

    @Test
    void aLoneSurrogateCountsOneByteAsUtf8EncodingWritesIt() {
        for (String s : List.of("\ud800", "\udc00", "a\ud83d", "\udc00\ud800", "\ud800\ud800\udc00")) {
            String text = JsonValues.canonicalJson(s);
            assertEquals("\"" + s + "\"", text);
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, JsonValues.canonicalJsonLength(s), text);
        }
        assertEquals(3, JsonValues.canonicalJsonLength("\ud800"));
    }

    @Test
    void canonicalJsonRefusesWhatCopyOfRefuses() {
        refused("value.x: NaN is not a JSON number; JSON has no NaN or infinity",
                () -> JsonValues.canonicalJson(Map.of("x", Double.NaN)));
        refused("value[0]: a java.util.UUID" + NOT_JSON_LIKE,
                () -> JsonValues.canonicalJsonLength(List.of(new UUID(0, 0))));
    }

    @Test
    void theLengthIsTheUtf8LengthOfTheTextForRandomNestedValues() {
        Random random = new Random(20241128L);
        for (int n = 0; n < 3_000; n++) {
            Object value = randomValue(random, 0);
            String text = JsonValues.canonicalJson(value);
            long length = text.getBytes(StandardCharsets.UTF_8).length;
            assertEquals(length, JsonValues.canonicalJsonLength(value), () -> "for " + text);
            assertEquals(length, JsonValues.canonicalJsonLength(JsonValues.copyOf(value)), () -> "copy of " + text);
        }
    }

    // ---------------------------------------------------------------- doubles

    /**
     * Doubles and their text as JDK 19+ {@link Double#toString(double)} writes them, verified on Temurin 25;
     * several differ from JDK 17's (which writes 9.9E-324 as 1.0E-323, 4.030184897929827E17 as
     * 4.0301848979298272E17, ...).
     */
    private static final Map<Double, String> KNOWN = knownTexts();

    private static Map<Double, String> knownTexts() {
        Map<Double, String> known = new LinkedHashMap<>();
        known.put(Double.MIN_VALUE, "4.9E-324");
        known.put(2 * Double.MIN_VALUE, "9.9E-324");
        known.put(3 * Double.MIN_VALUE, "1.5E-323");
        known.put(Double.longBitsToDouble(0x000FFFFFFFFFFFFFL), "2.225073858507201E-308"); // largest subnormal
        known.put(Double.MIN_NORMAL, "2.2250738585072014E-308");
        known.put(Double.MAX_VALUE, "1.7976931348623157E308");
        known.put(-Double.MAX_VALUE, "-1.7976931348623157E308");
        known.put(1.0E23, "1.0E23");
        known.put(2.0E23, "2.0E23");
        known.put(2.82879384806159E17, "2.82879384806159E17");
        known.put(Double.longBitsToDouble(4870184761463151035L), "4.030184897929827E17");
        known.put(Double.longBitsToDouble(4857755388819564488L), "5.902872113232237E16");
        known.put(Double.longBitsToDouble(-4337586165690298538L), "-4.294387057781812E18");
        known.put(Double.longBitsToDouble(4886637451598421359L), "4.849106461494984E18");
        known.put(Double.longBitsToDouble(-4361085897357678331L), "-1.1849185906724462E17");
        known.put(1.0E-5, "1.0E-5");
        known.put(0.001, "0.001");
        known.put(Math.nextDown(0.001), "9.999999999999998E-4");
        known.put(1.0E7, "1.0E7");
        known.put(Math.nextDown(1.0E7), "9999999.999999998");
        known.put(9999999.0, "9999999.0");
        known.put(1.2345678E7, "1.2345678E7");
        known.put(100.0, "100.0");
        known.put(0.1, "0.1");
        known.put((double) 0.1f, "0.10000000149011612");
        known.put(0.3, "0.3");
        known.put(1.0 / 3, "0.3333333333333333");
        known.put(0.002, "0.002");
        known.put(1.0E21, "1.0E21");
        known.put(1.0, "1.0");
        known.put(-1.5, "-1.5");
        known.put(0.0, "0.0");
        known.put(-0.0, "-0.0");
        known.put(Math.PI, "3.141592653589793");
        known.put(9.007199254740992E15, "9.007199254740992E15");
        return known;
    }

    @Test
    void doubleTextMatchesTheKnownJdk19TextsOnEveryJdk() {
        boolean jdk19 = Runtime.version().feature() >= 19;
        for (Map.Entry<Double, String> known : KNOWN.entrySet()) {
            double d = known.getKey();
            assertEquals(known.getValue(), JsonValues.shortestDoubleText(d), known::getValue);
            assertEquals(known.getValue(), JsonValues.doubleText(d), known::getValue);
            assertEquals(known.getValue(), JsonValues.canonicalJson(d), known::getValue);
            if (jdk19) {
                assertEquals(known.getValue(), Double.toString(d), "the expected text itself is wrong");
            }
        }
    }

    /**
     * On JDK 19 and later {@link Double#toString(double)} is the specification, and the fallback must agree
     * with it everywhere: random bit patterns over the whole range, subnormals, every power of two, short
     * decimals and their neighbours, and the plain/scientific boundaries at 1e-3 and 1e7. Before JDK 19
     * there is nothing to compare with at run time, so the texts verified on JDK 25 stand in for it.
     */
    @Test
    void shortestDoubleTextIsJdk19DoubleToString() {
        if (Runtime.version().feature() < 19) {
            for (Map.Entry<Double, String> known : KNOWN.entrySet()) {
                assertEquals(known.getValue(), JsonValues.shortestDoubleText(known.getKey()), known::getValue);
            }
            return;
        }
        Random random = new Random(19L);
        int compared = 0;
        for (int n = 0; n < 4_000; n++) {
            compared += compare(Double.longBitsToDouble(random.nextLong()));
            compared += compare(Double.longBitsToDouble(random.nextLong() & 0x800FFFFFFFFFFFFFL)); // subnormal
            compared += compare(Math.scalb(1.0 + random.nextInt(1 << 20) / (double) (1 << 20), random.nextInt(2098) - 1074));
            compared += compare(Math.nextAfter(0.001, 0) + (random.nextInt(201) - 100) * Math.ulp(0.001));
            compared += compare(1.0E7 + (random.nextInt(201) - 100) * Math.ulp(1.0E7));
        }
        for (int exponent = -1074; exponent <= 1023; exponent++) {
            compared += compare(Math.scalb(1.0, exponent));
            compared += compare(-Math.scalb(1.0, exponent));
        }
        for (int exponent = -324; exponent <= 308; exponent += 3) {
            for (int digits : new int[] {1, 2, 5, 9, 12, 25, 99}) {
                double d = Double.parseDouble(digits + "E" + exponent);
                compared += compare(d) + compare(Math.nextUp(d)) + compare(Math.nextDown(d));
            }
        }
        for (double d : KNOWN.keySet()) {
            compared += compare(d);
        }
        assertTrue(compared > 25_000, "compared " + compared);
    }

    /**
     * The fallback is what runs before JDK 19, so it must be right on those JDKs' BigDecimal too: 4,000
     * doubles with their texts generated on Temurin 25 (random bits, subnormals, short decimals and their
     * neighbours) are checked on every JDK, and on JDK 19+ the file itself is checked against Double.toString.
     */
    @Test
    void shortestDoubleTextMatchesTextsGeneratedOnJdk25OnEveryJdk() throws IOException {
        boolean jdk19 = Runtime.version().feature() >= 19;
        int checked = 0;
        try (InputStream in = JsonValuesTest.class.getResourceAsStream("jdk19-double-texts.txt")) {
            assertNotNull(in, "jdk19-double-texts.txt");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] bitsAndText = line.split(" ");
                double d = Double.longBitsToDouble(Long.parseLong(bitsAndText[0]));
                String expected = bitsAndText[1];
                assertEquals(expected, JsonValues.shortestDoubleText(d), line);
                assertEquals(expected, JsonValues.doubleText(d), line);
                if (jdk19) {
                    assertEquals(expected, Double.toString(d), () -> "the file is wrong at " + line);
                }
                checked++;
            }
        }
        assertEquals(4_000, checked);
    }

    /** Compares one finite double, returning 1, or 0 for a value that is not finite. */
    private static int compare(double d) {
        if (!Double.isFinite(d)) {
            return 0;
        }
        String expected = Double.toString(d);
        assertEquals(expected, JsonValues.shortestDoubleText(d),
                () -> "bits " + Double.doubleToRawLongBits(d) + "L, Double.toString " + expected);
        return 1;
    }

    @Test
    void doubleTextRefusesNanAndInfinity() {
        refused("d must be finite, was NaN", () -> JsonValues.doubleText(Double.NaN));
        refused("d must be finite, was -Infinity", () -> JsonValues.doubleText(Double.NEGATIVE_INFINITY));
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth >= 4 ? 9 : 11);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextInt();
            case 3:
                return random.nextLong();
            case 4:
                return new BigInteger(70 + random.nextInt(60), random).negate();
            case 5:
                return randomFiniteDouble(random);
            case 6:
                return Float.intBitsToFloat(random.nextInt() & 0x7f7fffff) * (random.nextBoolean() ? 1 : -1);
            case 7:
            case 8:
                return randomString(random, random.nextInt(12));
            case 9: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(randomString(random, random.nextInt(8)), randomValue(random, depth + 1));
                }
                return map;
            }
        }
    }

    private static double randomFiniteDouble(Random random) {
        double d;
        do {
            d = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(d));
        return random.nextInt(4) == 0 ? Math.rint(d % 1e6) : d;
    }

    /** Every class of character: ASCII, controls, escapes, 2- and 3-byte, astral pairs, lone surrogates. */
    private static String randomString(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> s.append((char) (0x20 + random.nextInt(0x60)));
                case 1 -> s.append((char) random.nextInt(0x20));
                case 2 -> s.append("\"\\\u007f".charAt(random.nextInt(3)));
                case 3 -> s.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
                case 4 -> s.append((char) (0x800 + random.nextInt(0xd800 - 0x800)));
                case 5 -> s.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
                case 6 -> s.append((char) (Character.MIN_SURROGATE + random.nextInt(0x800)));
                default -> s.append((char) (0xe000 + random.nextInt(0x2000)));
            }
        }
        return s.toString();
    }
}
