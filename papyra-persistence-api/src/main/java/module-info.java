import org.jspecify.annotations.NullMarked;

/**
 * The contract of Papyra's observability log: the records, the backend interface, retention,
 * metrics, maintenance reports, and the discovery of backends through {@link java.util.ServiceLoader}.
 *
 * <p>Backends implement {@link io.papyra.persistence.spi.PersistenceBackendProvider} and declare it
 * with {@code provides} (module path) and in {@code META-INF/services} (class path). Applications
 * find them through {@link io.papyra.persistence.PersistenceBackends}, which lives in this module
 * because this is the module that declares {@code uses}.
 *
 * <p>Nullness: the whole module is {@link NullMarked}: no parameter, return value, record component
 * or element accepts or yields {@code null} unless it is annotated
 * {@link org.jspecify.annotations.Nullable @Nullable}, and a null where none is allowed is a
 * {@link NullPointerException} that names the argument. The annotations are read at compile time
 * only; nothing of JSpecify is needed at run time.
 *
 * @since 0.1
 */
@NullMarked
module io.papyra.persistence {
    // Nullness annotations: read by compilers and checkers, not needed at run time.
    requires static org.jspecify;

    exports io.papyra.persistence;
    exports io.papyra.persistence.spi;

    uses io.papyra.persistence.spi.PersistenceBackendProvider;
}
