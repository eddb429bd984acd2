package io.papyra.persistence.redis.internal;

import io.lettuce.core.RedisURI;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.redis.RedisPersistence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The backend's options, parsed and checked once at open. An immutable value. */
record Options(RedisURI uri, String redactedUri, List<String> secrets, String prefix, String systemId, int queueCapacity, boolean readOnly,
               Duration timeout, Duration closeTimeout, int readCache) {

    static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    static final String DEFAULT_PREFIX = "papyra";
    static final String DEFAULT_SYSTEM_ID = "local";
    static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    static final int MAX_QUEUE_CAPACITY = 1 << 26;
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
    static final int DEFAULT_READ_CACHE = 1_024;
    static final int MAX_READ_CACHE = 1 << 20;

    static final List<String> KNOWN = List.of(RedisPersistence.URL, RedisPersistence.PREFIX, RedisPersistence.SYSTEM_ID,
            RedisPersistence.QUEUE_CAPACITY, RedisPersistence.READ_ONLY, RedisPersistence.TIMEOUT_MS,
            RedisPersistence.CLOSE_TIMEOUT_MS, RedisPersistence.READ_CACHE);

    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");
    private static final Pattern KEY_PART = Pattern.compile("[^\\s{}]+");

    static Options parse(BackendConfig config) {
        Map<String, String> options = config.options();
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("redis backend: unknown option '" + key + "'; known options: " + KNOWN);
            }
        }
        String url = options.getOrDefault(RedisPersistence.URL, DEFAULT_URL);
        String redacted = redact(url);
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URI, password included: not passed on.
            throw new IllegalArgumentException("redis backend: option url = '" + redacted + "' is not a Redis URI; "
                    + "allowed: redis://[[user:]password@]host[:port][/database], rediss:// for TLS, "
                    + "redis-socket:// (credentials are not shown)");
        }
        String prefix = keyPart(options, RedisPersistence.PREFIX, DEFAULT_PREFIX);
        String systemId = keyPart(options, RedisPersistence.SYSTEM_ID, DEFAULT_SYSTEM_ID);
        int capacity = (int) number(options, RedisPersistence.QUEUE_CAPACITY, DEFAULT_QUEUE_CAPACITY, 1, MAX_QUEUE_CAPACITY);
        boolean readOnly = bool(options, RedisPersistence.READ_ONLY);
        long timeout = number(options, RedisPersistence.TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1, 3_600_000);
        long closeTimeout = number(options, RedisPersistence.CLOSE_TIMEOUT_MS, DEFAULT_CLOSE_TIMEOUT_MS, 0, 3_600_000);
        int readCache = (int) number(options, RedisPersistence.READ_CACHE, DEFAULT_READ_CACHE, 0, MAX_READ_CACHE);
        uri.setTimeout(Duration.ofMillis(timeout));
        return new Options(uri, redactUri(uri), secrets(url), prefix, systemId, capacity, readOnly, Duration.ofMillis(timeout),
                Duration.ofMillis(closeTimeout), readCache);
    }

    /** The user-information part of {@code url} and its pieces, raw and decoded: what messages must never show. */
    static List<String> secrets(String url) {
        java.util.regex.Matcher m = Pattern.compile("//([^/@]*)@").matcher(url);
        if (!m.find() || m.group(1).isEmpty()) {
            return List.of();
        }
        java.util.Set<String> secrets = new java.util.LinkedHashSet<>();
        String info = m.group(1);
        secrets.add(info);
        int colon = info.indexOf(':');
        if (colon >= 0 && colon + 1 < info.length()) {
            secrets.add(info.substring(colon + 1));
        }
        for (String s : List.copyOf(secrets)) {
            try {
                secrets.add(java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not %-encoded text: the raw form is enough
            }
        }
        // Longest first, so that a password inside the user-information part is replaced as a whole.
        return secrets.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The URI as text without user name or password. */
    static String redact(String url) {
        return USER_INFO.matcher(url).replaceFirst("//***@");
    }

    private static String redactUri(RedisURI uri) {
        if (uri.getSocket() != null) {
            return "redis-socket://" + uri.getSocket();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
    }

    private static String keyPart(Map<String, String> options, String key, String defaultValue) {
        String value = options.getOrDefault(key, defaultValue);
        if (!KEY_PART.matcher(value).matches()) {
            throw new IllegalArgumentException("redis backend: option " + key + " = '" + value + "' is not allowed; "
                    + "allowed: a non-empty text without whitespace or braces");
        }
        return value;
    }

    private static long number(Map<String, String> options, String key, long defaultValue, long min, long max) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("redis backend: option " + key + " = '" + value + "' is not allowed; "
                + "allowed: an integer from " + min + " to " + max);
    }

    private static boolean bool(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            return false;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("redis backend: option " + key + " = '" + value
                    + "' is not allowed; allowed: true or false");
        };
    }
}
