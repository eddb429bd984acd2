package io.papyra.persistence.file.internal;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.file.FilePersistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Helpers of the file backend's tests: configurations, records, segment files. */
final class Logs {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Logs() {
    }

    static BackendConfig config(Path dir, String fsync) {
        return BackendConfig.defaults().withOption("dir", dir.toString()).withOption("fsync", fsync);
    }

    static FilePersistence open(Path dir) {
        return new FilePersistence(config(dir, "never").withOption("segment_bytes", "4096"));
    }

    static EventRecord event(long seq) {
        return new EventRecord("sys", "local://" + (seq % 7), "ActorStarted", Map.of("seq", seq, "text", "record " + seq),
                T0.plusMillis(seq));
    }

    static List<EventRecord> events(long from, long to) {
        List<EventRecord> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(event(i));
        }
        return out;
    }

    /** The segment files of the live generation of {@code log}, in order. */
    static List<Path> segments(Path dir, String log) {
        try {
            int gen = LogStore.currentGeneration(dir.resolve(log));
            return LogStore.segmentFiles(dir.resolve(log).resolve(LogStore.generationName(gen)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
