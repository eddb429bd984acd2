package io.papyra.persistence.file.internal;

import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.MetricsRecorder;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.json.RecordCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The file backend's engine; {@code FilePersistence} is its public face.
 *
 * <h2>Threads</h2>
 * An append encodes its record on the caller's thread and enqueues it on a bounded queue (one
 * short lock, which also fixes the insertion order); one writer thread drains the queue in
 * batches, writes them, publishes the index and, as the fsync policy says, forces the segments.
 * Under {@code always} the append then waits until a force covered its record: appends that
 * arrive during a force make the next batch and share the next force (group commit). A read (and
 * a metrics snapshot) first waits until the writer has written every append enqueued before it
 * started, then reads the published index and the lines it points to, without locking the writer
 * out. Maintenance (scan, recover, compact) takes the writer's I/O lock, so it never sees half a
 * batch, and swaps files under the write lock of {@link #files}, which reads hold while reading.
 */
public final class FileEngine {

    static final System.Logger LOG = System.getLogger("io.papyra.persistence.file");

    /** The provider name. */
    public static final String NAME = "file";
    static final String QUARANTINE = "quarantine";
    static final List<String> LOG_NAMES = List.of("events", "audits", "dead_letters");
    static final int EVENTS = 0;
    static final int AUDITS = 1;
    static final int DEAD_LETTERS = 2;
    private static final int MAX_BATCH = 8192;

    private record Pending(int log, byte[] json, long size, long seconds, int nanos, PersistenceRecord record) {
    }

    final Options options;
    final RetentionPolicy retention;
    final InstantSource clock;
    final RecordCodec codec = RecordCodec.standard();
    final MetricsRecorder recorder = new MetricsRecorder();
    final LogStore[] logs = new LogStore[3];
    private final DirectoryLock lock;
    private final PersistenceMetrics metrics = new PersistenceMetrics() {
        @Override
        public MetricsSnapshot snapshot() {
            awaitWritten();
            return recorder.snapshot();
        }

        @Override
        public void reset() {
            awaitWritten();
            recorder.reset();
        }

        @Override
        public String toString() {
            return "FileBackendMetrics" + recorder.snapshot().asMap();
        }
    };

    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition notEmpty = queueLock.newCondition();
    private final Condition progress = queueLock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private volatile long enqueued;
    private volatile long processed;
    private volatile long forced;
    private volatile boolean closed;
    private volatile boolean writerDone;
    /** What killed the writer thread (an Error, or a bug), or null while it runs or after a normal close. */
    private volatile Throwable writerFailure;
    /** Appends the writer has taken off the queue and not finished; guarded by queueLock. */
    private int inFlight;
    private final Thread writer;

    /** Held by the writer while it writes a batch, and by maintenance while it works. */
    final ReentrantLock ioLock = new ReentrantLock();
    /** Reads hold the read lock while they read files; maintenance swaps files under the write lock. */
    final ReentrantReadWriteLock files = new ReentrantReadWriteLock();
    private final Map<Path, FileChannel> readers = new ConcurrentHashMap<>();

    /**
     * Opens the directory of {@code config}'s options.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if an option is unknown or invalid
     * @throws IllegalStateException    if another writer holds the directory
     * @throws UncheckedIOException     if the directory cannot be read or created
     */
    public FileEngine(BackendConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        this.options = Options.of(config);
        this.retention = config.retention();
        this.clock = config.clock();
        Path dir = options.dir();
        if (options.readOnly()) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("option 'dir' = '" + dir + "': no such directory; a read-only file "
                        + "backend opens an existing directory");
            }
            lock = null;
        } else {
            lock = DirectoryLock.acquire(dir);
        }
        try {
            for (int i = 0; i < logs.length; i++) {
                logs[i] = new LogStore(LOG_NAMES.get(i), dir, options, recorder);
                logs[i].open(!options.readOnly());
            }
        } catch (IOException | RuntimeException e) {
            for (LogStore log : logs) {
                if (log != null) {
                    log.closeActive(false, false);
                }
            }
            if (lock != null) {
                lock.release();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open the file backend's directory " + dir + ": " + io, io);
            }
            throw (RuntimeException) e;
        }
        if (options.readOnly()) {
            writer = null;
            writerDone = true;
        } else {
            writer = new Thread(this::runWriter, "papyra-file-writer " + dir);
            writer.setDaemon(true);
            writer.start();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Appends and the writer
    // ------------------------------------------------------------------------------------------

    /** Appends a record to log {@code log}; never throws but for a null record. */
    void append(int log, PersistenceRecord record) {
        Objects.requireNonNull(record, "record must not be null");
        if (closed || options.readOnly()) {
            recorder.recordDropped();
            return;
        }
        byte[] json;
        long size;
        Instant ts;
        try {
            json = codec.encode(record);
            size = record.sizeInBytes();
            ts = record.timestamp();
        } catch (RuntimeException e) {
            recorder.writeFailed();
            LOG.log(System.Logger.Level.WARNING, "a record could not be encoded and was not written", e);
            return;
        }
        Pending pending = new Pending(log, json, size, ts.getEpochSecond(), ts.getNano(), record);
        long ticket;
        queueLock.lock();
        try {
            if (writerFailure != null) {
                recorder.writeFailed(); // nothing writes any more: see writerDied
                return;
            }
            if (closed || queue.size() >= options.queueCapacity()) {
                recorder.recordDropped();
                return;
            }
            queue.add(pending);
            ticket = enqueued + 1;
            enqueued = ticket;
            notEmpty.signal();
        } finally {
            queueLock.unlock();
        }
        if (options.fsync() == FsyncPolicy.ALWAYS) {
            awaitForced(ticket);
        }
    }

    public void recordEvent(EventRecord event) {
        append(EVENTS, event);
    }

    public void recordAudit(AuditRecord audit) {
        append(AUDITS, audit);
    }

    public void recordDeadLetter(DeadLetterRecord deadLetter) {
        append(DEAD_LETTERS, deadLetter);
    }

    /** The writer thread: writes until closed; if it dies, unblocks everyone and counts what is lost. */
    private void runWriter() {
        try {
            writeUntilClosed();
        } catch (Throwable t) { // an Error (out of memory, say) or a bug: I/O failures are handled below
            writerDied(t);
        }
    }

    /**
     * Ends the writer after {@code cause} escaped it: the appends it had taken and those still
     * queued count in {@code write_errors} (those of its last batch that reached the file also
     * count in {@code records_written}), later appends count there too, and every append, read
     * and close waiting for the writer returns.
     */
    private void writerDied(Throwable cause) {
        int lost;
        queueLock.lock();
        try {
            lost = inFlight + queue.size();
            queue.clear();
            inFlight = 0;
            recorder.writesFailed(lost); // before anyone wakes: a caller that returns sees them counted
            writerFailure = cause;
            writerDone = true;
            progress.signalAll();
        } finally {
            queueLock.unlock();
        }
        LOG.log(System.Logger.Level.ERROR, "the writer thread of " + options.dir() + " died; " + lost + " appends were lost and"
                + " later appends are counted in write_errors, not written: close the backend and open it again", cause);
    }

    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>();
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(options.fsyncIntervalMs());
        long lastForce = System.nanoTime();
        long done = 0;
        while (true) {
            boolean exit;
            queueLock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    if (options.fsync() == FsyncPolicy.INTERVAL && anyDirty()) {
                        long wait = lastForce + intervalNanos - System.nanoTime();
                        if (wait <= 0) {
                            break;
                        }
                        notEmpty.awaitNanos(wait);
                    } else {
                        notEmpty.await();
                    }
                }
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.poll());
                }
                inFlight = batch.size();
                exit = closed && batch.isEmpty();
            } catch (InterruptedException e) {
                // Nobody interrupts the writer; if someone does, carry on: appends wait for it.
                exit = false;
            } finally {
                queueLock.unlock();
            }
            if (exit) {
                break;
            }
            ioLock.lock();
            try {
                for (Pending p : batch) {
                    logs[p.log].add(p.json, p.size, p.seconds, p.nanos, p.record);
                }
                for (LogStore log : logs) {
                    log.flush();
                    log.publish();
                }
                done += batch.size();
                signal(done, -1);
                long now = System.nanoTime();
                boolean forceNow = options.fsync() == FsyncPolicy.ALWAYS
                        || (options.fsync() == FsyncPolicy.INTERVAL && now - lastForce >= intervalNanos);
                if (forceNow) {
                    for (LogStore log : logs) {
                        try {
                            log.force();
                        } catch (IOException | RuntimeException e) {
                            recorder.writeFailed();
                            LOG.log(System.Logger.Level.WARNING, "forcing log " + log.name + " failed", e);
                        }
                    }
                    lastForce = now;
                }
                signal(done, done);
            } finally {
                ioLock.unlock();
                batch.clear();
            }
        }
        ioLock.lock();
        try {
            for (LogStore log : logs) {
                log.closeActive(true, true);
            }
        } finally {
            ioLock.unlock();
        }
        queueLock.lock();
        try {
            writerDone = true;
            progress.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    private boolean anyDirty() {
        for (LogStore log : logs) {
            if (log.dirty()) {
                return true;
            }
        }
        return false;
    }

    private void signal(long written, long forcedUpTo) {
        queueLock.lock();
        try {
            processed = written;
            inFlight = 0; // the batch is in the files
            if (forcedUpTo >= 0) {
                forced = forcedUpTo;
            }
            progress.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    /** The number of appends enqueued so far (not dropped); any thread. */
    long enqueuedCount() {
        return enqueued;
    }

    /** Waits until the writer has written every append enqueued before this call. */
    void awaitWritten() {
        long target = enqueued;
        if (processed >= target || writerDone) {
            return;
        }
        queueLock.lock();
        try {
            while (processed < target && !writerDone) {
                progress.awaitUninterruptibly();
            }
        } finally {
            queueLock.unlock();
        }
    }

    private void awaitForced(long ticket) {
        if (forced >= ticket) {
            return;
        }
        queueLock.lock();
        try {
            while (forced < ticket && !writerDone) {
                progress.awaitUninterruptibly();
            }
        } finally {
            queueLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------

    public List<EventRecord> listEvents(Query query) {
        return read(EVENTS, query, EventRecord.class);
    }

    public List<AuditRecord> listAudits(Query query) {
        return read(AUDITS, query, AuditRecord.class);
    }

    public List<DeadLetterRecord> listDeadLetters(Query query) {
        return read(DEAD_LETTERS, query, DeadLetterRecord.class);
    }

    private <R extends PersistenceRecord> List<R> read(int log, Query query, Class<R> type) {
        Objects.requireNonNull(query, "query must not be null");
        awaitWritten();
        if (options.readOnly()) {
            refresh(logs[log]);
        }
        Instant now = clock.instant();
        files.readLock().lock();
        try {
            LogIndex.View view = logs[log].index.view();
            int[] positions = view.select(retention, now, query);
            return readRecords(view, positions, type);
        } finally {
            files.readLock().unlock();
        }
    }

    /**
     * Read-only: brings {@code log} up to what the writer wrote before this read started, so that
     * a reader (the CLI's {@code --follow}) sees new records: appended lines are added to its index
     * ({@link LogStore#catchUp()}: a few {@code stat}s when nothing changed), anything else (a
     * generation swap, a rewritten segment) reloads it. A failure leaves the loaded index as it was.
     */
    private void refresh(LogStore log) {
        log.refreshLock.lock();
        try {
            if (log.catchUp() == LogStore.CatchUp.RELOAD) {
                files.writeLock().lock();
                try {
                    closeReaders();
                    log.reload(false);
                } finally {
                    files.writeLock().unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not reload log " + log.name + " of " + options.dir(), e);
        } finally {
            if (closed) {
                log.closeTail(); // a read after close() keeps no channel open
            }
            log.refreshLock.unlock();
        }
    }

    /** Reads and decodes the lines at {@code positions} (ascending); damaged lines are skipped and logged. */
    <R extends PersistenceRecord> List<R> readRecords(LogIndex.View view, int[] positions, Class<R> type) {
        if (positions.length == 0) {
            return List.of();
        }
        PersistenceRecord[] found = new PersistenceRecord[positions.length];
        int[] missing = null;
        int[] missingAt = null;
        int misses = 0;
        for (int k = 0; k < positions.length; k++) {
            found[k] = view.cached(positions[k]);
            if (found[k] == null) {
                if (missing == null) {
                    missing = new int[positions.length - k];
                    missingAt = new int[positions.length - k];
                }
                missing[misses] = positions[k];
                missingAt[misses++] = k;
            }
        }
        LineFormat.Parsed parsed = misses == 0 ? null : new LineFormat.Parsed();
        int k = 0;
        while (k < misses) {
            int first = missing[k];
            int seg = view.segment()[first];
            long start = view.offset()[first];
            int last = k;
            while (last + 1 < misses) {
                int next = missing[last + 1];
                int prev = missing[last];
                if (view.segment()[next] != seg || view.offset()[next] != view.offset()[prev] + view.length()[prev]
                        || view.offset()[next] + view.length()[next] - start > 4 * 1024 * 1024) {
                    break;
                }
                last++;
            }
            int endPos = missing[last];
            int total = (int) (view.offset()[endPos] + view.length()[endPos] - start);
            byte[] bytes = readAt(view.segments()[seg], start, total);
            for (int j = k; j <= last; j++) {
                int i = missing[j];
                int from = (int) (view.offset()[i] - start);
                int to = from + view.length()[i] - 1;
                if (to < bytes.length && LineFormat.check(bytes, from, to, parsed, false)) {
                    R record = codec.decode(bytes, from, to - from, type);
                    view.remember(i, record);
                    found[missingAt[j]] = record;
                } else {
                    LOG.log(System.Logger.Level.WARNING, "skipped a damaged record at byte offset " + view.offset()[i]
                            + " of " + view.segments()[seg] + "; scan() reports it, recover() repairs it");
                }
            }
            k = last + 1;
        }
        List<R> out = new ArrayList<>(positions.length);
        for (PersistenceRecord record : found) {
            if (record != null) {
                out.add(type.cast(record));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private byte[] readAt(Path file, long position, int length) {
        byte[] bytes = new byte[length];
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (closed) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        return readInto(ch, position, bytes);
                    }
                }
                FileChannel ch = readers.computeIfAbsent(file, p -> {
                    try {
                        return FileChannel.open(p, StandardOpenOption.READ);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return readInto(ch, position, bytes);
            } catch (ClosedChannelException e) {
                readers.remove(file);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + length + " bytes at offset " + position + " of " + file, e);
            }
        }
        throw new IllegalStateException("reading " + file + " failed three times: its channel kept closing");
    }

    private static byte[] readInto(FileChannel ch, long position, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        return buf.position() == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, buf.position());
    }

    /** Closes the cached read channels (after maintenance replaced files, or at close). */
    void closeReaders() {
        for (FileChannel ch : readers.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // read-only channel
            }
        }
        readers.clear();
    }

    // ------------------------------------------------------------------------------------------
    // Maintenance, metrics, lifecycle
    // ------------------------------------------------------------------------------------------

    public ScanReport scan() {
        awaitWritten();
        return new Maintenance(this).scan(true);
    }

    public RecoveryReport recover(RecoveryConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        requireWritable("recover");
        awaitWritten();
        return whileLocked(() -> new Maintenance(this).recover(config));
    }

    public CompactionReport compact() {
        requireWritable("compact");
        awaitWritten();
        return whileLocked(() -> new Maintenance(this).compact());
    }

    /**
     * Runs maintenance that changes files. Once closed, the backend no longer holds the directory's
     * lock, so it takes it again for the operation (and fails as a second writer would if another
     * writer has opened the directory since).
     */
    private <T> T whileLocked(java.util.function.Supplier<T> operation) {
        if (!closed) {
            return operation.get();
        }
        DirectoryLock again = DirectoryLock.acquire(options.dir());
        try {
            return operation.get();
        } finally {
            again.release();
        }
    }

    private void requireWritable(String operation) {
        if (options.readOnly()) {
            throw new IllegalStateException(operation + "() is refused: the file backend over " + options.dir()
                    + " was opened read-only (option read_only=true)");
        }
    }

    /** Reloads every log from disk and reopens it for appends; maintenance only, holding the I/O and file locks. */
    void reloadAll() {
        closeReaders();
        for (LogStore log : logs) {
            log.reload(!options.readOnly() && !closed);
        }
    }

    public PersistenceMetrics metrics() {
        return metrics;
    }

    public RetentionPolicy retention() {
        return retention;
    }

    public Options options() {
        return options;
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        queueLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            notEmpty.signalAll();
        } finally {
            queueLock.unlock();
        }
        if (writer != null) {
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        files.writeLock().lock();
        try {
            closeReaders();
        } finally {
            files.writeLock().unlock();
        }
        for (LogStore log : logs) {
            log.refreshLock.lock(); // before the file lock, as in refresh()
            try {
                log.closeTail();
            } finally {
                log.refreshLock.unlock();
            }
        }
        if (lock != null) {
            lock.release();
        }
    }
}
