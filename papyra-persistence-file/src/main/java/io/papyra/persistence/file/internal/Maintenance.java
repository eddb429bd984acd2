package io.papyra.persistence.file.internal;

import io.papyra.persistence.Anomaly;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.json.MalformedRecordException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scan, recovery and compaction of a {@link FileEngine}'s directory. One instance per operation;
 * it takes the engine's I/O lock (the writer waits) and, when it changes files, the files' write
 * lock (reads wait).
 */
final class Maintenance {

    private static final Set<String> ROOT_ENTRIES = Set.of(DirectoryLock.FILE, FileEngine.QUARANTINE, "events", "audits",
            "dead_letters");
    private static final java.util.regex.Pattern CHECKPOINT = java.util.regex.Pattern.compile("\\d{20}\\.idx");
    private static final List<Class<? extends PersistenceRecord>> TYPES =
            List.of(EventRecord.class, AuditRecord.class, DeadLetterRecord.class);

    /** A damaged record or truncated tail in a segment. */
    private record Damage(int log, Path segment, int from, int to, AnomalyType type, String location) {
    }

    /** A file or directory that is not part of a live log. */
    private record Stray(Path path, AnomalyType type, String location) {
    }

    private final FileEngine engine;
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final List<Damage> damages = new ArrayList<>();
    private final List<Stray> strays = new ArrayList<>();
    private final Map<Path, List<int[]>> intactLines = new LinkedHashMap<>();

    Maintenance(FileEngine engine) {
        this.engine = engine;
    }

    // ------------------------------------------------------------------------------------------
    // Scan
    // ------------------------------------------------------------------------------------------

    ScanReport scan(boolean counted) {
        engine.ioLock.lock();
        try {
            find();
        } catch (IOException | RuntimeException e) {
            engine.recorder.scanFailed();
            throw e instanceof IOException io ? new UncheckedIOException("scan of " + engine.options.dir() + " failed: " + io, io)
                    : (RuntimeException) e;
        } finally {
            engine.ioLock.unlock();
        }
        if (counted) {
            engine.recorder.scanned(anomalies.size());
        }
        return new ScanReport(FileEngine.NAME, anomalies);
    }

    private void find() throws IOException {
        Path root = engine.options.dir();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : sorted(entries)) {
                if (!ROOT_ENTRIES.contains(entry.getFileName().toString())) {
                    stray(entry, AnomalyType.UNEXPECTED_FILE, "not written by the file backend; left in place");
                }
            }
        }
        for (int log = 0; log < engine.logs.length; log++) {
            findInLog(log, engine.logs[log].logDir);
        }
    }

    private void findInLog(int log, Path logDir) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return;
        }
        int current = LogStore.currentGeneration(logDir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(logDir)) {
            for (Path entry : sorted(entries)) {
                String name = entry.getFileName().toString();
                var gen = LogStore.GENERATION.matcher(name);
                if (name.equals(LogStore.CURRENT)) {
                    continue;
                }
                if (name.equals(LogStore.CURRENT_TMP)) {
                    stray(entry, AnomalyType.ORPHANED_ROTATED_FILE, "a temporary CURRENT left by an interrupted compaction");
                } else if (gen.matches() && Files.isDirectory(entry)) {
                    int g = Integer.parseInt(gen.group(1));
                    if (g != current) {
                        stray(entry, AnomalyType.ORPHANED_ROTATED_FILE, "generation " + g + " is not the live one ("
                                + current + "): left by an " + (g > current ? "uncommitted" : "unfinished") + " compaction");
                    }
                } else {
                    stray(entry, AnomalyType.UNEXPECTED_FILE, "not written by the file backend; left in place");
                }
            }
        }
        if (current == 0) {
            return;
        }
        Path genDir = logDir.resolve(LogStore.generationName(current));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(genDir)) {
            for (Path entry : sorted(entries)) {
                String name = entry.getFileName().toString();
                if (LogStore.SEGMENT.matcher(name).matches() && Files.isRegularFile(entry)) {
                    continue;
                }
                if (CHECKPOINT.matcher(name).matches() && Files.isRegularFile(entry)) {
                    if (!Files.exists(entry.resolveSibling(name.substring(0, 20) + ".jsonl"))) {
                        stray(entry, AnomalyType.ORPHANED_ROTATED_FILE, "the checkpoint of a segment that no longer exists");
                    }
                    continue;
                }
                if (name.endsWith(LogStore.TMP_SUFFIX)) {
                    stray(entry, AnomalyType.ORPHANED_ROTATED_FILE, "a temporary file left by an interrupted repair");
                } else {
                    stray(entry, AnomalyType.UNEXPECTED_FILE, "not written by the file backend; left in place");
                }
            }
        }
        byte[] data = new byte[0];
        for (Path segment : LogStore.segmentFiles(genDir)) {
            long size = Files.size(segment);
            if (data.length < size) {
                data = new byte[(int) size];
            }
            int length = LogStore.readFully(segment, data, (int) size);
            scanSegment(log, segment, data, length);
        }
    }

    private void scanSegment(int log, Path segment, byte[] data, int length) {
        List<int[]> intact = new ArrayList<>();
        intactLines.put(segment, intact);
        Class<? extends PersistenceRecord> type = TYPES.get(log);
        SegmentParser.parse(data, length, false, new SegmentParser.Visitor() {
            @Override
            public void line(byte[] bytes, int from, int to, LineFormat.Parsed parsed) {
                try {
                    engine.codec.decode(bytes, from, to - from, type);
                    intact.add(new int[] {from, to + 1});
                } catch (MalformedRecordException e) {
                    damage(log, segment, from, to + 1, AnomalyType.CORRUPTED_LINE,
                            "its checksum matches but the record cannot be decoded: " + e.getMessage());
                }
            }

            @Override
            public void damaged(byte[] bytes, int from, int to) {
                damage(log, segment, from, to, AnomalyType.CORRUPTED_LINE, (to - from) + " bytes that fail their CRC32C "
                        + "checksum or the line format (a damaged record)");
            }

            @Override
            public void truncated(byte[] bytes, int from, int to) {
                damage(log, segment, from, to, AnomalyType.TRUNCATED_LINE, (to - from) + " bytes at the end of the "
                        + "segment without a line feed (a torn write)");
            }
        });
    }

    private void damage(int log, Path segment, int from, int to, AnomalyType type, String detail) {
        String location = segment + " at byte offset " + from;
        damages.add(new Damage(log, segment, from, to, type, location));
        anomalies.add(new Anomaly(type, location, detail));
    }

    private void stray(Path path, AnomalyType type, String detail) {
        strays.add(new Stray(path, type, path.toString()));
        anomalies.add(new Anomaly(type, path.toString(), detail));
    }

    private static List<Path> sorted(DirectoryStream<Path> entries) {
        List<Path> list = new ArrayList<>();
        entries.forEach(list::add);
        list.sort(null);
        return list;
    }

    // ------------------------------------------------------------------------------------------
    // Recovery
    // ------------------------------------------------------------------------------------------

    RecoveryReport recover(RecoveryConfig config) {
        engine.ioLock.lock();
        engine.files.writeLock().lock();
        try {
            find();
            ScanReport scan = new ScanReport(FileEngine.NAME, anomalies);
            List<String> repaired = new ArrayList<>();
            List<String> quarantined = new ArrayList<>();
            switch (config.mode()) {
                case IGNORE -> {
                }
                case REPAIR -> repair(repaired);
                case QUARANTINE -> {
                    quarantine(config, quarantined);
                    repair(repaired);
                }
                case REBUILD -> rebuild(repaired);
                default -> throw new IllegalStateException("unknown mode " + config.mode());
            }
            if (config.mode() != RecoveryMode.IGNORE) {
                engine.reloadAll();
            }
            engine.recorder.recovered();
            return new RecoveryReport(FileEngine.NAME, config.mode(), scan, repaired, quarantined);
        } catch (IOException | RuntimeException e) {
            engine.recorder.recoveryFailed();
            try {
                engine.reloadAll();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("recovery " + config.mode() + " of " + engine.options.dir() + " failed: " + io, io)
                    : (RuntimeException) e;
        } finally {
            engine.files.writeLock().unlock();
            engine.ioLock.unlock();
        }
    }

    /** Rewrites each damaged segment with its intact lines only, and deletes the leftovers of interrupted work. */
    private void repair(List<String> repaired) throws IOException {
        Map<Path, List<Damage>> bySegment = new LinkedHashMap<>();
        for (Damage d : damages) {
            bySegment.computeIfAbsent(d.segment, k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<Path, List<Damage>> e : bySegment.entrySet()) {
            rewriteSegment(e.getKey(), intactLines.getOrDefault(e.getKey(), List.of()));
            for (Damage d : e.getValue()) {
                repaired.add(d.location);
            }
        }
        for (Stray s : strays) {
            if (s.type == AnomalyType.ORPHANED_ROTATED_FILE) {
                LogStore.deleteTree(s.path);
                repaired.add(s.location);
            }
        }
    }

    private static void rewriteSegment(Path segment, List<int[]> intact) throws IOException {
        byte[] data = Files.readAllBytes(segment);
        Files.deleteIfExists(LogStore.idxFile(segment));
        Path tmp = segment.resolveSibling(segment.getFileName() + LogStore.TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int[] line : intact) {
                ByteBuffer buf = ByteBuffer.wrap(data, line[0], line[1] - line[0]);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(true);
        }
        Files.move(tmp, segment, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LogStore.forceDirectory(segment.getParent());
    }

    /** Copies each damaged record to the quarantine directory (forced) and moves unexpected files there. */
    private void quarantine(RecoveryConfig config, List<String> quarantined) throws IOException {
        Path dir = config.quarantineLocation() == null ? engine.options.dir().resolve(FileEngine.QUARANTINE)
                : Path.of(config.quarantineLocation());
        Files.createDirectories(dir);
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        for (Damage d : damages) {
            byte[] data = contents.computeIfAbsent(d.segment, p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String logName = FileEngine.LOG_NAMES.get(d.log);
            String gen = d.segment.getParent().getFileName().toString();
            String segName = d.segment.getFileName().toString();
            Path target = dir.resolve(logName + "." + gen + "." + segName + ".at-" + d.from + ".bad");
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data, d.from, d.to - d.from);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            quarantined.add(d.location + " -> " + target);
        }
        for (Stray s : strays) {
            if (s.type == AnomalyType.UNEXPECTED_FILE) {
                Path target = dir.resolve("unexpected." + engine.options.dir().relativize(s.path).toString()
                        .replace(java.io.File.separatorChar, '.'));
                Files.move(s.path, target);
                quarantined.add(s.location + " -> " + target);
            }
        }
        LogStore.forceDirectory(dir);
    }

    /** Rewrites every log into a new generation from its intact lines, as compaction does, dropping the rest. */
    private void rebuild(List<String> repaired) throws IOException {
        for (int log = 0; log < engine.logs.length; log++) {
            LogStore store = engine.logs[log];
            List<byte[]> lines = new ArrayList<>();
            int current = LogStore.currentGeneration(store.logDir);
            if (current != 0) {
                for (Path segment : LogStore.segmentFiles(store.logDir.resolve(LogStore.generationName(current)))) {
                    byte[] data = Files.readAllBytes(segment);
                    for (int[] line : intactLines.getOrDefault(segment, List.of())) {
                        lines.add(java.util.Arrays.copyOfRange(data, line[0], line[1]));
                    }
                }
            }
            writeGeneration(store, current, lines);
        }
        for (Damage d : damages) {
            repaired.add(d.location);
        }
        for (Stray s : strays) {
            if (s.type == AnomalyType.ORPHANED_ROTATED_FILE) {
                LogStore.deleteTree(s.path);
                repaired.add(s.location);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Compaction
    // ------------------------------------------------------------------------------------------

    CompactionReport compact() {
        engine.ioLock.lock();
        engine.files.writeLock().lock();
        try {
            Instant now = engine.clock.instant();
            long before = 0;
            long after = 0;
            long bytesBefore = 0;
            long bytesAfter = 0;
            for (LogStore store : engine.logs) {
                store.flush();
                LogIndex.View view = store.index.view();
                int[] keep = view.select(engine.retention, now, Query.all());
                long stored = store.storedBytes();
                before += view.size();
                after += keep.length;
                bytesBefore += stored;
                if (keep.length == view.size()) {
                    bytesAfter += stored;
                    continue;
                }
                List<byte[]> lines = new ArrayList<>(keep.length);
                for (int i : keep) {
                    lines.add(readLine(view, i));
                }
                bytesAfter += writeGeneration(store, store.generation, lines);
            }
            engine.reloadAll();
            engine.recorder.compacted();
            return new CompactionReport(FileEngine.NAME, before, after, bytesBefore, bytesAfter);
        } catch (IOException | RuntimeException e) {
            engine.recorder.compactionFailed();
            if (!(e instanceof SimulatedCrash)) {
                try {
                    engine.reloadAll();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("compaction of " + engine.options.dir() + " failed: " + io, io)
                    : (RuntimeException) e;
        } finally {
            engine.files.writeLock().unlock();
            engine.ioLock.unlock();
        }
    }

    private static byte[] readLine(LogIndex.View view, int i) throws IOException {
        byte[] line = new byte[view.length()[i]];
        try (FileChannel ch = FileChannel.open(view.segments()[view.segment()[i]], StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                if (ch.read(buf, view.offset()[i] + buf.position()) < 0) {
                    throw new IOException("segment " + view.segments()[view.segment()[i]] + " ends before its record at "
                            + view.offset()[i]);
                }
            }
        }
        return line;
    }

    /**
     * Writes {@code lines} as a new generation of {@code store} and makes it the live one, crash-safely:
     * the new segments are written and forced in a new generation directory (which is forced), then
     * CURRENT is replaced atomically (temporary file forced, renamed, log directory forced), and only
     * then is the old generation removed. A crash before the rename leaves the old generation live
     * (the writer's next open deletes the new one); after it, the new one (the open deletes the old).
     *
     * @return the bytes of the new generation's segments
     */
    private long writeGeneration(LogStore store, int oldGeneration, List<byte[]> lines) throws IOException {
        int newGeneration = Math.max(oldGeneration, maxGeneration(store.logDir)) + 1;
        Path newDir = store.logDir.resolve(LogStore.generationName(newGeneration));
        LogStore.deleteTree(newDir);
        Files.createDirectories(newDir);
        long total = 0;
        long segmentBytes = engine.options.segmentBytes();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        long base = -1;
        LineFormat.Parsed parsed = new LineFormat.Parsed();
        for (byte[] line : lines) {
            if (segment.size() > 0 && segment.size() + line.length > segmentBytes) {
                total += writeSegment(newDir, base, segment);
                segment.reset();
            }
            if (segment.size() == 0) {
                base = LineFormat.check(line, 0, line.length - 1, parsed, false) ? parsed.seq : base + 1;
            }
            segment.write(line, 0, line.length);
        }
        if (segment.size() > 0) {
            total += writeSegment(newDir, base, segment);
        }
        LogStore.forceDirectory(newDir);
        LogStore.forceDirectory(store.logDir);
        Faults.current().compactionStep(store.name, Faults.Step.WRITTEN);
        LogStore.writeCurrent(store.logDir, newGeneration);
        Faults.current().compactionStep(store.name, Faults.Step.COMMITTED);
        for (int g : LogStore.generations(store.logDir)) {
            if (g != newGeneration) {
                LogStore.deleteTree(store.logDir.resolve(LogStore.generationName(g)));
            }
        }
        LogStore.forceDirectory(store.logDir);
        Faults.current().compactionStep(store.name, Faults.Step.REMOVED);
        return total;
    }

    private static int maxGeneration(Path logDir) throws IOException {
        List<Integer> gens = LogStore.generations(logDir);
        return gens.isEmpty() ? 0 : gens.get(gens.size() - 1);
    }

    private static long writeSegment(Path dir, long base, ByteArrayOutputStream content) throws IOException {
        Path file = dir.resolve(LogStore.segmentName(Math.max(0, base)));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content.toByteArray());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        return content.size();
    }

    /** Thrown by a test's {@link Faults} to stop a compaction as a crash would: nothing is cleaned up after it. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }
}
