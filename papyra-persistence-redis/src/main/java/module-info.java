import io.papyra.persistence.redis.internal.RedisBackendProvider;
import io.papyra.persistence.spi.PersistenceBackendProvider;
import org.jspecify.annotations.NullMarked;

/**
 * The Redis Streams backend of Papyra's observability log: one log shared by every node of an actor
 * system, on a real {@code redis-server}, in the original system's key layout and JSON. Found by
 * {@link io.papyra.persistence.PersistenceBackends} under the name {@code redis}, or opened directly
 * with {@link io.papyra.persistence.redis.RedisPersistence#open(io.papyra.persistence.BackendConfig)};
 * {@link io.papyra.persistence.redis.RedisConsumerGroups} gives outside tools consumer groups over
 * the same streams.
 *
 * @since 0.2
 */
@NullMarked
@SuppressWarnings("requires-automatic")
module io.papyra.persistence.redis {
    requires transitive io.papyra.persistence;
    requires io.papyra.persistence.json;
    // Lettuce is an automatic module, which pulls none of its dependencies into the module graph: a
    // backend found by service binding gets no launcher flags, so the modules Lettuce needs at run time
    // are named here (without them: NoClassDefFoundError io/netty/channel/group/ChannelGroup). ModulePathTest
    // proves the list in a JVM whose only root module is the API.
    requires lettuce.core;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.resolver.dns;
    requires reactor.core;
    // reactor.core is an automatic module too: the Reactive Streams interfaces it needs are named here.
    requires org.reactivestreams;
    // Annotations only, read at compile time.
    requires static com.google.auto.service;
    requires static org.jspecify;

    exports io.papyra.persistence.redis;
    // io.papyra.persistence.redis.internal holds the implementation and the provider, unexported.

    provides PersistenceBackendProvider with RedisBackendProvider;
}
