package io.papyra.persistence.memory.internal;

import com.google.auto.service.AutoService;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.memory.InMemoryPersistence;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Provides {@link InMemoryPersistence} under the name {@value InMemoryPersistence#NAME}. Not API:
 * only {@link java.util.ServiceLoader} instantiates this class, found through {@code provides} in
 * {@code module-info.java} on the module path and, on the class path, through
 * {@code META-INF/services} (generated from {@link AutoService}). Its package is not exported, so
 * that no user compiles against a class that carries the compile-time-only {@code @AutoService}
 * annotation. Stateless and thread-safe.
 */
@AutoService(PersistenceBackendProvider.class)
public final class InMemoryPersistenceProvider implements PersistenceBackendProvider {

    /** Equal to {@code InMemoryPersistence#capabilities()}: everything but durability (DiscoveryTest checks it). */
    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.complementOf(EnumSet.of(Capability.DURABILITY)));

    /**
     * Creates the provider; {@link java.util.ServiceLoader} calls this. Public, like the class,
     * because {@code ServiceLoader} requires both on the module path and on the class path.
     */
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
        return CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code config} has an option other than
     *                                  {@link InMemoryPersistence#READ_ONLY}, or an invalid value of it
     */
    @Override
    public PersistenceBackend create(BackendConfig config) {
        return new InMemoryPersistence(Objects.requireNonNull(config, "config must not be null"));
    }
}
