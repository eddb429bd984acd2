import io.papyra.persistence.file.internal.FilePersistenceProvider;
import io.papyra.persistence.spi.PersistenceBackendProvider;
import org.jspecify.annotations.NullMarked;

/**
 * The file backend of Papyra's observability log: three logs of JSON-lines segment files in one
 * directory, each line checked by a CRC32C, written by one writer thread with a configurable fsync
 * policy, with scan, recovery and crash-safe compaction. Found by
 * {@link io.papyra.persistence.PersistenceBackends} under the name {@code file}, or constructed
 * directly as {@link io.papyra.persistence.file.FilePersistence}.
 *
 * @since 0.2
 */
@NullMarked
@SuppressWarnings("requires-automatic")
module io.papyra.persistence.file {
    requires transitive io.papyra.persistence;
    requires io.papyra.persistence.json;
    requires static org.jspecify;
    requires static com.google.auto.service;

    exports io.papyra.persistence.file;
    // io.papyra.persistence.file.internal holds the engine and the provider; unexported.

    provides PersistenceBackendProvider with FilePersistenceProvider;
}
