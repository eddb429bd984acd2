package io.papyra.persistence.file.internal;

import io.papyra.persistence.BackendConfig;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The file backend's options, read from {@link BackendConfig#options()} and validated: an unknown
 * key or a bad value is an {@link IllegalArgumentException} naming the key, the value and what is
 * allowed.
 *
 * @param dir             the directory (option {@code dir}, required)
 * @param segmentBytes    the size at which a segment is closed and a new one started
 * @param fsync           the fsync policy
 * @param fsyncIntervalMs the period of {@link FsyncPolicy#INTERVAL}
 * @param queueCapacity   appends that may wait for the writer before further ones are dropped
 * @param readOnly        whether the backend only reads (no lock, no writer)
 */
public record Options(Path dir, long segmentBytes, FsyncPolicy fsync, long fsyncIntervalMs, int queueCapacity,
                      boolean readOnly) {

    /** The option keys, in the order the README lists them. */
    public static final List<String> KEYS =
            List.of("dir", "segment_bytes", "fsync", "fsync_interval_ms", "queue_capacity", "read_only");

    static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    static final long MIN_SEGMENT_BYTES = 4096;
    static final long MAX_SEGMENT_BYTES = 1L << 30;
    static final long DEFAULT_INTERVAL_MS = 1000;
    static final int DEFAULT_QUEUE_CAPACITY = 65_536;

    /**
     * Reads and validates the options of {@code config}.
     *
     * @param config the configuration
     * @return the options
     * @throws IllegalArgumentException if a key is unknown, {@code dir} is missing, or a value is invalid
     */
    public static Options of(BackendConfig config) {
        Map<String, String> given = config.options();
        for (String key : given.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for the file backend; known options: "
                        + String.join(", ", KEYS));
            }
        }
        String dirText = given.get("dir");
        if (dirText == null || dirText.isBlank()) {
            throw new IllegalArgumentException("option 'dir' is required by the file backend: the directory of its logs"
                    + (dirText == null ? "" : " (was blank)"));
        }
        Path dir;
        try {
            dir = Path.of(dirText);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("option 'dir' = '" + dirText + "' is not a valid path: " + e.getMessage(), e);
        }
        long segmentBytes = longOption(given, "segment_bytes", DEFAULT_SEGMENT_BYTES, MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES);
        String fsyncText = given.getOrDefault("fsync", "always");
        FsyncPolicy fsync = switch (fsyncText) {
            case "never" -> FsyncPolicy.NEVER;
            case "interval" -> FsyncPolicy.INTERVAL;
            case "always" -> FsyncPolicy.ALWAYS;
            default -> throw new IllegalArgumentException("option 'fsync' = '" + fsyncText
                    + "' is not allowed; allowed: never, interval, always");
        };
        long interval = longOption(given, "fsync_interval_ms", DEFAULT_INTERVAL_MS, 1, 3_600_000);
        int capacity = (int) longOption(given, "queue_capacity", DEFAULT_QUEUE_CAPACITY, 1, 1 << 24);
        String readOnlyText = given.getOrDefault("read_only", "false");
        boolean readOnly = switch (readOnlyText.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option 'read_only' = '" + readOnlyText
                    + "' is not allowed; allowed: true, false");
        };
        return new Options(dir, segmentBytes, fsync, interval, capacity, readOnly);
    }

    private static long longOption(Map<String, String> given, String key, long defaultValue, long min, long max) {
        String text = given.get(key);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' = '" + text + "' is not an integer; allowed: "
                    + min + " to " + max, e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("option '" + key + "' = '" + text + "' is out of range; allowed: "
                    + min + " to " + max);
        }
        return value;
    }
}
