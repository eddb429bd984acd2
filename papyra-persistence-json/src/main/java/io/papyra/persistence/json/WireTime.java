package io.papyra.persistence.json;

import tools.jackson.core.io.NumberOutput;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The two wire forms of a timestamp: the original's float seconds ({@code timestamp}) and the exact
 * epoch nanoseconds ({@code timestamp_ns}). Stateless; thread-safe.
 */
final class WireTime {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final BigInteger BIG_NANOS_PER_SECOND = BigInteger.valueOf(NANOS_PER_SECOND);
    /** |seconds| below this: seconds * 10^9 + nanos fits a long (Long.MAX_VALUE / 10^9 = 9223372036.85). */
    private static final long NANOS_FIT_LONG = 9_223_372_036L;
    /** |seconds| below this: the epoch nanoseconds are below 2^53, so a double holds them exactly. */
    private static final long NANOS_FIT_DOUBLE = 9_007_198L;
    /** |seconds| above this: seconds + (double) nanos / 10^9 rounds once, correctly (see {@link #seconds}). */
    private static final long SUM_ROUNDS_CORRECTLY = 1L << 29;
    /** |seconds| below this: a double holds the seconds exactly. */
    private static final long SECONDS_FIT_DOUBLE = 1L << 53;
    /** A decimal of more integer digits than this is beyond Instant's range (about 3.2 * 10^16 seconds). */
    private static final int MAX_INTEGER_DIGITS = 18;

    private WireTime() {
    }

    /**
     * Returns the double closest to the instant in epoch seconds (ties to even), the value that the
     * original's {@code timestamp} holds.
     */
    static double seconds(Instant instant) {
        long s = instant.getEpochSecond();
        int n = instant.getNano();
        if (n == 0) {
            return s; // a long converts to the closest double
        }
        long magnitude = Math.abs(s);
        if (magnitude < NANOS_FIT_DOUBLE) {
            // Both operands exact: the division rounds once.
            return (double) (s * NANOS_PER_SECOND + n) / NANOS_PER_SECOND;
        }
        if (magnitude > SUM_ROUNDS_CORRECTLY && magnitude < SECONDS_FIT_DOUBLE) {
            // s is exact and q = n / 10^9 is off by at most 2^-54. For |x| >= 2^29 the doubles near
            // x = s + n/10^9 are 2^-23 apart or more, so their midpoints are multiples of 2^-24, and
            // a midpoint that x is not on is at least 2^9 / (10^9 * 2^24) ~ 3 * 10^-14 away from it
            // (x * 10^9 * 2^24 is an integer, and so is a midpoint's; both are multiples of 2^9).
            // So q's error cannot carry s + q across a midpoint; and when x is on one, n / 10^9 is a
            // dyadic fraction of at most 24 bits that q holds exactly. Either way the sum, which
            // rounds once, rounds to the double closest to x.
            return s + (double) n / NANOS_PER_SECOND;
        }
        return new BigDecimal(BigInteger.valueOf(s).multiply(BIG_NANOS_PER_SECOND).add(BigInteger.valueOf(n)), 9)
                .doubleValue();
    }

    /**
     * Returns the text of a finite double as Python's {@code repr} lays it out, with the shortest
     * digits that read back as the same double: plain notation with at least one fraction digit
     * ({@code 1767225601.000123}, {@code 12.5}, {@code 100.0}) when 10^-4 &lt;= |d| &lt; 10^16,
     * otherwise {@code d.ddde±XX} ({@code 1e-05}, {@code 1.5e+16}).
     */
    static String pythonText(double d) {
        // Jackson's Schubfach: the shortest digits that read back, on every JDK, laid out as Java does.
        String java = NumberOutput.toString(d, true);
        int start = java.charAt(0) == '-' ? 1 : 0;
        int e = java.indexOf('E');
        int end = e < 0 ? java.length() : e;
        int exponent = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
        int point = java.indexOf('.', start);
        StringBuilder digits = new StringBuilder(24)
                .append(java, start, point).append(java, point + 1, end);
        // value = 0.digits * 10^decimalPoint
        int decimalPoint = point - start + exponent;
        int leading = 0;
        while (leading < digits.length() && digits.charAt(leading) == '0') {
            leading++;
        }
        if (leading == digits.length()) {
            return start == 1 ? "-0.0" : "0.0";
        }
        digits.delete(0, leading);
        decimalPoint -= leading;
        int length = digits.length();
        while (digits.charAt(length - 1) == '0') {
            length--;
        }
        digits.setLength(length);

        StringBuilder out = new StringBuilder(length + 8);
        if (start == 1) {
            out.append('-');
        }
        if (decimalPoint < -3 || decimalPoint > 16) {
            out.append(digits.charAt(0));
            if (length > 1) {
                out.append('.').append(digits, 1, length);
            }
            int power = decimalPoint - 1;
            out.append('e').append(power < 0 ? '-' : '+');
            if (Math.abs(power) < 10) {
                out.append('0');
            }
            out.append(Math.abs(power));
        } else if (decimalPoint <= 0) {
            out.append("0.");
            for (int i = decimalPoint; i < 0; i++) {
                out.append('0');
            }
            out.append(digits);
        } else if (decimalPoint >= length) {
            out.append(digits);
            for (int i = length; i < decimalPoint; i++) {
                out.append('0');
            }
            out.append(".0");
        } else {
            out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, length);
        }
        return out.toString();
    }

    /** Whether the instant's epoch nanoseconds fit a long: from 1677-09-21 to 2262-04-11. */
    static boolean nanosFitLong(Instant instant) {
        return Math.abs(instant.getEpochSecond()) < NANOS_FIT_LONG;
    }

    /** The instant's epoch nanoseconds, when {@link #nanosFitLong(Instant)}. */
    static long epochNanosLong(Instant instant) {
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    /** The instant's epoch nanoseconds, for any instant. */
    static BigInteger epochNanosBig(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond()).multiply(BIG_NANOS_PER_SECOND)
                .add(BigInteger.valueOf(instant.getNano()));
    }

    /** The instant of the given epoch nanoseconds. */
    static Instant fromEpochNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /**
     * The instant of the given epoch nanoseconds.
     *
     * @throws DateTimeException if it is beyond Instant's range
     */
    static Instant fromEpochNanos(BigInteger nanos) {
        BigInteger[] qr = nanos.divideAndRemainder(BIG_NANOS_PER_SECOND);
        BigInteger seconds = qr[0];
        long nano = qr[1].longValue();
        if (nano < 0) {
            seconds = seconds.subtract(BigInteger.ONE);
            nano += NANOS_PER_SECOND;
        }
        if (seconds.bitLength() > 63) {
            throw new DateTimeException("beyond the range of an Instant");
        }
        return Instant.ofEpochSecond(seconds.longValue(), nano);
    }

    /**
     * The instant of a number of epoch seconds given as JSON number text, computed exactly from the
     * decimal digits (not through a double) and rounded half-even to the nanosecond.
     *
     * @throws NumberFormatException if the text is not a decimal number
     * @throws DateTimeException     if it is beyond Instant's range
     */
    static Instant fromSecondsText(String text) {
        BigDecimal seconds = new BigDecimal(text);
        if (seconds.signum() != 0 && seconds.precision() - seconds.scale() > MAX_INTEGER_DIGITS) {
            // Checked before rescaling, so that 1e999999999 costs nothing.
            throw new DateTimeException("beyond the range of an Instant");
        }
        if (seconds.precision() - seconds.scale() < -9) {
            // Below 10^-10 in magnitude: rounds to zero nanoseconds (and 1e-999999999 costs nothing).
            return Instant.EPOCH;
        }
        BigInteger nanos = seconds.setScale(9, RoundingMode.HALF_EVEN).unscaledValue();
        return nanos.bitLength() < 64 ? fromEpochNanos(nanos.longValue()) : fromEpochNanos(nanos);
    }
}
