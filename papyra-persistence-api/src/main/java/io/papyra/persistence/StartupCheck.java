package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks a backend's stored data before the runtime starts writing to it. An immutable value;
 * {@code with*} methods return a new check.
 *
 * <pre>{@code
 * StartupCheck.of(StartupCheckMode.RECOVER)
 *         .withRecovery(RecoveryConfig.of(RecoveryMode.REPAIR))
 *         .withTimeout(Duration.ofSeconds(30))
 *         .run(backend);
 * }</pre>
 *
 * @see StartupCheckMode
 * @since 0.1
 */
public final class StartupCheck {

    private final StartupCheckMode mode;
    private final RecoveryConfig recovery;
    private final @Nullable Duration timeout;

    private StartupCheck(StartupCheckMode mode, RecoveryConfig recovery, @Nullable Duration timeout) {
        this.mode = mode;
        this.recovery = recovery;
        this.timeout = timeout;
    }

    /**
     * Returns a check of {@code mode} that recovers with {@link RecoveryMode#REPAIR} and has no time-out.
     *
     * @param mode what to check, never null
     * @return the check
     * @throws NullPointerException if {@code mode} is null
     */
    public static StartupCheck of(StartupCheckMode mode) {
        return new StartupCheck(Checks.notNull(mode, "mode"), RecoveryConfig.of(RecoveryMode.REPAIR), null);
    }

    /**
     * Returns a copy that recovers with {@code config} in mode {@link StartupCheckMode#RECOVER}.
     *
     * @param config how to recover, never null
     * @return the new check
     * @throws NullPointerException if {@code config} is null
     */
    public StartupCheck withRecovery(RecoveryConfig config) {
        return new StartupCheck(mode, Checks.notNull(config, "config"), timeout);
    }

    /**
     * Returns a copy that fails if the check takes longer than {@code timeout}. The check then runs
     * on a separate daemon thread, which is interrupted when time runs out.
     *
     * @param timeout the longest the check may take, positive, never null
     * @return the new check
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public StartupCheck withTimeout(Duration timeout) {
        Checks.notNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        return new StartupCheck(mode, recovery, timeout);
    }

    /**
     * Returns the mode.
     *
     * @return the mode, never null
     */
    public StartupCheckMode mode() {
        return mode;
    }

    /**
     * Returns the recovery configuration used in mode {@link StartupCheckMode#RECOVER}.
     *
     * @return the configuration, never null
     */
    public RecoveryConfig recovery() {
        return recovery;
    }

    /**
     * Returns the time-out.
     *
     * @return the time-out, or null for none
     */
    public @Nullable Duration timeout() {
        return timeout;
    }

    /**
     * Runs the check on {@code backend}.
     *
     * @param backend the backend to check, never null
     * @return what was done and found
     * @throws NullPointerException   if {@code backend} is null
     * @throws StartupCheckException  if the data is not fit to start, the backend lacks a capability
     *                                the mode needs, or the time-out ran out (see {@link StartupCheckException})
     * @throws RuntimeException       the exception of a scan or recovery that failed, as the backend threw
     *                                it, with or without a time-out
     */
    public StartupCheckReport run(PersistenceBackend backend) {
        Checks.notNull(backend, "backend");
        requireCapabilities(backend);
        Duration limit = timeout;
        if (limit == null) {
            return runNow(backend);
        }
        CompletableFuture<StartupCheckReport> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(runNow(backend));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "papyra-startup-check");
        worker.setDaemon(true);
        worker.start();
        try {
            return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new StartupCheckException("Startup check " + mode + " of backend '" + backend.name()
                    + "' did not finish within " + limit, null, e);
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new StartupCheckException("Interrupted while waiting for startup check " + mode, null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StartupCheckException("Startup check " + mode + " failed", null, cause);
        }
    }

    private void requireCapabilities(PersistenceBackend backend) {
        List<Capability> needed = switch (mode) {
            case IGNORE -> List.of();
            case SCAN_ONLY, FAIL_ON_ANOMALY -> List.of(Capability.SCAN);
            case RECOVER -> List.of(Capability.SCAN, Capability.RECOVERY);
        };
        for (Capability capability : needed) {
            if (!backend.capabilities().contains(capability)) {
                throw new StartupCheckException("Startup check " + mode + " needs capability " + capability
                        + ", which backend '" + backend.name() + "' does not support; use mode " + StartupCheckMode.IGNORE
                        + " for this backend", null, null);
            }
        }
    }

    private StartupCheckReport runNow(PersistenceBackend backend) {
        if (mode == StartupCheckMode.IGNORE) {
            return new StartupCheckReport(backend.name(), mode, null, null, null);
        }
        ScanReport scan = backend.scan();
        switch (mode) {
            case SCAN_ONLY:
                return new StartupCheckReport(backend.name(), mode, scan, null, null);
            case FAIL_ON_ANOMALY: {
                StartupCheckReport report = new StartupCheckReport(backend.name(), mode, scan, null, null);
                if (!scan.isClean()) {
                    throw new StartupCheckException("Startup check found " + scan.anomalies().size()
                            + " anomalies in backend '" + backend.name() + "': " + scan.anomalies(), report, null);
                }
                return report;
            }
            default: {
                RecoveryReport recovered = backend.recover(recovery);
                ScanReport rescan = backend.scan();
                StartupCheckReport report = new StartupCheckReport(backend.name(), mode, scan, recovered, rescan);
                if (!rescan.isClean()) {
                    throw new StartupCheckException(rescan.anomalies().size() + " anomalies remain in backend '"
                            + backend.name() + "' after recovery " + recovery.mode() + ": " + rescan.anomalies(), report, null);
                }
                return report;
            }
        }
    }

    @Override
    public String toString() {
        return "StartupCheck[mode=" + mode + ", recovery=" + recovery + ", timeout="
                + (timeout == null ? "none" : timeout) + "]";
    }
}
