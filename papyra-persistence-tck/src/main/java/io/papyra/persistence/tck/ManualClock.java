package io.papyra.persistence.tck;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to: the {@link InstantSource} that the compatibility kit hands
 * to every backend it creates, so that retention by age is tested exactly and without sleeping.
 *
 * <p>{@link #advance(Duration)} only moves forward, which is what the kit's tests need;
 * {@link #set(Instant)} jumps to any instant, earlier ones included, for a test that wants to
 * model a wall clock being stepped back.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();            // 2026-01-01T00:00:00Z
 * clock.advance(Duration.ofMinutes(5));             // 2026-01-01T00:05:00Z
 * }</pre>
 *
 * <p>Thread-safe: the current instant is held in an atomic reference, so a change made on one
 * thread is seen by every later read on any thread, and concurrent advances add up.
 *
 * @since 0.1
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
     * Returns the clock's current instant; the same as {@link #now()}.
     *
     * @return the current instant, never null
     */
    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Returns the clock's current instant.
     *
     * @return the current instant, never null
     */
    public Instant now() {
        return now.get();
    }

    /**
     * Moves the clock forward by {@code amount}.
     *
     * @param amount how far to move, zero or positive, never null
     * @return the clock's new instant
     * @throws NullPointerException     if {@code amount} is null
     * @throws IllegalArgumentException if {@code amount} is negative; use {@link #set(Instant)} to
     *                                  move the clock back
     * @throws java.time.DateTimeException if the new instant is beyond {@link Instant#MAX}
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
