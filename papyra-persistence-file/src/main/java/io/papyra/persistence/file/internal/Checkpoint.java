package io.papyra.persistence.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The checkpoint of one segment ({@code <base>.idx} beside {@code <base>.jsonl}): the index
 * entries of the segment's first {@code covered} bytes, so that opening a log reads the index
 * instead of parsing lines. Written when a segment is sealed and at a clean close; deleted before
 * recovery rewrites its segment. Format (big-endian): {@code "PIDX"}, version 1, covered (long),
 * last sequence number (long), count (int), then per record offset (long), length (int), epoch
 * seconds (long), nanoseconds (int), size (long); then the CRC32C of all that (long). A checkpoint
 * whose checksum fails, or that covers more bytes than the segment holds, is ignored (the segment
 * is parsed whole), so a stale or torn checkpoint costs time, never records.
 */
final class Checkpoint {

    static final String SUFFIX = ".idx";
    private static final int MAGIC = 0x50494458; // "PIDX"
    private static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 8 + 4;
    private static final int ENTRY = 8 + 4 + 8 + 4 + 8;

    /** What a valid checkpoint covered: its bytes (0 when none was loaded) and the last sequence number. */
    record Loaded(long covered, long lastSeq) {
        static final Loaded NONE = new Loaded(0, -1);
    }

    private Checkpoint() {
    }

    static void write(Path file, long covered, LogIndex index, int first, int end, long lastSeq) throws IOException {
        int count = end - first;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + count * ENTRY + 8);
        buf.putInt(MAGIC).putInt(VERSION).putLong(covered).putLong(lastSeq).putInt(count);
        long[] e = new long[5];
        for (int i = first; i < end; i++) {
            index.entry(i, e);
            buf.putLong(e[0]).putInt((int) e[1]).putLong(e[2]).putInt((int) e[3]).putLong(e[4]);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putLong(crc.getValue());
        buf.flip();
        Path tmp = file.resolveSibling(file.getFileName() + LogStore.TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Adds the entries of a valid checkpoint of segment {@code seg} to {@code index}.
     *
     * @return what it covered, {@link Loaded#NONE} if there is no valid checkpoint (nothing was added)
     */
    static Loaded load(Path file, long segmentSize, int seg, LogIndex index) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Loaded.NONE;
        } catch (IOException e) {
            return Loaded.NONE;
        }
        if (data.length < HEADER + 8) {
            return Loaded.NONE;
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 8);
        ByteBuffer buf = ByteBuffer.wrap(data);
        if (buf.getLong(data.length - 8) != crc.getValue() || buf.getInt() != MAGIC || buf.getInt() != VERSION) {
            return Loaded.NONE;
        }
        long covered = buf.getLong();
        long last = buf.getLong();
        int count = buf.getInt();
        if (covered > segmentSize || covered <= 0 || count < 0 || data.length != HEADER + (long) count * ENTRY + 8) {
            return Loaded.NONE;
        }
        long end = 0;
        for (int i = 0; i < count; i++) {
            long off = buf.getLong(HEADER + i * ENTRY);
            int len = buf.getInt(HEADER + i * ENTRY + 8);
            if (off < end || len <= 0 || off + len > covered) {
                return Loaded.NONE;
            }
            end = off + len;
        }
        for (int i = 0; i < count; i++) {
            index.add(seg, buf.getLong(), buf.getInt(), buf.getLong(), buf.getInt(), buf.getLong());
        }
        return new Loaded(covered, last);
    }
}
