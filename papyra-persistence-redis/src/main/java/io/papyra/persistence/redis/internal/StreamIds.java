package io.papyra.persistence.redis.internal;

import java.util.Comparator;

/** Redis stream entry ids ({@code <milliseconds>-<sequence>}, two unsigned 64-bit numbers) compared numerically. */
final class StreamIds {

    static final Comparator<String> ORDER = StreamIds::compare;

    private StreamIds() {
    }

    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(b.substring(0, db)));
        return c != 0 ? c : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)),
                Long.parseUnsignedLong(b.substring(db + 1)));
    }
}
