package io.papyra.persistence;

/**
 * One problem found by a {@link PersistenceBackend#scan() scan}. An immutable value.
 *
 * @param type     what kind of damage, never null
 * @param location where it is, in the backend's terms (for example a file and line), never null
 * @param detail   a human-readable explanation, never null
 *
 * @since 0.1
 */
public record Anomaly(AnomalyType type, String location, String detail) {

    /**
     * Creates the value, validating every field.
     *
     * @param type     what kind of damage, never null
     * @param location where it is, in the backend's terms (for example a file and line), never null
     * @param detail   a human-readable explanation, never null
     * @throws NullPointerException if a field is null; the message names it
     */
    public Anomaly {
        Checks.notNull(type, "type");
        Checks.notNull(location, "location");
        Checks.notNull(detail, "detail");
    }
}
