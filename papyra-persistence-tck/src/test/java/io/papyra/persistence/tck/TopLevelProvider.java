package io.papyra.persistence.tck;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.Set;

/** A provider shaped as ServiceLoader needs it, for {@link ProviderRegistrationTest}; never loaded as a service. */
public class TopLevelProvider implements PersistenceBackendProvider {

    /** ServiceLoader's constructor. */
    public TopLevelProvider() {
    }

    @Override
    public String name() {
        return "top-level";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public PersistenceBackend create(BackendConfig config) {
        throw new UnsupportedOperationException("never created by the tests");
    }
}
