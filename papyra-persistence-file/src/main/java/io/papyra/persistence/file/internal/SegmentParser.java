package io.papyra.persistence.file.internal;

/**
 * Splits the bytes of a segment into intact lines, damaged records and a truncated tail.
 *
 * <p>An intact line ends with a line feed and passes {@link LineFormat#check}. After a line that
 * does not, the parser resynchronises on the next intact line that starts with the codec's
 * {@code {"kind":"} (whether or not a line feed precedes it, since damage may have hit the line
 * feed itself), and reports what lies between as damaged records: one per part that starts with
 * {@code {"kind":"} after a line feed, so two damaged neighbours count as two. The bytes after the
 * last line feed, when the segment does not end with one, are a truncated tail (a torn write).
 * Stateless; thread-safe.
 */
final class SegmentParser {

    /** Receives what the parser finds, in file order. */
    interface Visitor {
        /** An intact line {@code [from, to)}, without its line feed. */
        void line(byte[] data, int from, int to, LineFormat.Parsed parsed);

        /** A damaged record {@code [from, to)}, line feed included when it has one. */
        void damaged(byte[] data, int from, int to);

        /** An unterminated tail {@code [from, to)} at the end of the segment. */
        void truncated(byte[] data, int from, int to);
    }

    private SegmentParser() {
    }

    static void parse(byte[] data, int length, boolean withTimestamp, Visitor visitor) {
        LineFormat.Parsed parsed = new LineFormat.Parsed();
        int p = 0;
        while (p < length) {
            int q = indexOf(data, p, length);
            if (q < 0) {
                visitor.truncated(data, p, length);
                return;
            }
            if (LineFormat.check(data, p, q, parsed, withTimestamp)) {
                visitor.line(data, p, q, parsed);
                p = q + 1;
                continue;
            }
            int resume = resync(data, p + 1, length, parsed);
            int end = resume < 0 ? length : resume;
            reportDamaged(data, p, end, length, visitor);
            p = end;
        }
    }

    private static void reportDamaged(byte[] data, int from, int to, int length, Visitor visitor) {
        int start = from;
        for (int i = from + 1; i < to; i++) {
            if (data[i - 1] == '\n' && LineFormat.looksLikeStart(data, i, to)) {
                visitor.damaged(data, start, i);
                start = i;
            }
        }
        if (to == length && data[to - 1] != '\n') {
            visitor.truncated(data, start, to);
        } else {
            visitor.damaged(data, start, to);
        }
    }

    /** Finds the first intact line at or after {@code from} that starts like a record. */
    private static int resync(byte[] data, int from, int length, LineFormat.Parsed parsed) {
        for (int s = from; s < length; s++) {
            if (data[s] == '{' && LineFormat.looksLikeStart(data, s, length)) {
                int q = indexOf(data, s, length);
                if (q < 0) {
                    return -1;
                }
                if (LineFormat.check(data, s, q, parsed, false)) {
                    return s;
                }
            }
        }
        return -1;
    }

    static int indexOf(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
