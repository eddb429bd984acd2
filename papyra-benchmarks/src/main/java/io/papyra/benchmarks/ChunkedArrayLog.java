package io.papyra.benchmarks;

/**
 * The single-writer floor of an append: a list of fixed-size {@code Object[]} chunks and an
 * {@code int} cursor, no synchronisation, no metrics, no size accounting. Nothing thread-safe can
 * append faster; goal 1 asks the memory backend to stay within 2x of it.
 */
final class ChunkedArrayLog {

    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private Object[][] chunks = new Object[16][];
    private Object[] current = new Object[CHUNK];
    private int chunkCount = 1;
    private int cursor;

    ChunkedArrayLog() {
        chunks[0] = current;
    }

    void add(Object record) {
        if (cursor == CHUNK) {
            newChunk();
        }
        current[cursor++] = record;
    }

    private void newChunk() {
        if (chunkCount == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, chunkCount * 2);
        }
        current = new Object[CHUNK];
        chunks[chunkCount++] = current;
        cursor = 0;
    }

    long size() {
        return ((long) (chunkCount - 1) << CHUNK_BITS) + cursor;
    }
}
