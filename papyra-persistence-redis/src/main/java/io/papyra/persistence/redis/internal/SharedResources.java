package io.papyra.persistence.redis.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * The Netty event loops and timers that every backend of this JVM shares (Lettuce's advice: one
 * {@link ClientResources} per process). Created on first use, with two I/O threads, which are
 * daemon threads; never shut down, so that no backend's close can break another's connection.
 */
final class SharedResources {

    private SharedResources() {
    }

    private static final class Holder {
        static final ClientResources RESOURCES = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
    }

    static ClientResources get() {
        return Holder.RESOURCES;
    }
}
