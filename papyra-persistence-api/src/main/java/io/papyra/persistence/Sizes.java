package io.papyra.persistence;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** The pieces of {@link PersistenceRecord#sizeInBytes()}: UTF-8 lengths computed without encoding. */
final class Sizes {

    private Sizes() {
    }

    static long utf8(@Nullable String s) {
        if (s == null) {
            return 0;
        }
        int length = s.length();
        long bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < length
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // a pair: 4 bytes for 2 chars
                    i++;
                }
                // a lone surrogate: String.getBytes(UTF_8) writes '?', one byte, already counted
            }
        }
        return bytes;
    }

    static long utf8(List<String> list) {
        long bytes = 0;
        for (String s : list) {
            bytes += utf8(s);
        }
        return bytes;
    }
}
