package io.papyra.persistence.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.papyra.persistence.Anomaly;
import io.papyra.persistence.AnomalyType;
import io.papyra.persistence.AuditRecord;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.DeadLetterRecord;
import io.papyra.persistence.EventRecord;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.json.MalformedRecordException;
import io.papyra.persistence.json.RecordCodec;
import io.papyra.persistence.redis.RedisPersistence;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scan, recovery and compaction of the three streams and their indexes, over one connection. Every
 * walk goes over the whole stream in pages of {@value #PAGE} entries; every change is a server-side
 * script, atomic per entry (recovery) or per log (compaction). One instance per operation; not
 * thread-safe.
 */
final class Maintenance {

    private static final int PAGE = 1_000;
    private static final int AGED_PER_CALL = 5_000;
    private static final List<Class<? extends PersistenceRecord>> TYPES =
            List.of(EventRecord.class, AuditRecord.class, DeadLetterRecord.class);

    /** What a scan found wrong with one entry or index member. */
    enum Kind {
        /** A stream entry without a decodable {@code data} of the log's kind. */
        BAD_ENTRY,
        /** A good stream entry that is not in the index. */
        NOT_INDEXED,
        /** A good stream entry whose index score is not its timestamp's. */
        WRONG_SCORE,
        /** An index member without a stream entry. */
        ORPHAN
    }

    /** One finding: the log, the entry id, what is wrong, the anomaly reported, and the right score if known. */
    record Finding(int log, String id, Kind kind, Anomaly anomaly, @Nullable String score) {
    }

    private final RedisStreamsBackend backend;
    private final RedisCommands<String, byte[]> redis;
    private final RecordCodec codec;
    private final String[] streams;
    private final String[] indexes;
    private final String defaultQuarantine;

    Maintenance(RedisStreamsBackend backend, RedisCommands<String, byte[]> redis, RecordCodec codec, String[] streams,
                String[] indexes, String defaultQuarantine) {
        this.backend = backend;
        this.redis = redis;
        this.codec = codec;
        this.streams = streams;
        this.indexes = indexes;
        this.defaultQuarantine = defaultQuarantine;
    }

    /** The findings of a scan, and its report. */
    record Scan(List<Finding> findings) {
        ScanReport report() {
            return new ScanReport(RedisPersistence.NAME, findings.stream().map(Finding::anomaly).toList());
        }
    }

    Scan scan() {
        List<Finding> findings = new ArrayList<>();
        for (int log = 0; log < 3; log++) {
            scanStream(log, findings);
            scanIndex(log, findings);
        }
        return new Scan(findings);
    }

    /** Oldest-first through the stream: each entry decodes as its log's kind and has its score in the index. */
    private void scanStream(int log, List<Finding> findings) {
        String after = null;
        while (true) {
            Range<String> range = after == null ? Range.unbounded()
                    : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded());
            List<StreamMessage<String, byte[]>> page = redis.xrange(streams[log], range, Limit.from(PAGE));
            if (page.isEmpty()) {
                return;
            }
            List<String> ids = new ArrayList<>(page.size());
            List<String> scores = new ArrayList<>(page.size());
            for (StreamMessage<String, byte[]> entry : page) {
                String problem = problemOf(entry, log);
                if (problem != null) {
                    findings.add(new Finding(log, entry.getId(), Kind.BAD_ENTRY, new Anomaly(AnomalyType.CORRUPTED_LINE,
                            streams[log] + " " + entry.getId(), problem), null));
                } else {
                    ids.add(entry.getId());
                    scores.add(Scores.of(decode(entry, log).timestamp()));
                }
            }
            if (!ids.isEmpty()) {
                byte[][] members = ids.stream().map(id -> id.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
                List<Double> indexed = redis.zmscore(indexes[log], members);
                for (int i = 0; i < ids.size(); i++) {
                    Double actual = indexed.get(i);
                    String expected = scores.get(i);
                    String where = indexes[log] + " " + ids.get(i);
                    if (actual == null) {
                        findings.add(new Finding(log, ids.get(i), Kind.NOT_INDEXED, new Anomaly(AnomalyType.PARTIAL_WRITE,
                                where, "stream entry " + streams[log] + " " + ids.get(i) + " is missing from the "
                                + "timestamp index (score " + expected + " expected)"), expected));
                    } else if (actual != Double.parseDouble(expected)) {
                        findings.add(new Finding(log, ids.get(i), Kind.WRONG_SCORE, new Anomaly(AnomalyType.PARTIAL_WRITE,
                                where, "index score " + actual + " disagrees with the record's timestamp (score "
                                + expected + " expected)"), expected));
                    }
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    /** Every index member has a stream entry. */
    private void scanIndex(int log, List<Finding> findings) {
        ScanCursor cursor = ScanCursor.INITIAL;
        String[] keys = {streams[log], indexes[log]};
        do {
            ScoredValueScanCursor<byte[]> page = redis.zscan(indexes[log], cursor, ScanArgs.Builder.limit(PAGE));
            List<ScoredValue<byte[]>> values = page.getValues();
            if (!values.isEmpty()) {
                byte[][] members = values.stream().map(ScoredValue::getValue).toArray(byte[][]::new);
                List<Object> missing = backend.script(redis, Scripts.MISSING, ScriptOutputType.MULTI, keys, members);
                for (Object member : missing) {
                    String id = new String((byte[]) member, StandardCharsets.US_ASCII);
                    findings.add(new Finding(log, id, Kind.ORPHAN, new Anomaly(AnomalyType.PARTIAL_WRITE,
                            indexes[log] + " " + id, "index member without a stream entry in " + streams[log]), null));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    /** Why {@code entry} cannot be read as a record of {@code log}, or null when it can. */
    private @Nullable String problemOf(StreamMessage<String, byte[]> entry, int log) {
        byte[] data = entry.getBody().get("data");
        if (data == null) {
            return "no data field (fields: " + entry.getBody().keySet() + ")";
        }
        try {
            codec.decode(data, TYPES.get(log));
            return null;
        } catch (MalformedRecordException e) {
            return "data is not a record of this log: " + e.getMessage();
        }
    }

    private PersistenceRecord decode(StreamMessage<String, byte[]> entry, int log) {
        return codec.decode(entry.getBody().get("data"), TYPES.get(log));
    }

    RecoveryReport recover(RecoveryConfig config) {
        Scan scan = scan();
        RecoveryMode mode = config.mode();
        List<String> repaired = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        if (mode != RecoveryMode.IGNORE) {
            // As the original: one quarantine stream per source stream, <base>:<source key with ':' as '_'>.
            String base = config.quarantineLocation() != null ? config.quarantineLocation() : defaultQuarantine;
            for (Finding finding : scan.findings()) {
                int log = finding.log();
                String[] keys = {streams[log], indexes[log]};
                byte[] id = finding.id().getBytes(StandardCharsets.US_ASCII);
                String where = finding.anomaly().location();
                switch (finding.kind()) {
                    case BAD_ENTRY -> {
                        if (mode == RecoveryMode.QUARANTINE) {
                            String quarantine = base + ":" + streams[log].replace(':', '_');
                            long moved = backend.script(redis, Scripts.QUARANTINE, ScriptOutputType.INTEGER,
                                    new String[]{streams[log], indexes[log], quarantine}, id,
                                    finding.anomaly().detail().getBytes(StandardCharsets.UTF_8));
                            if (moved == 1) {
                                quarantined.add(where + " -> " + quarantine);
                            }
                        } else {
                            long deleted = backend.script(redis, Scripts.DELETE, ScriptOutputType.INTEGER, keys, id);
                            if (deleted == 1) {
                                repaired.add(where + " deleted");
                            }
                        }
                    }
                    case NOT_INDEXED, WRONG_SCORE -> {
                        long set = backend.script(redis, Scripts.REINDEX, ScriptOutputType.INTEGER, keys, id,
                                finding.score().getBytes(StandardCharsets.US_ASCII));
                        if (set == 1) {
                            repaired.add(where + " reindexed");
                        }
                    }
                    case ORPHAN -> {
                        long removed = backend.script(redis, Scripts.REMOVE_ORPHANS, ScriptOutputType.INTEGER, keys, id);
                        if (removed == 1) {
                            repaired.add(where + " removed from the index");
                        }
                    }
                }
            }
            if (mode == RecoveryMode.REBUILD) {
                for (int log = 0; log < 3; log++) {
                    rebuildIndex(log);
                }
            }
        }
        return new RecoveryReport(RedisPersistence.NAME, mode, scan.report(), repaired, quarantined);
    }

    /** Writes every readable entry's score into the index again, page by page (each entry checked to still exist). */
    private void rebuildIndex(int log) {
        String after = null;
        String[] keys = {streams[log], indexes[log]};
        while (true) {
            Range<String> range = after == null ? Range.unbounded()
                    : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded());
            List<StreamMessage<String, byte[]>> page = redis.xrange(streams[log], range, Limit.from(PAGE));
            for (StreamMessage<String, byte[]> entry : page) {
                if (problemOf(entry, log) == null) {
                    backend.script(redis, Scripts.REINDEX, ScriptOutputType.INTEGER, keys,
                            entry.getId().getBytes(StandardCharsets.US_ASCII),
                            Scores.bytes(decode(entry, log).timestamp()));
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    /**
     * Makes retention physical, log by log: walks newest-first as a read does, then removes, in one
     * script, every entry from the first one that count or size retention hides down to the oldest,
     * and every entry that age retention hides; appends made meanwhile are newer, so they never make
     * a removed entry visible again at {@code now}.
     */
    CompactionReport compact(RetentionPolicy retention, Instant now) {
        long before = 0;
        long removed = 0;
        for (int log = 0; log < 3; log++) {
            before += redis.xlen(streams[log]);
        }
        if (!retention.isUnbounded()) {
            for (int log = 0; log < 3; log++) {
                removed += compactLog(log, retention, now);
            }
        }
        return CompactionReport.ofRecords(RedisPersistence.NAME, before, Math.max(0, before - removed));
    }

    private long compactLog(int log, RetentionPolicy retention, Instant now) {
        Retained retained = new Retained(retention, now);
        List<byte[]> aged = new ArrayList<>();
        String stop = null;
        String before = null;
        walk:
        while (true) {
            Range<String> range = before == null ? Range.unbounded()
                    : Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(before));
            List<StreamMessage<String, byte[]>> page = redis.xrevrange(streams[log], range, Limit.from(PAGE));
            for (StreamMessage<String, byte[]> entry : page) {
                if (problemOf(entry, log) != null) {
                    continue; // not a record: recovery's business, not retention's
                }
                Retained.Verdict verdict = retained.next(decode(entry, log));
                if (verdict == Retained.Verdict.STOP) {
                    stop = entry.getId();
                    break walk;
                }
                if (verdict == Retained.Verdict.AGED) {
                    aged.add(entry.getId().getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            before = page.get(page.size() - 1).getId();
        }
        String[] keys = {streams[log], indexes[log]};
        long removed = 0;
        int from = 0;
        do {
            int to = Math.min(aged.size(), from + AGED_PER_CALL);
            byte[][] args = new byte[1 + to - from][];
            args[0] = from == 0 && stop != null ? stop.getBytes(StandardCharsets.US_ASCII) : new byte[0];
            for (int i = from; i < to; i++) {
                args[1 + i - from] = aged.get(i);
            }
            if (args.length > 1 || args[0].length > 0) {
                long n = backend.script(redis, Scripts.COMPACT, ScriptOutputType.INTEGER, keys, args);
                removed += n;
            }
            from = to;
        } while (from < aged.size());
        return removed;
    }
}
