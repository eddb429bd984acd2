package com.example.listbackend;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.Set;

/**
 * Provides {@link ListBackend} under the name {@value ListBackend#NAME}. Registered by hand: with
 * {@code provides} in {@code module-info.java} for the module path, and in
 * {@code META-INF/services/io.papyra.persistence.spi.PersistenceBackendProvider} for the class path.
 * Stateless and thread-safe.
 */
public final class ListBackendProvider implements PersistenceBackendProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public ListBackendProvider() {
    }

    @Override
    public String name() {
        return ListBackend.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return ListBackend.CAPABILITIES;
    }

    @Override
    public PersistenceBackend create(BackendConfig config) {
        return new ListBackend(config);
    }
}
