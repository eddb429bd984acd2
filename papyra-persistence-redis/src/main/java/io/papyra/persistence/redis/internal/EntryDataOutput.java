package io.papyra.persistence.redis.internal;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Lettuce output for {@code XRANGE} / {@code XREVRANGE} replies that keeps only what a read
 * decodes: each entry's {@code data} value, copied straight from Lettuce's receive buffer into one
 * growing array, each entry's id as two numbers (to find it in {@link DecodedCache}), and the id of the
 * last entry as text (to read the next page from). Lettuce's own
 * {@code StreamMessage} list would make, per entry, an id string, a field-name string, a value
 * array, a map and the message; for a page of small records that costs about as much as the round
 * trip. An entry without {@code data} (or with a nil value) has length -1; when an entry holds
 * {@code data} twice, the last one counts, as in Lettuce's map. Confined to one command: Lettuce
 * calls it on its event-loop thread, and the caller reads {@link Page} after the command completed.
 */
final class EntryDataOutput extends CommandOutput<String, byte[], EntryDataOutput.Page> {

    /** The name of the one field of an entry. */
    static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    /** The entries of one reply, in reply order. */
    static final class Page {
        private byte[] bytes = new byte[0];
        private int used;
        private int[] offsets = new int[0];
        private int[] lengths = new int[0];
        private long[] idMs = new long[0];
        private long[] idSeq = new long[0];
        private int count;
        private byte[] lastId = new byte[48];
        private int lastIdLength;

        /** How many entries the reply held. */
        int size() {
            return count;
        }

        /** The buffer that holds every entry's data. */
        byte[] bytes() {
            return bytes;
        }

        /** Where the data of the entries ends in {@link #bytes()}: they lie side by side before it, in reply order. */
        int end() {
            return used;
        }

        /** Where entry {@code i}'s data starts in {@link #bytes()}. */
        int offset(int i) {
            return offsets[i];
        }

        /** How long entry {@code i}'s data is, or -1 when the entry has none. */
        int length(int i) {
            return lengths[i];
        }

        /** The milliseconds part of entry {@code i}'s id, or -1 if the id is not {@code <ms>-<seq>}. */
        long idMs(int i) {
            return idMs[i];
        }

        /** The sequence part of entry {@code i}'s id, or -1 if the id is not {@code <ms>-<seq>}. */
        long idSeq(int i) {
            return idSeq[i];
        }

        /** The id of the last entry, or null when the reply held none. */
        @Nullable String lastId() {
            return count == 0 ? null : new String(lastId, 0, lastIdLength, StandardCharsets.US_ASCII);
        }
    }

    /** What an entry's data usually takes, to size the buffer once from the number of entries. */
    private static final int TYPICAL_DATA = 256;

    private boolean sized;
    private boolean expectId = true;
    private int field;
    private boolean dataField;
    private int dataOffset = -1;
    private int dataLength = -1;
    private long ms = -1;
    private long seq = -1;

    EntryDataOutput(RedisCodec<String, byte[]> codec) {
        super(codec, new Page());
    }

    @Override
    public void set(@Nullable ByteBuffer bytes) {
        Page page = output;
        if (expectId) {
            int n = bytes == null ? 0 : bytes.remaining();
            if (page.lastId.length < n) {
                page.lastId = new byte[n];
            }
            if (bytes != null) {
                bytes.duplicate().get(page.lastId, 0, n);
            }
            page.lastIdLength = n;
            parseId(page.lastId, n);
            expectId = false;
            field = 0;
            dataOffset = -1;
            dataLength = -1;
            return;
        }
        if ((field++ & 1) == 0) {
            dataField = bytes != null && isData(bytes);
        } else if (dataField) {
            if (bytes == null) {
                dataOffset = -1;
                dataLength = -1;
            } else {
                int n = bytes.remaining();
                if (page.bytes.length - page.used < n) {
                    page.bytes = Arrays.copyOf(page.bytes, (int) Math.min(Integer.MAX_VALUE - 8,
                            Math.max((long) page.used + n, 2L * page.bytes.length)));
                }
                bytes.duplicate().get(page.bytes, page.used, n);
                dataOffset = page.used;
                dataLength = n;
                page.used += n;
            }
        }
    }

    /** Sets {@link #ms} and {@link #seq} from an id's text, both -1 if it is not two numbers joined by a dash. */
    private void parseId(byte[] id, int n) {
        ms = -1;
        seq = -1;
        long value = 0;
        long first = -1;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            byte b = id[i];
            if (b >= '0' && b <= '9' && digits < 18) {
                value = value * 10 + (b - '0');
                digits++;
            } else if (b == '-' && first < 0 && digits > 0) {
                first = value;
                value = 0;
                digits = 0;
            } else {
                return;
            }
        }
        if (first >= 0 && digits > 0) {
            ms = first;
            seq = value;
        }
    }

    private static boolean isData(ByteBuffer bytes) {
        if (bytes.remaining() != DATA.length) {
            return false;
        }
        int p = bytes.position();
        for (int i = 0; i < DATA.length; i++) {
            if (bytes.get(p + i) != DATA[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first array is the reply itself: its size is the number of entries. */
    @Override
    public void multi(int count) {
        if (!sized) {
            sized = true;
            int entries = Math.max(count, 0);
            output.offsets = new int[Math.max(entries, 1)];
            output.lengths = new int[Math.max(entries, 1)];
            output.idMs = new long[Math.max(entries, 1)];
            output.idSeq = new long[Math.max(entries, 1)];
            output.bytes = new byte[(int) Math.min((long) entries * TYPICAL_DATA, 1 << 20)];
        }
    }

    @Override
    public void complete(int depth) {
        if (depth == 1 && !expectId) { // an entry (id and fields) is complete
            Page page = output;
            if (page.count == page.offsets.length) {
                page.offsets = Arrays.copyOf(page.offsets, Math.max(1, 2 * page.count));
                page.lengths = Arrays.copyOf(page.lengths, Math.max(1, 2 * page.count));
                page.idMs = Arrays.copyOf(page.idMs, Math.max(1, 2 * page.count));
                page.idSeq = Arrays.copyOf(page.idSeq, Math.max(1, 2 * page.count));
            }
            page.offsets[page.count] = dataOffset;
            page.lengths[page.count] = dataLength;
            page.idMs[page.count] = ms;
            page.idSeq[page.count] = seq;
            page.count++;
            expectId = true;
        }
    }
}
