package io.papyra.persistence.tck;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.RetentionPolicy;

import java.util.Objects;

/**
 * What the compatibility kit hands to {@link PersistenceBackendTck#createBackend(TckContext)}: the
 * clock the kit controls, the retention policy under test, and the {@link BackendConfig} built from
 * them. A backend created for a context must read time only from {@link #clock()} and apply
 * {@link #retention()} on its reads; passing {@link #config()} to the backend does both.
 *
 * <p>An immutable value; thread-safe.
 *
 * @since 0.1
 */
public final class TckContext {

    private final ManualClock clock;
    private final RetentionPolicy retention;
    private final BackendConfig config;

    private TckContext(ManualClock clock, RetentionPolicy retention) {
        this.clock = clock;
        this.retention = retention;
        this.config = BackendConfig.defaults().withRetention(retention).withClock(clock);
    }

    /**
     * Returns a context of {@code clock} and {@code retention}. The kit creates contexts itself; this
     * factory is public so that a backend author's own tests can build one too.
     *
     * @param clock     the clock the backend must read, never null
     * @param retention the policy the backend must apply, never null
     * @return the context
     * @throws NullPointerException if an argument is null
     */
    public static TckContext of(ManualClock clock, RetentionPolicy retention) {
        return new TckContext(Objects.requireNonNull(clock, "clock must not be null"),
                Objects.requireNonNull(retention, "retention must not be null"));
    }

    /**
     * Returns the clock that the kit moves by hand; the backend's only source of time.
     *
     * @return the clock, never null
     */
    public ManualClock clock() {
        return clock;
    }

    /**
     * Returns the retention policy that the backend must apply to each of its logs.
     *
     * @return the policy, never null
     */
    public RetentionPolicy retention() {
        return retention;
    }

    /**
     * Returns {@code BackendConfig.defaults().withRetention(retention()).withClock(clock())}: the
     * configuration to create the backend with. A backend that needs options of its own (a
     * directory, say) adds them with {@link BackendConfig#withOption(String, String)}.
     *
     * @return the configuration, never null
     */
    public BackendConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "TckContext[clock=" + clock + ", retention=" + retention + "]";
    }
}
