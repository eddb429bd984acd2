package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a backend is created with: the retention policy, the clock, and backend-specific string
 * options (for example a directory for a file backend). An immutable value; {@code with*} methods
 * return a new configuration.
 *
 * <pre>{@code
 * BackendConfig config = BackendConfig.defaults()
 *         .withRetention(RetentionPolicy.none().withMaxRecords(10_000))
 *         .withOption("path", "/var/log/papyra");
 * }</pre>
 *
 * @since 0.1
 */
public final class BackendConfig {

    private static final BackendConfig DEFAULTS =
            new BackendConfig(RetentionPolicy.none(), InstantSource.system(), Map.of());

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final Map<String, String> options;

    private BackendConfig(RetentionPolicy retention, InstantSource clock, Map<String, String> options) {
        this.retention = retention;
        this.clock = clock;
        this.options = options;
    }

    /**
     * Returns the default configuration: no retention, the system clock, no options.
     *
     * @return the defaults
     */
    public static BackendConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another retention policy.
     *
     * @param retention the policy, never null
     * @return the new configuration
     * @throws NullPointerException if {@code retention} is null
     */
    public BackendConfig withRetention(RetentionPolicy retention) {
        return new BackendConfig(Checks.notNull(retention, "retention"), clock, options);
    }

    /**
     * Returns a copy with another clock. Every time-dependent decision of the backend (age
     * retention above all) reads this clock; tests pass a clock they control.
     *
     * @param clock the clock, never null
     * @return the new configuration
     * @throws NullPointerException if {@code clock} is null
     */
    public BackendConfig withClock(InstantSource clock) {
        return new BackendConfig(retention, Checks.notNull(clock, "clock"), options);
    }

    /**
     * Returns a copy with one more option, replacing any option of the same key.
     *
     * @param key   the option's name, not blank
     * @param value the option's value, never null
     * @return the new configuration
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code key} is blank
     */
    public BackendConfig withOption(String key, String value) {
        Checks.notBlank(key, "key");
        Checks.notNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(key, value);
        return new BackendConfig(retention, clock, Collections.unmodifiableMap(copy));
    }

    /**
     * Returns the retention policy.
     *
     * @return the policy, never null
     */
    public RetentionPolicy retention() {
        return retention;
    }

    /**
     * Returns the clock.
     *
     * @return the clock, never null
     */
    public InstantSource clock() {
        return clock;
    }

    /**
     * Returns every option.
     *
     * @return an unmodifiable map, never null
     */
    public Map<String, String> options() {
        return options;
    }

    /**
     * Returns one option.
     *
     * @param key the option's name, never null
     * @return its value, or null if it is not set
     * @throws NullPointerException if {@code key} is null
     */
    public @Nullable String option(String key) {
        return options.get(Checks.notNull(key, "key"));
    }

    @Override
    public String toString() {
        return "BackendConfig[retention=" + retention + ", clock=" + clock + ", options=" + options + "]";
    }
}
