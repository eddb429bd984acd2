package io.papyra.persistence.redis.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops and timers that every backend of this JVM shares (Lettuce's advice: one
 * {@link ClientResources} per process). Created on first use, with two I/O threads, which are
 * daemon threads, reconnecting after at most a second; never shut down, so that no backend's close can break another's connection.
 */
final class SharedResources {

    private SharedResources() {
    }

    private static final class Holder {
        static final ClientResources RESOURCES = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Reconnect attempts from 10 ms, doubling up to 1 s (Lettuce's default goes up to 30 s): a log
                // that many nodes write should come back within a second of its server.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    static ClientResources get() {
        return Holder.RESOURCES;
    }
}
