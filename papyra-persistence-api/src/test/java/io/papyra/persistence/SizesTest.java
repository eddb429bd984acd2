package io.papyra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SizesTest {

    private static int encoded(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void nullCountsZero() {
        assertEquals(0, Sizes.utf8((String) null));
    }

    @Test
    void asciiIsOneBytePerChar() {
        assertEquals(0, Sizes.utf8(""));
        assertEquals(9, Sizes.utf8("local://1"));
        assertEquals(1, Sizes.utf8("\u007f"));
        assertEquals(1, Sizes.utf8("\u0000"));
    }

    @Test
    void twoByteCharacters() {
        assertEquals(2, Sizes.utf8("é"));
        assertEquals(2, Sizes.utf8("\u0080"));
        assertEquals(2, Sizes.utf8("\u07ff"));
        assertEquals(8, Sizes.utf8("ключ"));
    }

    @Test
    void threeByteCharacters() {
        assertEquals(3, Sizes.utf8("€"));
        assertEquals(3, Sizes.utf8("\u0800"));
        assertEquals(3, Sizes.utf8("\uffff"));
        assertEquals(6, Sizes.utf8("日本"));
    }

    @Test
    void surrogatePairIsFourBytes() {
        assertEquals(4, Sizes.utf8("𝄞"));
        assertEquals(4, Sizes.utf8(new String(Character.toChars(0x10FFFF))));
        assertEquals(1 + 4 + 1, Sizes.utf8("a😀b"));
    }

    @Test
    void loneSurrogateCountsAsTheOneByteReplacementThatUtf8EncodingWrites() {
        assertEquals(1, Sizes.utf8("\ud800"));
        assertEquals(1, Sizes.utf8("\udc00"));
        assertEquals(1 + 1, Sizes.utf8("\udc00\ud800")); // low before high is not a pair
        assertEquals(1 + 4, Sizes.utf8("\ud800\ud800\udc00")); // a lone high surrogate, then a pair
        assertEquals(1 + 1, Sizes.utf8("a\ud800")); // a high surrogate at the very end
        for (String s : List.of("\ud800", "\udc00", "\udc00\ud800", "\ud800\ud800\udc00", "a\ud800")) {
            assertEquals(encoded(s), Sizes.utf8(s), s);
        }
    }

    @Test
    void agreesWithStringGetBytesOnRandomStrings() {
        Random random = new Random(20240501L);
        for (int n = 0; n < 20_000; n++) {
            String s = randomString(random, random.nextInt(24));
            assertEquals(encoded(s), Sizes.utf8(s), () -> "for " + codeUnits(s));
        }
    }

    @Test
    void listCountsElements() {
        assertEquals(1 + 2 + 4, Sizes.utf8(List.of("a", "é", "𝄞")));
        assertEquals(0, Sizes.utf8(List.<String>of()));
    }

    /** Mixes every UTF-8 length class, lone surrogates of both kinds, and supplementary code points. */
    private static String randomString(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> s.append((char) random.nextInt(0x80));
                case 1 -> s.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
                case 2 -> s.append((char) (0x800 + random.nextInt(0x10000 - 0x800)));
                case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
                case 4 -> s.append((char) (Character.MIN_HIGH_SURROGATE + random.nextInt(0x400)));
                default -> s.append((char) (Character.MIN_LOW_SURROGATE + random.nextInt(0x400)));
            }
        }
        return s.toString();
    }

    private static String codeUnits(String s) {
        return Arrays.toString(s.chars().mapToObj(c -> String.format("%04x", c)).toArray());
    }
}
