package io.papyra.persistence.file.internal;

/** When the writer forces written bytes to the storage device (option {@code fsync}). */
public enum FsyncPolicy {
    /** Never: the operating system writes the page cache back when it likes; a power loss loses what it had not. */
    NEVER,
    /** Every {@code fsync_interval_ms} milliseconds, when something was written. */
    INTERVAL,
    /** Before an append returns; concurrent appends share one force (group commit). */
    ALWAYS
}
