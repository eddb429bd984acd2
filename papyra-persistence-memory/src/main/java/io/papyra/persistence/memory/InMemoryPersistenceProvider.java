package io.papyra.persistence.memory;

import com.google.auto.service.AutoService;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.Objects;
import java.util.Set;

/**
 * Provides {@link InMemoryPersistence} under the name {@value InMemoryPersistence#NAME}. Declared
 * by {@code provides} in {@code module-info.java} and, for the class path, in
 * {@code META-INF/services} (generated from {@link AutoService}). Stateless and thread-safe.
 */
@SuppressWarnings("exports") // the annotation is compile-time only (class retention); readers need not resolve it
@AutoService(PersistenceBackendProvider.class)
public final class InMemoryPersistenceProvider implements PersistenceBackendProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public InMemoryPersistenceProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@value InMemoryPersistence#NAME}
     */
    @Override
    public String name() {
        return InMemoryPersistence.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return InMemoryPersistence.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code config} has options: this backend takes none
     */
    @Override
    public PersistenceBackend create(BackendConfig config) {
        return new InMemoryPersistence(Objects.requireNonNull(config, "config must not be null"));
    }
}
