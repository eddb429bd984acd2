package io.papyra.cli.internal;

import java.time.Duration;

/** Waits between the polls of {@code --follow}; tests pass one that advances their clock instead. */
@FunctionalInterface
public interface Sleeper {

    /** The real one: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

    /**
     * Waits about {@code duration}.
     *
     * @param duration how long, positive
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
