package io.papyra.persistence.redis.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The score of a record in a log's timestamp index: its timestamp in whole milliseconds since the
 * epoch (rounded down), as the nearest double. The function is monotonic (a later timestamp never
 * gets a lower score), so every record at or after {@code since} has a score at or above
 * {@code of(since)}; the reader then filters by the exact timestamp. Exact as a double for every
 * timestamp within about 285,000 years of 1970; beyond, neighbouring milliseconds share a score.
 */
final class Scores {

    private static final BigInteger THOUSAND = BigInteger.valueOf(1_000);

    private Scores() {
    }

    static String of(Instant t) {
        long seconds = t.getEpochSecond();
        long millis = t.getNano() / 1_000_000;
        double score;
        try {
            score = (double) Math.addExact(Math.multiplyExact(seconds, 1_000L), millis);
        } catch (ArithmeticException beyondLong) {
            score = BigInteger.valueOf(seconds).multiply(THOUSAND).add(BigInteger.valueOf(millis)).doubleValue();
        }
        return Double.toString(score);
    }

    static byte[] bytes(Instant t) {
        return of(t).getBytes(StandardCharsets.US_ASCII);
    }
}
