package io.papyra.persistence.file;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.tck.PersistenceBackendTck;
import io.papyra.persistence.tck.TckContext;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The file backend against the whole kit, with {@code fsync=never} and small segments (so that reads
 * and compaction cross segment boundaries); {@link FilePersistenceAlwaysTckTest} runs it with the
 * default {@code always}.
 */
class FilePersistenceTckTest extends PersistenceBackendTck {

    @TempDir
    Path root;
    private final Map<PersistenceBackend, Path> directories = new IdentityHashMap<>();

    /** The fsync policy of the backends of this kit. */
    String fsync() {
        return "never";
    }

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        Path directory = root.resolve(UUID.randomUUID().toString());
        PersistenceBackend backend = open(context, directory);
        directories.put(backend, directory);
        return backend;
    }

    @Override
    protected PersistenceBackend reopenBackend(TckContext context, PersistenceBackend closed) {
        return open(context, directories.get(closed));
    }

    private PersistenceBackend open(TckContext context, Path directory) {
        return new FilePersistence(context.config()
                .withOption("dir", directory.toString())
                .withOption("fsync", fsync())
                .withOption("segment_bytes", "8192")
                .withOption("queue_capacity", "1000000"));
    }
}
