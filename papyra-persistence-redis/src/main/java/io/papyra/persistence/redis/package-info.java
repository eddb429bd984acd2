/**
 * The Redis Streams backend's public types: {@link io.papyra.persistence.redis.RedisPersistence}
 * (the backend, with its option keys and {@code flush}), {@link io.papyra.persistence.redis.RedisLog}
 * and {@link io.papyra.persistence.redis.RedisConsumerGroups} (consumer groups for outside tools).
 *
 * @since 0.2
 */
@NullMarked
package io.papyra.persistence.redis;

import org.jspecify.annotations.NullMarked;
