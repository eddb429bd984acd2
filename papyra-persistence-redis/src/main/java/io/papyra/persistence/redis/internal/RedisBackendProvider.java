package io.papyra.persistence.redis.internal;

import com.google.auto.service.AutoService;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.Capability;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.redis.RedisPersistence;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import java.util.Objects;
import java.util.Set;

/**
 * Provides the Redis Streams backend under the name {@value RedisPersistence#NAME}. Not API: only
 * {@link java.util.ServiceLoader} instantiates this class, found through {@code provides} in
 * {@code module-info.java} on the module path and through {@code META-INF/services} (generated from
 * {@link AutoService}) on the class path. Stateless and thread-safe.
 */
@AutoService(PersistenceBackendProvider.class)
public final class RedisBackendProvider implements PersistenceBackendProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisBackendProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@value RedisPersistence#NAME}
     */
    @Override
    public String name() {
        return RedisPersistence.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return RedisStreamsBackend.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * @return a {@link RedisPersistence}, connected
     * @throws IllegalArgumentException if an option is unknown or invalid
     * @throws IllegalStateException    if the server cannot be reached or refuses the credentials
     */
    @Override
    public PersistenceBackend create(BackendConfig config) {
        return RedisStreamsBackend.open(Objects.requireNonNull(config, "config must not be null"));
    }
}
