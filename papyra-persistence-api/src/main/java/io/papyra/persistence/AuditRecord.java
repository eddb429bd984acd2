package io.papyra.persistence;

import java.time.Instant;
import java.util.List;

/**
 * A periodic audit snapshot of an actor system: how many actors are in which state, and what
 * the registry looks like.
 *
 * <p>Immutable: the name lists are copied into unmodifiable lists. Equality is by value.
 *
 * @param systemId          the actor system that was audited, never null
 * @param timestamp         when the audit was taken, never null
 * @param totalActors       number of actors, &gt;= 0
 * @param aliveActors       number of running actors, &gt;= 0
 * @param stoppingActors    number of actors that are stopping, &gt;= 0
 * @param restartingActors  number of actors that are restarting, &gt;= 0
 * @param registrySize      number of names in the registry, &gt;= 0
 * @param registryOrphans   registry names whose actor is gone, never null; no null elements
 * @param registryDead      registry names that point at dead actors, never null; no null elements
 * @param deadLetterCount   number of dead letters so far, &gt;= 0
 *
 * @since 0.1
 */
public record AuditRecord(String systemId, Instant timestamp, int totalActors, int aliveActors,
                          int stoppingActors, int restartingActors, int registrySize,
                          List<String> registryOrphans, List<String> registryDead, long deadLetterCount)
        implements PersistenceRecord {

    /** Number of numeric counters an audit carries, each {@value PersistenceRecord#COUNTER_BYTES} bytes in its size. */
    public static final int COUNTERS = 6;

    /**
     * Creates the value, validating every field.
     *
     * @param systemId          the actor system that was audited, never null
     * @param timestamp         when the audit was taken, never null
     * @param totalActors       number of actors, &gt;= 0
     * @param aliveActors       number of running actors, &gt;= 0
     * @param stoppingActors    number of actors that are stopping, &gt;= 0
     * @param restartingActors  number of actors that are restarting, &gt;= 0
     * @param registrySize      number of names in the registry, &gt;= 0
     * @param registryOrphans   registry names whose actor is gone, never null; no null elements
     * @param registryDead      registry names that point at dead actors, never null; no null elements
     * @param deadLetterCount   number of dead letters so far, &gt;= 0
     * @throws NullPointerException if a field or a list element is null; the message names it
     * @throws IllegalArgumentException if a count is negative; the message names it and its value
     */
    public AuditRecord {
        Checks.notNull(systemId, "systemId");
        Checks.notNull(timestamp, "timestamp");
        Checks.notNegative(totalActors, "totalActors");
        Checks.notNegative(aliveActors, "aliveActors");
        Checks.notNegative(stoppingActors, "stoppingActors");
        Checks.notNegative(restartingActors, "restartingActors");
        Checks.notNegative(registrySize, "registrySize");
        registryOrphans = Checks.copyOfElements(registryOrphans, "registryOrphans");
        registryDead = Checks.copyOfElements(registryDead, "registryDead");
        Checks.notNegative(deadLetterCount, "deadLetterCount");
    }

    /**
     * {@inheritDoc}
     *
     * <p>For an audit: the timestamp, {@value #COUNTERS} counters, plus the UTF-8 lengths of the
     * system id and of every orphaned and dead registry name.
     */
    @Override
    public long sizeInBytes() {
        return TIMESTAMP_BYTES + (long) COUNTERS * COUNTER_BYTES + Sizes.utf8(systemId)
                + Sizes.utf8(registryOrphans) + Sizes.utf8(registryDead);
    }
}
