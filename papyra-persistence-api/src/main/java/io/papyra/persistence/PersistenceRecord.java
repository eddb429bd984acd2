package io.papyra.persistence;

import java.time.Instant;

/**
 * One fact recorded in the observability log: an {@link EventRecord actor lifecycle event}, an
 * {@link AuditRecord audit snapshot} or a {@link DeadLetterRecord dead letter}.
 *
 * <p>Records are immutable values: every collection they hold is an unmodifiable copy, so a record
 * can be shared between threads freely and a backend may keep the very instance it was given.
 *
 * <p>The size of a record, used by {@link RetentionPolicy#maxTotalBytes()}, is defined here once
 * for every backend by {@link #sizeInBytes()}.
 *
 * @since 0.1
 */
public sealed interface PersistenceRecord permits EventRecord, AuditRecord, DeadLetterRecord {

    /** Bytes that a timestamp counts for in {@link #sizeInBytes()}: epoch seconds and nanoseconds. */
    int TIMESTAMP_BYTES = 12;

    /** Bytes that one numeric counter counts for in {@link #sizeInBytes()}. */
    int COUNTER_BYTES = 8;

    /**
     * Returns the identifier of the actor system that produced this record.
     *
     * @return the system id, never null
     */
    String systemId();

    /**
     * Returns the instant at which the fact happened, as stamped by the producer. Retention by age
     * and {@link Query#since(Instant) since} reads compare against it.
     *
     * @return the timestamp, never null
     */
    Instant timestamp();

    /**
     * Returns the size of this record in bytes, as retention by {@link RetentionPolicy#maxTotalBytes()}
     * counts it on every backend. It is a deterministic function of the record's fields, independent
     * of how a backend stores it:
     * <ul>
     *   <li>every string field counts the length of its UTF-8 encoding (an absent optional string
     *       counts 0), and a list of strings the sum of its elements';</li>
     *   <li>a payload counts the UTF-8 length of its {@linkplain JsonValues canonical JSON text}
     *       (quotes, escapes, braces and commas included; no whitespace);</li>
     *   <li>the timestamp counts {@value #TIMESTAMP_BYTES} bytes and each numeric counter
     *       {@value #COUNTER_BYTES} bytes.</li>
     * </ul>
     * For example an event of system {@code "sys"}, actor {@code "local://1"}, type
     * {@code "ActorStarted"} and payload {@code {"k": "v"}} (canonical text {@code {"k":"v"}}, 9
     * bytes) has size 12 + 3 + 9 + 12 + 9 = 45; with payload {@code {"attempt": 3, "ok": true}}
     * (text {@code {"attempt":3,"ok":true}}, 23 bytes) it has size 12 + 3 + 9 + 12 + 23 = 59.
     *
     * @return the size in bytes, at least {@value #TIMESTAMP_BYTES}
     */
    long sizeInBytes();
}
