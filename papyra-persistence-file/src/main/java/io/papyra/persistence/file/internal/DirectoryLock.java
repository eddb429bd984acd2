package io.papyra.persistence.file.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-writer-per-directory lock: an operating-system lock ({@link FileChannel#tryLock()}) on
 * {@code papyra.lock} in the directory, held for the writer's lifetime and released by
 * {@link #release()} or by the process's death (the kernel drops it, so a killed writer leaves no
 * stale lock). The file holds the holder's process id, for the message a second writer gets.
 */
final class DirectoryLock {

    static final String FILE = "papyra.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir}, creating the directory if needed.
     *
     * @throws IllegalStateException if another writer (in this or another process) holds it
     * @throws UncheckedIOException  if the directory or the lock file cannot be created
     */
    static DirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lock file " + file + " of directory " + dir + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot lock " + file + ": " + e, e);
        }
        if (lock == null) {
            String holder = holder(channel);
            close(channel);
            throw new IllegalStateException("directory " + dir + " is already open for writing by another file backend"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + ": its lock file " + file
                    + " is held; only one writer may open a directory. Close the other writer, or open this one with "
                    + "option read_only=true to read while it runs");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            // The lock is what matters; the pid is only for messages.
        }
        return new DirectoryLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(64);
            channel.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Releases the lock; idempotent. */
    void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
