package io.papyra.persistence.testproviders;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.spi.PersistenceBackendProvider;
import java.util.Set;

/**
 * Providers that discovery tests load into a class loader of their own and list in a
 * {@code META-INF/services} file, as a backend jar on the class path would be found.
 */
public final class ClassPathProviders {

    private ClassPathProviders() {
    }

    /** A provider named {@code classpath}; {@code create} refuses, no test needs a backend from it. */
    public static final class Working implements PersistenceBackendProvider {

        /** The no-argument constructor that {@link java.util.ServiceLoader} calls. */
        public Working() {
        }

        @Override
        public String name() {
            return "classpath";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public PersistenceBackend create(BackendConfig config) {
            throw new UnsupportedOperationException("fixture provider");
        }
    }

    /** A provider whose constructor fails, as one missing a dependency or a licence would. */
    public static final class FailingConstructor implements PersistenceBackendProvider {

        /** Always fails. */
        public FailingConstructor() {
            throw new IllegalStateException("no licence");
        }

        @Override
        public String name() {
            return "never";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public PersistenceBackend create(BackendConfig config) {
            throw new UnsupportedOperationException("fixture provider");
        }
    }
}
