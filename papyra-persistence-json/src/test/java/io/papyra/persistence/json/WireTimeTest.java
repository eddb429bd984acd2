package io.papyra.persistence.json;

import io.papyra.persistence.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The timestamp's float seconds: the closest double, in Python's layout of the shortest digits. */
class WireTimeTest {

    /** The double closest to the instant, computed the slow exact way. */
    private static double exactSeconds(Instant instant) {
        return new BigDecimal(BigInteger.valueOf(instant.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(instant.getNano())), 9).doubleValue();
    }

    @Test
    void secondsAreTheClosestDoubleInEveryRange() {
        Random random = new Random(20261128L);
        long[] bounds = {10, 1_000, 9_007_198, 9_007_200, 1L << 29, (1L << 29) + 2, 1L << 31, 1L << 40, 1L << 53,
            (1L << 53) + 5, Instant.MAX.getEpochSecond()};
        for (long bound : bounds) {
            for (int i = 0; i < 20_000; i++) {
                long s = Math.floorMod(random.nextLong(), bound) * (random.nextBoolean() ? 1 : -1);
                int n = random.nextInt(4) == 0 ? random.nextInt(8) * 1_953_125 : random.nextInt(1_000_000_000);
                if (s < Instant.MIN.getEpochSecond()) {
                    continue;
                }
                Instant instant = Instant.ofEpochSecond(s, n);
                assertEquals(exactSeconds(instant), WireTime.seconds(instant), instant::toString);
            }
        }
        for (Instant instant : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.ofEpochSecond(-1, 1),
            Instant.ofEpochSecond(1L << 29, 1), Instant.ofEpochSecond((1L << 29) + 1, 500_000_000),
            Instant.ofEpochSecond(-(1L << 29) - 1, 999_999_999)}) {
            assertEquals(exactSeconds(instant), WireTime.seconds(instant), instant::toString);
        }
    }

    /** Midpoints between two doubles: the exact value ties, and rounds to the even one. */
    @Test
    void ticksOnAMidpointRoundToEven() {
        // At 2^30 s the doubles are 2^-22 s apart; 2^-23 s = 119.209... ns is not a whole number of
        // nanoseconds, but 2^-9 s = 1953125 ns is, and at 2^52 s the doubles are 1 s apart.
        long s = 1L << 52;
        assertEquals((double) s, WireTime.seconds(Instant.ofEpochSecond(s, 500_000_000)));
        assertEquals((double) s + 2, WireTime.seconds(Instant.ofEpochSecond(s + 1, 500_000_000)));
    }

    @ParameterizedTest
    @CsvSource({
        "1767225601.000123, 1767225601.000123",
        "12.5, 12.5",
        "100.0, 100.0",
        "0.0, 0.0",
        "-0.0, -0.0",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "0.000123, 0.000123",
        "1e15, 1000000000000000.0",
        "1e16, 1e+16",
        "1.5e16, 1.5e+16",
        "123456789012345678, 1.2345678901234568e+17",
        "1e100, 1e+100",
        "1e-100, 1e-100",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "4.9e-324, 5e-324",
        "-2.5e-7, -2.5e-07",
        "0.1, 0.1",
        "-1767225601.5, -1767225601.5",
        "9007199254740993, 9007199254740992.0",
    })
    void pythonReprLayout(double value, String python) {
        assertEquals(python, WireTime.pythonText(value));
        assertEquals(value, Double.parseDouble(python));
    }

    @Test
    void pythonTextReadsBackWithTheDigitsOfJavasShortestText() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) { // JsonValues.doubleText is slow before JDK 19
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            String text = WireTime.pythonText(d);
            assertEquals(d, Double.parseDouble(text), text);
            String java = significand(JsonValues.doubleText(d));
            if (java.length() > 1) { // where one digit would do, Java's rule writes the closest two-digit decimal
                assertEquals(java, significand(text), text);
            }
        }
    }

    /** The significant digits of a number's text, without sign, point, exponent or leading and trailing zeros. */
    private static String significand(String text) {
        int e = text.toLowerCase(java.util.Locale.ROOT).indexOf('e');
        String mantissa = (e < 0 ? text : text.substring(0, e)).replace("-", "").replace(".", "");
        String digits = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return digits.isEmpty() ? "0" : digits;
    }

    @Test
    void epochNanosRoundTripOverTheWholeRange() {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            long s = Instant.MIN.getEpochSecond() + Math.floorMod(random.nextLong(),
                    Instant.MAX.getEpochSecond() - Instant.MIN.getEpochSecond());
            Instant instant = Instant.ofEpochSecond(s, random.nextInt(1_000_000_000));
            BigInteger big = WireTime.epochNanosBig(instant);
            assertEquals(instant, WireTime.fromEpochNanos(big));
            if (WireTime.nanosFitLong(instant)) {
                assertEquals(big.longValueExact(), WireTime.epochNanosLong(instant));
                assertEquals(instant, WireTime.fromEpochNanos(WireTime.epochNanosLong(instant)));
            }
        }
        assertEquals(Instant.parse("1677-09-21T00:12:43.145224192Z"), WireTime.fromEpochNanos(Long.MIN_VALUE));
        assertEquals(Instant.parse("2262-04-11T23:47:16.854775807Z"), WireTime.fromEpochNanos(Long.MAX_VALUE));
    }
}
