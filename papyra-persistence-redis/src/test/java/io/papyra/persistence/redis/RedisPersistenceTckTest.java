package io.papyra.persistence.redis;

import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.tck.PersistenceBackendTck;
import io.papyra.persistence.tck.TckContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis Streams backend against the whole compatibility kit, on a real redis-server started for
 * this class. Every backend gets a key prefix of its own (so backends share no record), and
 * {@link #reopenBackend} opens a new backend, with a new connection, on the keys of the closed one.
 * The queue is large enough that the kit's writers, which append as fast as they can, never fill it:
 * the kit requires that nothing is dropped while the backend is open.
 */
class RedisPersistenceTckTest extends PersistenceBackendTck {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer server;

    private final Map<PersistenceBackend, String> prefixes = new IdentityHashMap<>();

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected PersistenceBackend createBackend(TckContext context) {
        String prefix = "tck" + PREFIXES.incrementAndGet();
        PersistenceBackend backend = open(context, prefix);
        prefixes.put(backend, prefix);
        return backend;
    }

    @Override
    protected PersistenceBackend reopenBackend(TckContext context, PersistenceBackend closed) {
        return open(context, prefixes.get(closed));
    }

    private static PersistenceBackend open(TckContext context, String prefix) {
        return RedisPersistence.open(context.config()
                .withOption(RedisPersistence.URL, server.uri())
                .withOption(RedisPersistence.PREFIX, prefix)
                .withOption(RedisPersistence.QUEUE_CAPACITY, "1000000"));
    }
}
