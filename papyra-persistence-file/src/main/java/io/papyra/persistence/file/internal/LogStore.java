package io.papyra.persistence.file.internal;

import io.papyra.persistence.MetricsRecorder;
import io.papyra.persistence.PersistenceRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One log (events, audits or dead letters) on disk: a directory holding a {@code CURRENT} file
 * that names the live generation, and that generation's directory of segment files. Loads the
 * index from the segments, and (in the writer) appends lines to the active segment.
 *
 * <p>Not thread-safe: the writer thread, or maintenance holding the engine's I/O lock, uses it.
 */
final class LogStore {

    static final String CURRENT = "CURRENT";
    static final String CURRENT_TMP = "CURRENT.tmp";
    static final Pattern GENERATION = Pattern.compile("gen-(\\d{10})");
    static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.jsonl");
    static final String TMP_SUFFIX = ".tmp";
    private static final int BUFFER_BYTES = 256 * 1024;

    final String name;
    final Path logDir;
    private final Options options;
    private final MetricsRecorder metrics;

    int generation;
    final List<Path> segments = new ArrayList<>();
    private final List<Long> bases = new ArrayList<>();
    /** Per segment: the index position of its first record. */
    private final List<Integer> segmentStart = new ArrayList<>();
    /** Per segment: the bytes its checkpoint file covers (0: none). */
    private final List<Long> covered = new ArrayList<>();
    LogIndex index = new LogIndex();
    long nextSeq;
    boolean lastTailClean = true;

    private FileChannel active;
    private long activeSize;
    private boolean broken;
    private boolean dirty;
    private final ByteBuffer buffer;
    private int pendingCount;
    private long[] pendingOffset = new long[256];
    private int[] pendingLength = new int[256];
    private long[] pendingSeconds = new long[256];
    private int[] pendingNanos = new int[256];
    private long[] pendingBytes = new long[256];
    private PersistenceRecord[] pendingRecords = new PersistenceRecord[256];

    LogStore(String name, Path root, Options options, MetricsRecorder metrics) {
        this.name = name;
        this.logDir = root.resolve(name);
        this.options = options;
        this.metrics = metrics;
        this.buffer = options.readOnly() ? ByteBuffer.allocate(0) : ByteBuffer.allocate(BUFFER_BYTES);
    }

    static String generationName(int generation) {
        return String.format("gen-%010d", generation);
    }

    static String segmentName(long base) {
        return String.format("%020d.jsonl", base);
    }

    Path generationDir() {
        Path dir = generationDirPath;
        if (dir == null || generationDirOf != generation) {
            dir = logDir.resolve(generationName(generation));
            generationDirPath = dir;
            generationDirOf = generation;
        }
        return dir;
    }

    /** {@link #generationDir()} of {@link #generationDirOf}, kept: a read-only reader stats it on every read. */
    private Path generationDirPath;
    private int generationDirOf;

    /** Reads the live generation: CURRENT, else the lowest generation directory, else none (0). */
    static int currentGeneration(Path logDir) throws IOException {
        Path current = logDir.resolve(CURRENT);
        try {
            String text = Files.readString(current, StandardCharsets.US_ASCII).trim();
            var m = GENERATION.matcher(text);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
            throw new IOException("file " + current + " does not name a generation: '" + text + "'");
        } catch (NoSuchFileException e) {
            return generations(logDir).stream().findFirst().orElse(0);
        }
    }

    /** The generation directories present, ascending. */
    static List<Integer> generations(Path logDir) throws IOException {
        List<Integer> found = new ArrayList<>();
        if (!Files.isDirectory(logDir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(logDir)) {
            for (Path entry : entries) {
                var m = GENERATION.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isDirectory(entry)) {
                    found.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    /** The segment files of a generation directory, in order. */
    static List<Path> segmentFiles(Path genDir) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(genDir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(genDir)) {
            for (Path entry : entries) {
                if (SEGMENT.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry)) {
                    found.add(entry);
                }
            }
        }
        found.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return found;
    }

    /**
     * Opens the log: in the writer, creates it if new and resolves what an interrupted compaction or
     * repair left (generations other than the live one, temporary files); then loads the index.
     */
    void open(boolean writer) throws IOException {
        if (writer) {
            Files.createDirectories(logDir);
            generation = currentGeneration(logDir);
            if (generation == 0) {
                generation = 1;
                Files.createDirectories(generationDir());
                boolean durable = options.fsync() != FsyncPolicy.NEVER;
                if (durable) {
                    forceDirectory(logDir);
                }
                writeCurrent(logDir, generation, durable);
            } else if (!Files.exists(logDir.resolve(CURRENT))) {
                writeCurrent(logDir, generation, true);
            }
            resolveLeftovers(options.fsync() != FsyncPolicy.NEVER);
        } else {
            stampAndReadGeneration(); // before loading: a change during the load shows at the next read
        }
        load();
        if (writer) {
            openActive();
        }
    }

    /** Deletes generations other than the live one and temporary files: what interrupted work left. */
    private void resolveLeftovers(boolean durable) throws IOException {
        boolean found = Files.exists(logDir.resolve(CURRENT_TMP)) || generations(logDir).size() > 1;
        Files.deleteIfExists(logDir.resolve(CURRENT_TMP));
        for (int g : generations(logDir)) {
            if (g != generation) {
                deleteTree(logDir.resolve(generationName(g)));
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(generationDir(), "*" + TMP_SUFFIX)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
        if (found || durable) {
            forceDirectory(logDir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Atomically points CURRENT at {@code generation}: a temporary file, forced, renamed, directory forced. */
    static void writeCurrent(Path logDir, int generation) throws IOException {
        writeCurrent(logDir, generation, true);
    }

    /** As {@link #writeCurrent(Path, int)}, forcing nothing unless {@code durable} (a new log under fsync=never). */
    static void writeCurrent(Path logDir, int generation, boolean durable) throws IOException {
        Path tmp = logDir.resolve(CURRENT_TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer text = ByteBuffer.wrap((generationName(generation) + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                ch.write(text);
            }
            if (durable) {
                ch.force(true);
            }
        }
        Files.move(tmp, logDir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            forceDirectory(logDir);
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Rebuilds the index from the live generation's segments: from each segment's checkpoint
     * ({@code .idx}, when present and valid) for the bytes it covers, and by parsing the rest.
     */
    void load() throws IOException {
        segments.clear();
        bases.clear();
        segmentStart.clear();
        covered.clear();
        fileKeys.clear();
        closeTail();
        index = new LogIndex();
        lastTailClean = true;
        tailParsedTo = 0;
        tailSize = 0;
        if (generation == 0) {
            index.publish(new Path[0]);
            return;
        }
        for (Path file : segmentFiles(generationDir())) {
            addSegment(file);
        }
        index.publish(segments.toArray(new Path[0]));
    }

    /**
     * Appends segment {@code file} (after the last one) to the index: the entries of its checkpoint
     * when it has a valid one, then those of the lines after what the checkpoint covers.
     */
    private void addSegment(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long fileSize = attributes.size();
        int seg = segments.size();
        segments.add(file);
        fileKeys.add(attributes.fileKey());
        long base = Long.parseLong(file.getFileName().toString().substring(0, 20));
        bases.add(base);
        segmentStart.add(index.size());
        nextSeq = Math.max(nextSeq, base);
        Checkpoint.Loaded loaded = Checkpoint.load(idxFile(file), fileSize, seg, index);
        long from = loaded.covered();
        nextSeq = Math.max(nextSeq, loaded.lastSeq() + 1);
        covered.add(from);
        closeTail();
        tailParsedTo = from;
        tailSize = from;
        tailLastLine = -1;
        if (index.size() > segmentStart.get(seg)) {
            long[] entry = new long[5];
            index.entry(index.size() - 1, entry);
            tailLastLine = entry[0];
        }
        tailLastSeq = -1;
        lastTailClean = true;
        parseTail(fileSize);
        if (options.readOnly() && tailLastSeq < 0 && tailLastLine >= 0) {
            // The checkpoint covered the last line, and keeps no seq: read it, for lastLineUnchanged().
            int length = (int) (tailParsedTo - tailLastLine);
            byte[] line = new byte[length];
            LineFormat.Parsed parsed = new LineFormat.Parsed();
            if (readFully(file, tailLastLine, line, length) == length && line[length - 1] == '\n'
                    && LineFormat.check(line, 0, length - 1, parsed, false)) {
                tailLastSeq = parsed.seq;
            }
        }
    }

    /**
     * Indexes the lines of the last segment from where its parsing stopped ({@link #tailParsedTo}:
     * the end of its last intact line) up to byte {@code size}; a torn or damaged tail is not
     * indexed and is parsed again from its start next time, as a parse of the whole segment would.
     */
    private void parseTail(long size) throws IOException {
        int seg = segments.size() - 1;
        Path file = segments.get(seg);
        long from = tailParsedTo;
        long rest = size - from;
        if (rest > Integer.MAX_VALUE - 16) {
            throw new IOException("segment " + file + " is larger than 2 GiB: " + size + " bytes");
        }
        tailSize = size;
        if (rest <= 0) {
            return;
        }
        byte[] data = new byte[(int) rest];
        int length = tail != null ? readFully(tail, from, data, (int) rest) : readFully(file, from, data, (int) rest);
        boolean[] clean = {true};
        long[] resume = {from};
        SegmentParser.parse(data, length, true, new SegmentParser.Visitor() {
            @Override
            public void line(byte[] bytes, int start, int end, LineFormat.Parsed parsed) {
                if (!parsed.timestampFound) {
                    LineFormat.timestampByDecoding(bytes, start, end, parsed);
                }
                index.add(seg, from + start, end - start + 1, parsed.seconds, parsed.nanos, parsed.size);
                nextSeq = Math.max(nextSeq, parsed.seq + 1);
                resume[0] = from + end + 1;
                tailLastLine = from + start;
                tailLastSeq = parsed.seq;
            }

            @Override
            public void damaged(byte[] bytes, int start, int end) {
                // left for scan and recover to report and repair
            }

            @Override
            public void truncated(byte[] bytes, int start, int end) {
                clean[0] = false;
            }
        });
        lastTailClean = clean[0];
        tailParsedTo = resume[0];
        tailSize = from + length;
    }

    static Path idxFile(Path segment) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".jsonl".length()) + Checkpoint.SUFFIX);
    }

    /** Writes the checkpoint of segment {@code seg}, covering its bytes up to the end of its last indexed record; a failure is only logged. */
    private void writeCheckpoint(int seg) {
        int first = segmentStart.get(seg);
        int end = seg + 1 < segmentStart.size() ? segmentStart.get(seg + 1) : index.size();
        long bytes = end > first ? index.endOf(end - 1) : 0;
        if (covered.get(seg) == bytes || bytes == 0) {
            return;
        }
        try {
            Checkpoint.write(idxFile(segments.get(seg)), bytes, index, first, end, nextSeq - 1);
            covered.set(seg, bytes);
        } catch (IOException | RuntimeException e) {
            FileEngine.LOG.log(System.Logger.Level.WARNING, "could not write the checkpoint of " + segments.get(seg)
                    + "; the next open parses the segment instead", e);
        }
    }

    static int readFully(Path file, byte[] data, int expected) throws IOException {
        return readFully(file, 0, data, expected);
    }

    static int readFully(Path file, long position, byte[] data, int expected) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readFully(ch, position, data, expected);
        }
    }

    private static int readFully(FileChannel ch, long position, byte[] data, int expected) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data, 0, Math.min(expected, data.length));
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        return buf.position();
    }

    /** Opens the segment that appends go to: the last one if its tail is clean and it has room, else a new one. */
    private void openActive() throws IOException {
        if (!segments.isEmpty() && lastTailClean) {
            Path last = segments.get(segments.size() - 1);
            long size = Files.size(last);
            if (size < options.segmentBytes()) {
                active = FileChannel.open(last, StandardOpenOption.WRITE);
                active.position(size);
                activeSize = size;
                return;
            }
        }
        newSegment();
    }

    private void newSegment() throws IOException {
        long base = nextSeq;
        if (!bases.isEmpty()) {
            base = Math.max(base, bases.get(bases.size() - 1) + 1);
        }
        nextSeq = base;
        Path file = generationDir().resolve(segmentName(base));
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("segment " + file + " exists already", e);
        }
        if (options.fsync() != FsyncPolicy.NEVER) {
            forceDirectory(generationDir());
        }
        active = ch;
        activeSize = 0;
        segments.add(file);
        fileKeys.add(null);
        bases.add(base);
        segmentStart.add(index.size());
        covered.add(0L);
    }

    private void rotate() throws IOException {
        flush();
        if (active != null) {
            try {
                if (options.fsync() != FsyncPolicy.NEVER && dirty) {
                    active.force(false);
                }
            } finally {
                dirty = false;
                active.close();
                active = null;
            }
            writeCheckpoint(segments.size() - 1);
        }
        newSegment();
    }

    /** Adds one record's line to the active segment's buffer; writer only. */
    void add(byte[] json, long size, long seconds, int nanos, PersistenceRecord record) {
        byte[] line = LineFormat.line(json, nextSeq, size);
        try {
            if (broken || active == null) {
                broken = false;
                rotate();
            } else if (activeSize + buffer.position() > 0
                    && activeSize + buffer.position() + line.length > options.segmentBytes()) {
                rotate();
            }
        } catch (IOException e) {
            broken = true;
            failed(e, 1);
            return;
        }
        if (line.length > buffer.remaining()) {
            flush();
            if (broken) {
                failed(null, 1);
                return;
            }
        }
        long offset = activeSize + buffer.position();
        if (line.length > buffer.capacity()) {
            pend(offset, line.length, seconds, nanos, size, record);
            writeOut(ByteBuffer.wrap(line));
        } else {
            buffer.put(line);
            pend(offset, line.length, seconds, nanos, size, record);
        }
        nextSeq++;
    }

    private void pend(long offset, int length, long seconds, int nanos, long size, PersistenceRecord record) {
        if (pendingCount == pendingOffset.length) {
            int capacity = pendingCount * 2;
            pendingOffset = java.util.Arrays.copyOf(pendingOffset, capacity);
            pendingLength = java.util.Arrays.copyOf(pendingLength, capacity);
            pendingSeconds = java.util.Arrays.copyOf(pendingSeconds, capacity);
            pendingNanos = java.util.Arrays.copyOf(pendingNanos, capacity);
            pendingBytes = java.util.Arrays.copyOf(pendingBytes, capacity);
            pendingRecords = java.util.Arrays.copyOf(pendingRecords, capacity);
        }
        pendingRecords[pendingCount] = record;
        pendingOffset[pendingCount] = offset;
        pendingLength[pendingCount] = length;
        pendingSeconds[pendingCount] = seconds;
        pendingNanos[pendingCount] = nanos;
        pendingBytes[pendingCount] = size;
        pendingCount++;
    }

    /** Writes the buffer to the active segment and indexes its records; on failure drops and counts them. */
    void flush() {
        if (buffer.position() == 0 && pendingCount == 0) {
            return;
        }
        buffer.flip();
        writeOut(buffer);
        buffer.clear();
    }

    private void writeOut(ByteBuffer bytes) {
        int written = bytes.remaining();
        try {
            Faults.current().beforeWrite(name);
            while (bytes.hasRemaining()) {
                active.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            bytes.position(bytes.limit());
            failed(e, pendingCount);
            java.util.Arrays.fill(pendingRecords, 0, pendingCount, null);
            pendingCount = 0;
            try {
                active.truncate(activeSize);
                active.position(activeSize);
            } catch (IOException | RuntimeException again) {
                broken = true;
            }
            return;
        }
        int seg = segments.size() - 1;
        for (int i = 0; i < pendingCount; i++) {
            index.add(seg, pendingOffset[i], pendingLength[i], pendingSeconds[i], pendingNanos[i], pendingBytes[i]);
            index.cache(index.size() - 1, pendingRecords[i]);
            pendingRecords[i] = null;
            metrics.recordWritten(pendingLength[i]);
        }
        pendingCount = 0;
        activeSize += written;
        dirty = true;
    }

    /** Counts the records of a failed write as failed appends (write_errors; records_dropped is for appends refused while nothing failed). */
    private void failed(Exception e, int records) {
        metrics.writesFailed(records);
        FileEngine.LOG.log(System.Logger.Level.WARNING, "log " + name + ": " + records
                + " records lost, the write failed", e);
    }

    /** Publishes the records written so far to readers. */
    void publish() {
        index.publish(segments.toArray(new Path[0]));
    }

    /** Forces the active segment if it has unforced bytes. */
    void force() throws IOException {
        if (dirty && active != null) {
            dirty = false;
            Faults.current().beforeForce(name);
            active.force(false);
        }
    }

    boolean dirty() {
        return dirty;
    }

    /**
     * Closes the active segment (forcing it first if {@code force}); at the final close
     * ({@code checkpoint}) also writes the checkpoint of every segment whose checkpoint is missing or short.
     */
    void closeActive(boolean force, boolean checkpoint) {
        if (active == null) {
            return;
        }
        boolean ok = true;
        try {
            flush();
            if (force && dirty) {
                active.force(false);
            }
        } catch (IOException e) {
            ok = false;
            metrics.writeFailed();
        } finally {
            dirty = false;
            try {
                active.close();
            } catch (IOException e) {
                ok = false;
                metrics.writeFailed();
            }
            active = null;
        }
        if (checkpoint && ok && !broken) {
            for (int seg = 0; seg < segments.size(); seg++) {
                writeCheckpoint(seg);
            }
        }
    }

    /** Closes the active segment, reloads the index from disk and reopens for appends (after maintenance). */
    void reload(boolean writer) {
        closeActive(true, false);
        try {
            if (writer) {
                generation = currentGeneration(logDir);
            } else {
                stampAndReadGeneration();
            }
            load();
            if (writer) {
                openActive();
            }
        } catch (IOException e) {
            broken = true;
            throw new UncheckedIOException("reloading log " + name + " in " + logDir, e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Read-only: noticing what the writer changed
    // ------------------------------------------------------------------------------------------

    /** What {@link #catchUp()} did. */
    enum CatchUp {
        /** Nothing changed since the last look. */
        UNCHANGED,
        /** The writer appended: the new lines were added to the index and published. */
        APPENDED,
        /** Something else changed (a generation swap, a rewritten or vanished segment): reload the whole log. */
        RELOAD
    }

    /**
     * How much older than the moment of a directory listing a directory's modification time must
     * be before an unchanged time proves an unchanged listing: more than the timestamp granularity
     * of common local filesystems (ext4 and XFS record nanoseconds from a clock that lags by a
     * scheduler tick; FAT records 2 s) plus that lag.
     */
    static final long TRUSTED_AFTER_MILLIS = 3000;

    /** Held while the read-only index is brought up to date ({@link #catchUp()}, a reload), by one reader at a time. */
    final ReentrantLock refreshLock = new ReentrantLock();
    /** Read-only: the modification times of the log and generation directories at the last listing, and when it was. */
    private FileTime stampLogDir;
    private FileTime stampGenDir;
    private long stampMillis;
    /** Per segment: its file's identity when it was indexed (null for a segment the writer created). */
    private final List<Object> fileKeys = new ArrayList<>();
    /** The last segment: where its parsing resumes (the end of its last intact line), and the bytes looked at. */
    private long tailParsedTo;
    private long tailSize;
    /** Read-only: the last segment's last indexed line, its offset (-1: none) and seq (-1: not known). */
    private long tailLastLine = -1;
    private long tailLastSeq = -1;
    /** Read-only: an open channel on the last segment, whose size shows appends without a path lookup. */
    private FileChannel tail;

    /** Takes the directory stamps, then reads the generation: a change after the stamps shows at the next look. */
    private void stampAndReadGeneration() throws IOException {
        stampMillis = System.currentTimeMillis();
        stampLogDir = modified(logDir);
        generation = currentGeneration(logDir);
        stampGenDir = generation == 0 ? null : modified(generationDir());
    }

    private static FileTime modified(Path dir) throws IOException {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class).lastModifiedTime();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private boolean trusted(FileTime stamp) {
        return stamp != null && stamp.toMillis() < stampMillis - TRUSTED_AFTER_MILLIS;
    }

    /**
     * Read-only: brings the index up to what the writer has written. When the modification times
     * of the log's directory and of its generation's directory are those of the last listing, and
     * were already old then ({@link #TRUSTED_AFTER_MILLIS}), no file was added, removed or renamed
     * in them since (a generation swap renames {@code CURRENT}; a new segment, a checkpoint or a
     * repair adds or renames a file), so only the last segment can have grown: two {@code stat}s
     * and one {@code fstat}. Otherwise the directories are listed again. Appended lines are parsed
     * and added to the index (the decoded cache stays); anything else asks for a reload.
     * Not thread-safe: the engine calls it under the log's refresh lock.
     */
    CatchUp catchUp() throws IOException {
        long now = System.currentTimeMillis();
        FileTime logStamp = modified(logDir);
        FileTime genStamp = generation == 0 ? null : modified(generationDir());
        if (Objects.equals(logStamp, stampLogDir) && Objects.equals(genStamp, stampGenDir)
                && trusted(stampLogDir) && (generation == 0 || trusted(stampGenDir))) {
            return generation == 0 ? CatchUp.UNCHANGED : growTail();
        }
        if (currentGeneration(logDir) != generation) {
            return CatchUp.RELOAD;
        }
        if (generation == 0) {
            stampMillis = now;
            stampLogDir = logStamp;
            return CatchUp.UNCHANGED;
        }
        List<Path> files = segmentFiles(generationDir());
        if (files.size() < segments.size()) {
            return CatchUp.RELOAD;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!files.get(i).equals(segments.get(i)) || !sameFile(files.get(i), fileKeys.get(i))) {
                return CatchUp.RELOAD;
            }
        }
        CatchUp result = segments.isEmpty() ? CatchUp.UNCHANGED : growTail();
        if (result == CatchUp.RELOAD) {
            return result;
        }
        for (int i = segments.size(); i < files.size(); i++) {
            addSegment(files.get(i));
            result = CatchUp.APPENDED;
        }
        if (result == CatchUp.APPENDED) {
            index.publish(segments.toArray(new Path[0]));
        }
        // The stamps taken before this listing: a change after them shows at the next look.
        stampMillis = now;
        stampLogDir = logStamp;
        stampGenDir = genStamp;
        return result;
    }

    private static boolean sameFile(Path file, Object key) throws IOException {
        if (key == null) {
            return false;
        }
        try {
            return key.equals(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Indexes what was appended to the last segment since the last look (publishing it); a shrunk segment asks for a reload. */
    private CatchUp growTail() throws IOException {
        long size;
        try {
            if (tail == null) {
                tail = FileChannel.open(segments.get(segments.size() - 1), StandardOpenOption.READ);
            }
            size = tail.size();
        } catch (NoSuchFileException | java.nio.channels.ClosedChannelException e) {
            return CatchUp.RELOAD;
        }
        if (size == tailSize) {
            return CatchUp.UNCHANGED;
        }
        if (size < tailSize || !lastLineUnchanged()) {
            // A failed write was truncated away (and the segment may have grown again since): offsets may have moved.
            return CatchUp.RELOAD;
        }
        int before = index.size();
        parseTail(size);
        if (index.size() != before) {
            index.publish(segments.toArray(new Path[0]));
        }
        return CatchUp.APPENDED;
    }

    /**
     * Tells whether the last indexed line of the last segment is still there, intact and with its
     * seq: a writer truncates a failed write away and then writes new lines (new seqs) in its place,
     * which a growing size alone does not show.
     */
    private boolean lastLineUnchanged() throws IOException {
        if (tailLastLine < 0) {
            return true;
        }
        int length = (int) (tailParsedTo - tailLastLine);
        byte[] line = new byte[length];
        if (readFully(tail, tailLastLine, line, length) != length || line[length - 1] != '\n') {
            return false;
        }
        LineFormat.Parsed parsed = new LineFormat.Parsed();
        return LineFormat.check(line, 0, length - 1, parsed, false) && (tailLastSeq < 0 || parsed.seq == tailLastSeq);
    }

    /** Closes the read-only channel on the last segment, if open. */
    void closeTail() {
        if (tail != null) {
            try {
                tail.close();
            } catch (IOException ignored) {
                // a read-only channel
            }
            tail = null;
        }
    }

    long storedBytes() throws IOException {
        long total = 0;
        for (Path p : segments) {
            if (Files.exists(p)) {
                total += Files.size(p);
            }
        }
        return total;
    }
}
