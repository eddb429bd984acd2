package io.papyra.benchmarks;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.RetentionPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Records built once, outside every measured operation, so that a benchmark's allocation figure
 * ({@code gc.alloc.rate.norm}) counts what the log allocates and not the caller's record.
 *
 * <p>Append benchmarks cycle through {@link #CYCLE} records by {@code index & CYCLE_MASK}. Read
 * and compaction benchmarks use {@link #log(int)}: records one millisecond apart, all of the same
 * {@linkplain io.papyra.persistence.PersistenceRecord#sizeInBytes() size}, so that the retention
 * bounds below cut the log at predictable places.
 */
final class Fixtures {

    /** How many pre-built records an append benchmark cycles through (a power of two). */
    static final int CYCLE = 4096;
    static final int CYCLE_MASK = CYCLE - 1;

    /**
     * Appends after which an append benchmark replaces its log by an empty one (a power of two).
     * Without it a 1 s iteration at a few ns per append would grow a log to hundreds of millions of
     * references: an {@code ArrayList} baseline would run out of heap, and every young collection
     * would copy (and promote) an ever larger live log. With it the live log stays under 2^20
     * references per writer, so young collections are cheap and nothing of size is promoted; the
     * cost of starting a new log is amortised over 2^20 appends and paid by every contender alike.
     */
    static final int RENEW_MASK = (1 << 20) - 1;

    /** The first timestamp of {@link #log(int)}. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    static final EventRecord[] EVENTS = events(CYCLE);
    static final AuditRecord[] AUDITS = audits(CYCLE);
    static final DeadLetterRecord[] DEAD_LETTERS = deadLetters(CYCLE);

    private Fixtures() {
    }

    /**
     * Collects fully, so that what a trial setup built is in the old generation before measuring,
     * instead of being copied by the first young collections inside the measurements.
     */
    static void settle() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
    }

    /** Returns the timestamp of record {@code i} of {@link #log(int)}. */
    static Instant timestamp(int i) {
        return EPOCH.plusMillis(i);
    }

    private static String address(int i) {
        return "local://" + (1000 + i % 9000); // always 4 digits: every record has the same size
    }

    private static EventRecord event(int i) {
        return new EventRecord("orders", address(i), (i & 1) == 0 ? "ActorStarted" : "ActorStopped",
                Map.of("class", "OrderActor"), timestamp(i));
    }

    static EventRecord[] events(int n) {
        EventRecord[] records = new EventRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = event(i);
        }
        return records;
    }

    static AuditRecord[] audits(int n) {
        AuditRecord[] records = new AuditRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = new AuditRecord("orders", timestamp(i), 100, 97, 2, 1, 40,
                    List.of("orphan-1"), List.of(), i);
        }
        return records;
    }

    static DeadLetterRecord[] deadLetters(int n) {
        DeadLetterRecord[] records = new DeadLetterRecord[n];
        for (int i = 0; i < n; i++) {
            records[i] = new DeadLetterRecord("orders", (i & 1) == 0 ? address(i) : null, "PlaceOrder",
                    Map.of("orderId", "42"), timestamp(i));
        }
        return records;
    }

    /** A log of {@code n} events, 1 ms apart, starting at {@link #EPOCH}, all of the same size. */
    static EventRecord[] log(int n) {
        return events(n);
    }

    /** The instant at which reads of {@link #log(int) log(n)} are evaluated: 1 ms after its last record. */
    static Instant readTime(int n) {
        return timestamp(n);
    }

    /**
     * The retention policies the read benchmarks compare, for a log of {@code n} records read at
     * {@link #readTime(int)}. Each single bound hides the older half of the log; "all" combines an
     * age bound that keeps 3/4, a count bound that keeps 1/2 and a size bound that keeps 1/4, so
     * that each of the three steps removes something.
     *
     * @param name one of none, maxRecords, maxAge, maxBytes, all
     */
    static RetentionPolicy retention(String name, int n) {
        long recordSize = event(0).sizeInBytes();
        RetentionPolicy none = RetentionPolicy.none();
        return switch (name) {
            case "none" -> none;
            case "maxRecords" -> none.withMaxRecords(n / 2);
            case "maxAge" -> none.withMaxAge(Duration.ofMillis(n / 2));
            case "maxBytes" -> none.withMaxTotalBytes(recordSize * (n / 2));
            case "all" -> none.withMaxAge(Duration.ofMillis(3L * n / 4))
                    .withMaxRecords(n / 2)
                    .withMaxTotalBytes(recordSize * (n / 4));
            default -> throw new IllegalArgumentException("unknown retention " + name);
        };
    }
}
