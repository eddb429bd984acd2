package io.papyra.persistence.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The server-side Lua scripts. Each runs atomically on the server; the backend calls them by SHA-1
 * ({@code EVALSHA}) and falls back to {@code EVAL} (which caches them again) after a {@code NOSCRIPT}
 * reply, as after a server restart.
 */
enum Scripts {

    /**
     * Appends a batch: KEYS are the three streams and their indexes (stream, index, stream, index, ...);
     * ARGV holds triples (log index 0-2, data, score). Each entry is {@code XADD <stream> * data <json>}
     * and its id goes into the log's index with the record's score, in the same atomic step (the
     * script): one {@code ZADD} per log for the whole batch, which costs the server about half as
     * much as one per entry. The caller keeps a batch to at most a few hundred entries (Lua's
     * {@code unpack} limit is about 8,000 values).
     */
    APPEND("""
            local z = {{}, {}, {}}
            for i = 1, #ARGV, 3 do
              local l = tonumber(ARGV[i])
              local id = redis.call('XADD', KEYS[l * 2 + 1], '*', 'data', ARGV[i + 1])
              local t = z[l + 1]
              t[#t + 1] = ARGV[i + 2]
              t[#t + 1] = id
            end
            for l = 1, 3 do
              if #z[l] > 0 then redis.call('ZADD', KEYS[l * 2], unpack(z[l])) end
            end
            return #ARGV / 3
            """),

    /**
     * Finds where the entries whose index score is at least ARGV[1] start: {0} when the index and the
     * stream do not have the same number of entries (the index cannot be trusted), else {1, count}
     * when there is none, else {1, count, lowest id}. The reader then reads the stream from that id
     * with one plain XRANGE when not many more entries than the candidates follow it (entries pass through Lua's tables slowly, so they are not read here).
     */
    SINCE_START("""
            local n = redis.call('XLEN', KEYS[1])
            if redis.call('ZCARD', KEYS[2]) ~= n then return {0} end
            local ids = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
            if #ids == 0 then return {1, 0} end
            local lowest, lms, lseq = nil, nil, nil
            for i = 1, #ids do
              local ms, seq = string.match(ids[i], '^(%d+)-(%d+)$')
              ms = tonumber(ms)
              seq = tonumber(seq)
              if lowest == nil or ms < lms or (ms == lms and seq < lseq) then
                lowest, lms, lseq = ids[i], ms, seq
              end
            end
            return {1, #ids, lowest}
            """),

    /**
     * Reads the entries whose index score is at least ARGV[1]: {0} when the index and the stream do
     * not have the same number of entries (the index cannot be trusted; the reader walks the stream
     * instead), else {1, entry, entry, ...}, each entry as XRANGE returns it, possibly with entries
     * below the score too (the reader filters by exact timestamp). When every stream entry from the
     * lowest id found onwards is one of them (timestamps that follow insertion order, the usual
     * case), one XRANGE reads them all; else each is read by its id.
     */
    SINCE("""
            local n = redis.call('XLEN', KEYS[1])
            if redis.call('ZCARD', KEYS[2]) ~= n then return {0} end
            local ids = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
            local out = {1}
            if #ids == 0 then return out end
            local lowest, lms, lseq = nil, nil, nil
            for i = 1, #ids do
              local ms, seq = string.match(ids[i], '^(%d+)-(%d+)$')
              ms = tonumber(ms)
              seq = tonumber(seq)
              if lowest == nil or ms < lms or (ms == lms and seq < lseq) then
                lowest, lms, lseq = ids[i], ms, seq
              end
            end
            local range = redis.call('XRANGE', KEYS[1], lowest, '+', 'COUNT', #ids + 1)
            if #range <= #ids then
              for i = 1, #range do out[#out + 1] = range[i] end
              return out
            end
            for i = 1, #ids do
              local e = redis.call('XRANGE', KEYS[1], ids[i], ids[i])
              if #e > 0 then out[#out + 1] = e[1] end
            end
            return out
            """),

    /**
     * Compacts one log: removes every entry up to and including ARGV[1] (unless empty) from the
     * stream and the index, then the entries ARGV[2..]; returns how many entries were removed.
     */
    COMPACT("""
            local removed = 0
            if ARGV[1] ~= '' then
              local start = '-'
              while true do
                local page = redis.call('XRANGE', KEYS[1], start, ARGV[1], 'COUNT', 1000)
                if #page == 0 then break end
                local ids = {}
                for i = 1, #page do ids[i] = page[i][1] end
                redis.call('ZREM', KEYS[2], unpack(ids))
                removed = removed + redis.call('XDEL', KEYS[1], unpack(ids))
                start = '(' .. ids[#ids]
              end
            end
            for i = 2, #ARGV do
              redis.call('ZREM', KEYS[2], ARGV[i])
              removed = removed + redis.call('XDEL', KEYS[1], ARGV[i])
            end
            return removed
            """),

    /**
     * Moves entry ARGV[1] of stream KEYS[1] to the quarantine stream KEYS[3], with its source key
     * ({@code source}, the original's field) and id ({@code source_id}), the reason ARGV[2] and the
     * entry's own fields, and removes it from the stream and the index KEYS[2]; 1 if moved.
     */
    QUARANTINE("""
            local e = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if #e == 0 then return 0 end
            local args = {'XADD', KEYS[3], '*', 'source', KEYS[1], 'source_id', ARGV[1], 'reason', ARGV[2]}
            for _, v in ipairs(e[1][2]) do args[#args + 1] = v end
            redis.call(unpack(args))
            redis.call('XDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """),

    /** Deletes entry ARGV[1] from stream KEYS[1] and index KEYS[2]; 1 if it was there. */
    DELETE("""
            redis.call('ZREM', KEYS[2], ARGV[1])
            return redis.call('XDEL', KEYS[1], ARGV[1])
            """),

    /** Of the index members ARGV, returns those that have no entry in stream KEYS[1]. */
    MISSING("""
            local out = {}
            for i = 1, #ARGV do
              if #redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i]) == 0 then out[#out + 1] = ARGV[i] end
            end
            return out
            """),

    /** Removes index members ARGV from KEYS[2] that still have no entry in stream KEYS[1]; how many. */
    REMOVE_ORPHANS("""
            local removed = 0
            for i = 1, #ARGV do
              if #redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i]) == 0 then
                removed = removed + redis.call('ZREM', KEYS[2], ARGV[i])
              end
            end
            return removed
            """),

    /** Sets the index score ARGV[2] of entry ARGV[1] if the entry is still in stream KEYS[1]; 1 if set. */
    REINDEX("""
            if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return 0 end
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            return 1
            """);

    private final String body;
    private final String sha;

    Scripts(String body) {
        this.body = body;
        this.sha = sha1(body);
    }

    String body() {
        return body;
    }

    String sha() {
        return sha;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
