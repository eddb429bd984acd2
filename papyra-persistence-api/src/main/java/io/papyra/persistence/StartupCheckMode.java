package io.papyra.persistence;

/**
 * What a {@link StartupCheck} does before the runtime starts writing.
 *
 * @since 0.1
 */
public enum StartupCheckMode {
    /** Check nothing. */
    IGNORE,
    /** Scan and report; never fail because of anomalies. */
    SCAN_ONLY,
    /** Scan, recover, scan again; fail if anomalies remain. */
    RECOVER,
    /** Scan; fail if there is any anomaly. */
    FAIL_ON_ANOMALY
}
