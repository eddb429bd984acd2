package io.papyra.cli.internal;

import io.papyra.persistence.PersistenceBackends;

import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the commands talk to: their output and error streams, the clock that relative times
 * ({@code --since 15m}) and {@code --follow} read, the sleeper between polls, and backend discovery.
 * Tests build one with captured streams, a manual clock and a sleeper that advances it.
 *
 * @param out      standard output, never null
 * @param err      standard error, never null
 * @param clock    the clock, never null; also the clock of the backends opened
 * @param sleeper  waits between {@code --follow} polls, never null
 * @param backends finds the backends, called once per command that opens one, never null
 */
public record Environment(PrintWriter out, PrintWriter err, InstantSource clock, Sleeper sleeper,
                          Supplier<PersistenceBackends> backends) {

    /**
     * Checks the components.
     *
     * @param out      standard output
     * @param err      standard error
     * @param clock    the clock
     * @param sleeper  the sleeper
     * @param backends backend discovery
     * @throws NullPointerException if a component is null
     */
    public Environment {
        Objects.requireNonNull(out, "out must not be null");
        Objects.requireNonNull(err, "err must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(sleeper, "sleeper must not be null");
        Objects.requireNonNull(backends, "backends must not be null");
    }

    /**
     * Returns the process's environment: {@link System#out}, {@link System#err}, the system clock,
     * real sleeps and {@link PersistenceBackends#discover()}.
     *
     * @return the environment
     */
    public static Environment system() {
        return new Environment(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                InstantSource.system(), Sleeper.SYSTEM, PersistenceBackends::discover);
    }
}
