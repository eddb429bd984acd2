package io.papyra.persistence.file.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The line format of a segment file: the codec's JSON object with three members added at its end,
 * {@code "seq"} (the record's sequence number in its log), {@code "size"} (its
 * {@code sizeInBytes()}, so that byte retention needs no decoding) and {@code "crc32c"} (eight
 * lower-case hex digits: the CRC32C of every byte of the line before {@code "crc32c"}), then a
 * line feed:
 * <pre>{"kind":"event",...,"timestamp_ns":1767225601000123000,"seq":7,"size":59,"crc32c":"0a1b2c3d"}\n</pre>
 * The trailer has a fixed shape, so a line is checked from its end without parsing the JSON.
 * Stateless; every method is thread-safe.
 */
public final class LineFormat {

    /** {@code "crc32c":"} followed by 8 hex digits and {@code "}}: the fixed end of a line. */
    static final int CRC_MEMBER_LENGTH = 20;
    private static final byte[] CRC_KEY = "\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ_KEY = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIZE_KEY = ",\"size\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS_KEY = "\"timestamp_ns\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KIND_START = "{\"kind\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private LineFormat() {
    }

    /** What {@link #check} finds out about a line that passes its checksum. */
    static final class Parsed {
        long seq;
        long size;
        long seconds;
        int nanos;
        boolean timestampFound;
    }

    /**
     * Builds the line of a record: {@code json} (the codec's object, ending with its closing brace)
     * with the trailer added, terminated by a line feed.
     */
    static byte[] line(byte[] json, long seq, long size) {
        byte[] seqText = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] sizeText = Long.toString(size).getBytes(StandardCharsets.US_ASCII);
        int body = json.length - 1;
        int length = body + SEQ_KEY.length + seqText.length + SIZE_KEY.length + sizeText.length + 1
                + CRC_MEMBER_LENGTH + 1;
        byte[] out = new byte[length];
        System.arraycopy(json, 0, out, 0, body);
        int p = body;
        System.arraycopy(SEQ_KEY, 0, out, p, SEQ_KEY.length);
        p += SEQ_KEY.length;
        System.arraycopy(seqText, 0, out, p, seqText.length);
        p += seqText.length;
        System.arraycopy(SIZE_KEY, 0, out, p, SIZE_KEY.length);
        p += SIZE_KEY.length;
        System.arraycopy(sizeText, 0, out, p, sizeText.length);
        p += sizeText.length;
        out[p++] = ',';
        CRC32C crc = new CRC32C();
        crc.update(out, 0, p);
        long value = crc.getValue();
        System.arraycopy(CRC_KEY, 0, out, p, CRC_KEY.length);
        p += CRC_KEY.length;
        for (int shift = 28; shift >= 0; shift -= 4) {
            out[p++] = HEX[(int) (value >>> shift) & 0xf];
        }
        out[p++] = '"';
        out[p++] = '}';
        out[p] = '\n';
        return out;
    }

    /**
     * Checks the line {@code [from, to)} of {@code data} (without its line feed): its trailer's shape
     * and its checksum; on success fills {@code parsed} (the timestamp only when {@code withTimestamp}).
     *
     * @return true if the line is intact
     */
    static boolean check(byte[] data, int from, int to, Parsed parsed, boolean withTimestamp) {
        int crcAt = to - CRC_MEMBER_LENGTH;
        if (crcAt - from < 2 || data[to - 1] != '}' || data[to - 2] != '"' || data[from] != '{') {
            return false;
        }
        for (int i = 0; i < CRC_KEY.length; i++) {
            if (data[crcAt + i] != CRC_KEY[i]) {
                return false;
            }
        }
        long expected = 0;
        for (int i = crcAt + CRC_KEY.length; i < to - 2; i++) {
            int digit = hexDigit(data[i]);
            if (digit < 0) {
                return false;
            }
            expected = (expected << 4) | digit;
        }
        CRC32C crc = new CRC32C();
        crc.update(data, from, crcAt - from);
        if (crc.getValue() != expected) {
            return false;
        }
        // The checksum holds, so the trailer is what line() wrote: ,"seq":N,"size":N, before crcAt.
        int end = crcAt - 1; // the comma before "crc32c"
        int sizeStart = digitsBefore(data, from, end);
        if (sizeStart < 0 || !endsWith(data, from, sizeStart, SIZE_KEY)) {
            return false;
        }
        int seqEnd = sizeStart - SIZE_KEY.length;
        int seqStart = digitsBefore(data, from, seqEnd);
        if (seqStart < 0 || !endsWith(data, from, seqStart, SEQ_KEY)) {
            return false;
        }
        parsed.size = parseLong(data, sizeStart, end);
        parsed.seq = parseLong(data, seqStart, seqEnd);
        parsed.timestampFound = withTimestamp && topLevelTimestamp(data, from, seqStart - SEQ_KEY.length, parsed);
        return true;
    }

    /** Finds the timestamp of an intact line by decoding it whole: the slow path, for timestamps beyond the long range. */
    static void timestampByDecoding(byte[] data, int from, int to, Parsed parsed) {
        java.time.Instant ts = io.papyra.persistence.json.RecordCodec.standard().decode(data, from, to - from).timestamp();
        parsed.seconds = ts.getEpochSecond();
        parsed.nanos = ts.getNano();
        parsed.timestampFound = true;
    }

    /** Tells whether a record's line may start at {@code at}: the codec always writes {@code kind} first. */
    static boolean looksLikeStart(byte[] data, int at, int limit) {
        if (limit - at < KIND_START.length) {
            return false;
        }
        for (int i = 0; i < KIND_START.length; i++) {
            if (data[at + i] != KIND_START[i]) {
                return false;
            }
        }
        return true;
    }

    /** The CRC32C of the given bytes as the line carries it. */
    static String crcText(byte[] data, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(data, from, to - from);
        return String.format("%08x", crc.getValue());
    }

    /**
     * Finds the member {@code timestamp_ns} of the top-level object in {@code [from, to)} without a
     * full parse: a walk that tracks strings and nesting, so a payload's own {@code timestamp_ns}
     * is not taken for it.
     */
    private static boolean topLevelTimestamp(byte[] data, int from, int to, Parsed parsed) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '"') {
                if (depth == 1 && matches(data, i, to, TS_KEY)) {
                    return number(data, i + TS_KEY.length, to, parsed);
                }
                i = stringEnd(data, i + 1, to);
                if (i < 0) {
                    return false;
                }
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return false;
    }

    /** Returns the index of the quote that closes the string whose content starts at {@code at}. */
    private static int stringEnd(byte[] data, int at, int to) {
        for (int i = at; i < to; i++) {
            byte b = data[i];
            if (b == '\\') {
                i++;
            } else if (b == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean number(byte[] data, int at, int to, Parsed parsed) {
        int i = at;
        boolean negative = i < to && data[i] == '-';
        if (negative) {
            i++;
        }
        int digitsFrom = i;
        while (i < to && data[i] >= '0' && data[i] <= '9') {
            i++;
        }
        int digits = i - digitsFrom;
        if (digits == 0) {
            return false;
        }
        if (digits <= 18) {
            long value = parseLong(data, digitsFrom, i);
            if (negative) {
                value = -value;
            }
            parsed.seconds = Math.floorDiv(value, 1_000_000_000L);
            parsed.nanos = (int) Math.floorMod(value, 1_000_000_000L);
            return true;
        }
        BigInteger value = new BigInteger(new String(data, at, i - at, StandardCharsets.US_ASCII));
        BigInteger[] qr = value.divideAndRemainder(BILLION);
        BigInteger seconds = qr[0];
        BigInteger nanos = qr[1];
        if (nanos.signum() < 0) {
            seconds = seconds.subtract(BigInteger.ONE);
            nanos = nanos.add(BILLION);
        }
        if (seconds.bitLength() > 63) {
            return false;
        }
        parsed.seconds = seconds.longValueExact();
        parsed.nanos = nanos.intValueExact();
        return true;
    }

    private static boolean matches(byte[] data, int at, int to, byte[] what) {
        if (to - at < what.length) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            if (data[at + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] data, int from, int end, byte[] what) {
        return end - from >= what.length && matches(data, end - what.length, end, what);
    }

    /** Returns the start of the run of digits that ends at {@code end}, or -1 if there is none. */
    private static int digitsBefore(byte[] data, int from, int end) {
        int i = end;
        while (i > from && data[i - 1] >= '0' && data[i - 1] <= '9') {
            i--;
        }
        return i == end || end - i > 18 ? -1 : i;
    }

    private static long parseLong(byte[] data, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (data[i] - '0');
        }
        return value;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
