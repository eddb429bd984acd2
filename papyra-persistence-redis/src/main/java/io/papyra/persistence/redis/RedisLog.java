package io.papyra.persistence.redis;

/**
 * The three logs of an actor system, each one Redis stream. The stream of a log is
 * {@code <prefix>:<system_id>:<suffix>}, as the original system names it.
 *
 * @since 0.2
 */
public enum RedisLog {
    /** Actor lifecycle events: stream suffix {@code events}, JSON {@code kind} {@code event}. */
    EVENTS("events", "event"),
    /** Audit snapshots: stream suffix {@code audits}, JSON {@code kind} {@code audit}. */
    AUDITS("audits", "audit"),
    /** Dead letters: stream suffix {@code dead_letters}, JSON {@code kind} {@code dead_letter}. */
    DEAD_LETTERS("dead_letters", "dead_letter");

    private final String suffix;
    private final String kind;

    RedisLog(String suffix, String kind) {
        this.suffix = suffix;
        this.kind = kind;
    }

    /**
     * Returns the last part of the stream's key.
     *
     * @return {@code events}, {@code audits} or {@code dead_letters}
     */
    public String suffix() {
        return suffix;
    }

    /**
     * Returns the {@code kind} member of the records this log holds.
     *
     * @return {@code event}, {@code audit} or {@code dead_letter}
     */
    public String kind() {
        return kind;
    }
}
