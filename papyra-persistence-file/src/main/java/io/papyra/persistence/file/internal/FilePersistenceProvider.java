package io.papyra.persistence.file.internal;

import com.google.auto.service.AutoService;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.file.FilePersistence;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Provides {@link FilePersistence} under the name {@value FileEngine#NAME}. Not API: only
 * {@link java.util.ServiceLoader} instantiates it. Stateless and thread-safe.
 */
@AutoService(PersistenceBackendProvider.class)
public final class FilePersistenceProvider implements PersistenceBackendProvider {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public FilePersistenceProvider() {
    }

    @Override
    public String name() {
        return FileEngine.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public PersistenceBackend create(BackendConfig config) {
        return new FilePersistence(Objects.requireNonNull(config, "config must not be null"));
    }
}
