package io.papyra.persistence.redis.internal;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DecodedCache} returns a kept record only for the same log, the same id and the same bytes, and
 * {@link EntryDataOutput} gives it the ids it can trust.
 */
class DecodedCacheTest {

    private static final byte[] PAGE = "xx{\"a\":1}{\"a\":2}yy".getBytes(StandardCharsets.US_ASCII);
    private static final PersistenceRecord ONE = event("one");

    private static EventRecord event(String type) {
        return new EventRecord("s", "local://1", type, Map.of(), Instant.EPOCH);
    }

    @Test
    void sizesRoundUpToAPowerOfTwoAndZeroKeepsNothing() {
        assertEquals(0, new DecodedCache(0).slotsPerLog());
        assertEquals(2, new DecodedCache(1).slotsPerLog());
        assertEquals(1_024, new DecodedCache(1_000).slotsPerLog());
        assertEquals(1_024, new DecodedCache(1_024).slotsPerLog());
        assertEquals(1 << 20, new DecodedCache(1 << 20).slotsPerLog());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new DecodedCache(-1));
        assertTrue(negative.getMessage().contains("from 0 to 1048576, was -1"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DecodedCache((1 << 20) + 1));

        DecodedCache none = new DecodedCache(0);
        none.put(0, 5, 0, PAGE, 2, 7, ONE);
        assertNull(none.get(0, 5, 0, PAGE, 2, 7));
    }

    @Test
    void aRecordIsFoundOnlyUnderItsLogIdAndBytes() {
        DecodedCache cache = new DecodedCache(16);
        cache.put(0, 1_767_225_600_000L, 3, PAGE, 2, 7, ONE);
        assertSame(ONE, cache.get(0, 1_767_225_600_000L, 3, PAGE, 2, 7));
        byte[] elsewhere = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);
        assertSame(ONE, cache.get(0, 1_767_225_600_000L, 3, elsewhere, 0, elsewhere.length), "the same bytes anywhere");
        assertNull(cache.get(0, 1_767_225_600_000L, 3, PAGE, 9, 7), "other bytes under the same id");
        assertNull(cache.get(0, 1_767_225_600_000L, 3, PAGE, 2, 6), "a prefix of them");
        assertNull(cache.get(0, 1_767_225_600_000L, 4, PAGE, 2, 7), "another id");
        assertNull(cache.get(1, 1_767_225_600_000L, 3, PAGE, 2, 7), "another log");
        assertNull(cache.get(0, -1, -1, PAGE, 2, 7), "an id that is not two numbers");

        PAGE[3] = 'b';
        try {
            assertSame(ONE, cache.get(0, 1_767_225_600_000L, 3, "{\"a\":1}".getBytes(StandardCharsets.US_ASCII), 0, 7),
                    "the cache holds a copy of the bytes, not the reply's buffer");
        } finally {
            PAGE[3] = 'a';
        }

        cache.put(2, -1, 0, PAGE, 2, 7, ONE);
        assertNull(cache.get(2, -1, 0, PAGE, 2, 7), "nothing is kept under an id that is not two numbers");
    }

    @Test
    void anEntryWhoseSlotIsTakenReplacesWhatWasThere() {
        DecodedCache cache = new DecodedCache(2);
        PersistenceRecord[] kept = new PersistenceRecord[20];
        for (int seq = 0; seq < kept.length; seq++) {
            kept[seq] = event("e" + seq);
            cache.put(0, 100, seq, PAGE, 2, 7, kept[seq]);
        }
        int found = 0;
        for (int seq = 0; seq < kept.length; seq++) {
            PersistenceRecord record = cache.get(0, 100, seq, PAGE, 2, 7);
            if (record != null) {
                assertSame(kept[seq], record);
                found++;
            }
        }
        assertTrue(found >= 1 && found <= 2, "two slots keep at most two records, found " + found);
        assertSame(kept[19], cache.get(0, 100, 19, PAGE, 2, 7), "the last one put is always there");
    }

    @Test
    void entryIdsAreReadAsTwoNumbersOrNotAtAll() {
        String[] ids = {"1767225600000-3", "0-0", "abc", "12", "1-", "-1", "1-2-3", "12345678901234567890-1", "1-x"};
        long[][] expected = {{1_767_225_600_000L, 3}, {0, 0}, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1},
                {-1, -1}, {-1, -1}};
        EntryDataOutput output = new EntryDataOutput(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        output.multi(ids.length);
        for (String id : ids) {
            output.multi(2);
            output.set(ByteBuffer.wrap(id.getBytes(StandardCharsets.US_ASCII)));
            output.multi(2);
            output.set(ByteBuffer.wrap(EntryDataOutput.DATA));
            output.set(ByteBuffer.wrap("{}".getBytes(StandardCharsets.US_ASCII)));
            output.complete(2);
            output.complete(1);
        }
        EntryDataOutput.Page page = output.get();
        assertEquals(ids.length, page.size());
        for (int i = 0; i < ids.length; i++) {
            assertEquals(expected[i][0], page.idMs(i), ids[i]);
            assertEquals(expected[i][1], page.idSeq(i), ids[i]);
        }
    }
}
