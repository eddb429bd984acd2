package io.papyra.persistence.junit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when the test moves it: the clock that {@link PersistenceExtension} wires
 * into each test's backend, so that age retention and {@code since} filters are exact without
 * sleeping.
 *
 * <pre>{@code
 * @Test
 * void oldEventsAgeOut(InMemoryPersistence backend, ManualClock clock) {
 *     backend.recordEvent(new EventRecord("sys", "local://1", "ActorStarted", Map.of(), clock.instant()));
 *     clock.advance(Duration.ofHours(2));
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: any thread may read or move it; each call sees the latest move.
 *
 * @since 0.2
 */
public final class ManualClock implements InstantSource {

    /** The instant a clock created with {@link #ManualClock()} starts at: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    /** Creates a clock that starts at {@link #DEFAULT_START}. */
    public ManualClock() {
        this(DEFAULT_START);
    }

    /**
     * Creates a clock that starts at {@code start}.
     *
     * @param start the first instant the clock reports, never null
     * @throws NullPointerException if {@code start} is null
     */
    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
    }

    /**
     * Returns the clock's current instant.
     *
     * @return the current instant, never null
     */
    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves the clock forward by {@code amount}.
     *
     * @param amount how far to move, zero or positive, never null
     * @return the clock's new instant
     * @throws NullPointerException        if {@code amount} is null
     * @throws IllegalArgumentException    if {@code amount} is negative; use {@link #set(Instant)} to
     *                                     move the clock back
     * @throws java.time.DateTimeException if the new instant would be after {@link Instant#MAX}
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount must not be null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount
                    + "; use set(Instant) to move the clock back");
        }
        return now.updateAndGet(current -> current.plus(amount));
    }

    /**
     * Sets the clock to {@code instant}, which may be before the current instant.
     *
     * @param instant the clock's new instant, never null
     * @throws NullPointerException if {@code instant} is null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant must not be null"));
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
