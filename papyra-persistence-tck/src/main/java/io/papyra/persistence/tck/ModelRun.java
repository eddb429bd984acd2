package io.papyra.persistence.tck;

import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceMetrics;
import io.papyra.persistence.PersistenceRecord;
import io.papyra.persistence.Query;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.RetentionPolicy;
import io.papyra.persistence.ScanReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Model-based randomized testing of a backend: seeded random sequences of operations run against
 * the backend and against a {@link ReferenceModel}, comparing every read and every metrics snapshot;
 * and a shrinker that, given a failing sequence, finds a shorter one that fails the same clause by
 * delta debugging over the operations, replaying each candidate on a fresh backend.
 *
 * <p>A sequence is a pure function of its seed and its length: the policy and the operations are
 * drawn from one random stream, and the length is chosen apart from it, so the short sequence of a
 * seed is a prefix of its long one. A replay of a seed runs both, which reproduces a failure of
 * either exactly.
 */
final class ModelRun {

    /** Length of the long sequences, and of a sequence replayed by its seed. */
    static final int LONG_LENGTH = 3000;
    private static final int SHORT_MIN = 20;
    private static final int SHORT_SPAN = 41;
    private static final long LENGTH_SALT = 0x5DEECE66DL;

    private ModelRun() {
    }

    /** Creates a backend for a context; the kit's factory, as the model run sees it. */
    interface Factory {
        PersistenceBackend create(TckContext context);
    }

    /** A sequence to run: its seed, the retention policy drawn from it, and its operations. */
    record Scenario(long seed, RetentionPolicy policy, List<Op> ops) {
        Scenario withOps(List<Op> fewer) {
            return new Scenario(seed, policy, List.copyOf(fewer));
        }
    }

    /**
     * Where and how a sequence failed: after operation {@code index} (-1 when the backend was
     * created, {@code ops.size()} in the checks after the last operation), the clause it broke,
     * and what was seen.
     */
    record Failure(int index, String clause, String detail, Throwable cause) {
    }

    /** The result of shrinking: the shortest failing scenario found and its failure. */
    record Shrunk(Scenario scenario, Failure failure, int replays, boolean reproduced) {
    }

    // ---------------------------------------------------------------- generation

    /** The length of the short sequence of {@code seed}: 20 to 60 operations. */
    static int shortLength(long seed) {
        return SHORT_MIN + (int) Math.floorMod(mix(seed ^ LENGTH_SALT), (long) SHORT_SPAN);
    }

    /** The first {@code length} operations of the sequence of {@code seed}, for a backend with {@code capabilities}. */
    static Scenario generate(long seed, int length, Set<Capability> capabilities) {
        Generator generator = new Generator(seed, capabilities);
        List<Op> ops = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            ops.add(generator.next());
        }
        return new Scenario(seed, generator.policy, List.copyOf(ops));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Draws operations; every choice depends only on the seed and the operations drawn before. */
    private static final class Generator {
        private static final String[] WIDE = {"é", "π", "Ж", "💥"};

        private final SplittableRandom random;
        private final Set<Capability> capabilities;
        final RetentionPolicy policy;
        private final int backwardsPercent;
        private final LogKind hot;
        private final int closeAt;
        private final Map<LogKind, List<PersistenceRecord>> appended = new EnumMap<>(LogKind.class);
        private final List<PersistenceRecord> all = new ArrayList<>();
        private long lastNanos;
        private long clockNanos;
        private int nextSeq;
        private int index;

        Generator(long seed, Set<Capability> capabilities) {
            this.random = new SplittableRandom(seed);
            this.capabilities = capabilities;
            this.policy = policy(random, capabilities);
            int profile = random.nextInt(100);
            this.backwardsPercent = profile < 40 ? 0 : profile < 70 ? 3 : 20;
            this.hot = LogKind.values()[random.nextInt(3)];
            int close = random.nextInt(100);
            this.closeAt = close < 25 ? 5 + random.nextInt(56) : close < 40 ? 60 + random.nextInt(LONG_LENGTH) : -1;
            for (LogKind log : LogKind.values()) {
                appended.put(log, new ArrayList<>());
            }
        }

        private static RetentionPolicy policy(SplittableRandom random, Set<Capability> capabilities) {
            int shape = random.nextInt(100);
            long maxRecords = random.nextInt(100) < 70 ? 1 + random.nextInt(6) : 7 + random.nextInt(200);
            Duration maxAge = Duration.ofMillis(500 + random.nextInt(60_000));
            long maxBytes = 40 + random.nextInt(600);
            int pair = random.nextInt(3);
            boolean count = shape >= 15 && shape < 35 || shape >= 75 && shape < 90 && pair != 0 || shape >= 90;
            boolean age = shape >= 35 && shape < 55 || shape >= 75 && shape < 90 && pair != 1 || shape >= 90;
            boolean size = shape >= 55 && shape < 75 || shape >= 75 && shape < 90 && pair != 2 || shape >= 90;
            RetentionPolicy policy = RetentionPolicy.none();
            if (count && capabilities.contains(Capability.RETENTION_MAX_RECORDS)) {
                policy = policy.withMaxRecords(maxRecords);
            }
            if (age && capabilities.contains(Capability.RETENTION_MAX_AGE)) {
                policy = policy.withMaxAge(maxAge);
            }
            if (size && capabilities.contains(Capability.RETENTION_MAX_TOTAL_BYTES)) {
                policy = policy.withMaxTotalBytes(maxBytes);
            }
            return policy;
        }

        Op next() {
            int i = index++;
            if (i == closeAt) {
                return new Op.Close();
            }
            int r = random.nextInt(1000);
            if (closeAt >= 0 && i > closeAt && r < 20) {
                return new Op.Close();
            }
            if (r < 440) {
                return append();
            }
            if (r < 730) {
                return read();
            }
            if (r < 810) {
                return advance();
            }
            if (r < 840) {
                return setClock();
            }
            if (r < 880 && capabilities.contains(Capability.COMPACTION)) {
                return new Op.Compact();
            }
            if (r >= 880 && r < 895 && capabilities.contains(Capability.SCAN)) {
                return new Op.Scan();
            }
            if (r >= 895 && r < 910 && capabilities.contains(Capability.RECOVERY)) {
                return new Op.Recover(RecoveryMode.values()[random.nextInt(RecoveryMode.values().length)]);
            }
            if (r >= 910 && r < 940) {
                return new Op.Reset();
            }
            return read();
        }

        private LogKind log() {
            return random.nextBoolean() ? hot : LogKind.values()[random.nextInt(3)];
        }

        private Op append() {
            LogKind log = log();
            List<PersistenceRecord> earlier = appended.get(log);
            if (!earlier.isEmpty() && random.nextInt(100) < 5) {
                return new Op.Append(log, earlier.get(random.nextInt(earlier.size()))); // an equal record again
            }
            int m = random.nextInt(100);
            long nanos;
            if (m < backwardsPercent) {
                nanos = lastNanos - millis(1 + random.nextInt(5000));
            } else if (m < backwardsPercent + 20) {
                nanos = lastNanos;
            } else if (m < backwardsPercent + 35) {
                nanos = backwardsPercent == 0 ? Math.max(lastNanos, clockNanos) : clockNanos;
            } else {
                nanos = lastNanos + millis(1 + random.nextInt(3000)) + (random.nextInt(10) == 0 ? 1 : 0);
            }
            lastNanos = nanos;
            int seq = nextSeq++;
            PersistenceRecord record = log.record("tck-" + seq, seq, Op.ORIGIN.plusNanos(nanos), padding());
            earlier.add(record);
            all.add(record);
            return new Op.Append(log, record);
        }

        private String padding() {
            int p = random.nextInt(100);
            if (p < 55) {
                return "";
            }
            if (p < 90) {
                return "x".repeat(1 + random.nextInt(40));
            }
            return WIDE[random.nextInt(WIDE.length)].repeat(1 + random.nextInt(8));
        }

        private Op read() {
            LogKind log = log();
            List<PersistenceRecord> earlier = appended.get(log);
            Query query = Query.all();
            int s = random.nextInt(100);
            if (s < 35 && !earlier.isEmpty()) {
                query = Query.since(earlier.get(random.nextInt(earlier.size())).timestamp());
            } else if (s < 45 && !earlier.isEmpty()) {
                Instant t = earlier.get(random.nextInt(earlier.size())).timestamp();
                query = Query.since(random.nextBoolean() ? t.plusNanos(1) : t.minusNanos(1));
            } else if (s < 65) {
                query = Query.since(Op.ORIGIN.plusNanos(lastNanos + millis(random.nextInt(20_000) - 15_000)));
            }
            int l = random.nextInt(100);
            if (l >= 40) {
                int n = earlier.size();
                int[] limits = {0, 1, 2, 3, random.nextInt(n + 3), Math.max(0, n - 1), Integer.MAX_VALUE};
                query = query.withLimit(limits[random.nextInt(limits.length)]);
            }
            return new Op.Read(log, query);
        }

        private Op advance() {
            long nanos = random.nextInt(100) < 15 ? 0 : millis(random.nextInt(20_000)) + (random.nextInt(10) == 0 ? 1 : 0);
            clockNanos += nanos;
            return new Op.Advance(Duration.ofNanos(nanos));
        }

        private Op setClock() {
            long nanos;
            if (policy.hasMaxAge() && !all.isEmpty() && random.nextInt(100) < 60) {
                // Put a record exactly at the age cutoff, or one nanosecond either side of it.
                Instant t = all.get(random.nextInt(all.size())).timestamp().plus(Objects.requireNonNull(policy.maxAge()));
                nanos = Duration.between(Op.ORIGIN, t).toNanos() + random.nextInt(3) - 1;
            } else {
                nanos = clockNanos + millis(random.nextInt(60_000) - 30_000);
            }
            clockNanos = nanos;
            return new Op.SetClock(Op.ORIGIN.plusNanos(nanos));
        }

        private static long millis(long millis) {
            return millis * 1_000_000L;
        }
    }

    // ---------------------------------------------------------------- running

    /** Runs {@code scenario} against a fresh backend and a fresh model; null if they agree throughout. */
    static Failure replay(Scenario scenario, Factory factory) {
        ManualClock clock = new ManualClock(Op.ORIGIN);
        PersistenceBackend backend;
        try {
            backend = factory.create(TckContext.of(clock, scenario.policy()));
        } catch (RuntimeException e) {
            return new Failure(-1, "capabilities: a backend accepts every retention bound whose capability it declares",
                    "createBackend threw for " + scenario.policy() + ": " + e, e);
        }
        if (backend == null) {
            return new Failure(-1, "factory: createBackend must return a backend, not null", "", null);
        }
        Failure failure = new Runner(scenario, backend, clock).run();
        try {
            backend.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = new Failure(scenario.ops().size(), "close: close() never throws, also when called again",
                        "the final close() threw " + e, e);
            }
        }
        return failure;
    }

    /** A mismatch between the backend and the model, found while running one step. */
    private static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;
        final String clause;

        Mismatch(String clause, String detail, Throwable cause) {
            super(detail, cause);
            this.clause = clause;
        }
    }

    /** Runs one scenario against one backend. */
    private static final class Runner {
        private final Scenario scenario;
        private final PersistenceBackend backend;
        private final ManualClock clock;
        private final ReferenceModel model;
        private final List<Read> reads = new ArrayList<>();
        private long lastBytes;

        /** A list a read returned, what it had to be, and at which step. */
        private record Read(int index, List<? extends PersistenceRecord> actual, List<PersistenceRecord> expected) {
        }

        Runner(Scenario scenario, PersistenceBackend backend, ManualClock clock) {
            this.scenario = scenario;
            this.backend = backend;
            this.clock = clock;
            this.model = new ReferenceModel(scenario.policy());
        }

        Failure run() {
            List<Op> ops = scenario.ops();
            int index = -1;
            try {
                RetentionPolicy reported = backend.retention();
                if (!scenario.policy().equals(reported)) {
                    throw new Mismatch("factory: retention() is the configured policy",
                            "configured " + scenario.policy() + ", retention() returned " + reported, null);
                }
                checkMetrics(null);
                for (index = 0; index < ops.size(); index++) {
                    Op op = ops.get(index);
                    step(index, op);
                    checkMetrics(op);
                    checkClosed();
                }
                index = ops.size();
                finalChecks();
                return null;
            } catch (Mismatch mismatch) {
                return new Failure(index, mismatch.clause, mismatch.getMessage(), mismatch.getCause());
            } catch (RuntimeException | AssertionError | LinkageError unexpected) {
                return new Failure(index, "model: the backend does not throw while it is used within the contract",
                        "unexpected " + unexpected, unexpected);
            }
        }

        private void step(int index, Op op) throws Mismatch {
            if (op instanceof Op.Append append) {
                try {
                    append.log().append(backend, append.record());
                } catch (RuntimeException e) {
                    throw new Mismatch(model.closed ? "close: an append after close is dropped, not thrown"
                            : "append/read: an append never throws on a healthy backend", "the append threw " + e, e);
                }
                model.append(append.log(), append.record());
            } else if (op instanceof Op.Read read) {
                read(index, read);
            } else if (op instanceof Op.Advance advance) {
                clock.advance(advance.amount());
            } else if (op instanceof Op.SetClock set) {
                clock.set(set.instant());
            } else if (op instanceof Op.Compact) {
                compact();
            } else if (op instanceof Op.Scan) {
                scan();
            } else if (op instanceof Op.Recover recover) {
                recover(recover.mode());
            } else if (op instanceof Op.Reset) {
                try {
                    backend.metrics().reset();
                } catch (RuntimeException e) {
                    throw new Mismatch("metrics: reset() never throws", "reset() threw " + e, e);
                }
                model.resetCounters();
            } else if (op instanceof Op.Close) {
                try {
                    backend.close();
                } catch (RuntimeException e) {
                    throw new Mismatch("close: close() never throws, also when called again", "close() threw " + e, e);
                }
                model.closed = true;
            } else {
                throw new IllegalStateException("TCK bug: unknown operation " + op);
            }
        }

        private void read(int index, Op.Read read) throws Mismatch {
            Instant now = clock.now();
            List<PersistenceRecord> expected = model.read(read.log(), read.query(), now);
            List<? extends PersistenceRecord> actual;
            try {
                actual = read.log().read(backend, read.query());
            } catch (RuntimeException e) {
                throw new Mismatch("read: a read never throws", "reading " + read.log() + " threw " + e, e);
            }
            String clause = "model: a read of " + read.log() + " agrees with the reference model: retention on the "
                    + "injected clock (age, then count, then size, for each log on its own), then since (inclusive), "
                    + "then limit (the most recent N), in insertion order";
            if (actual == null) {
                throw new Mismatch(clause, "the read returned null", null);
            }
            if (!expected.equals(actual)) {
                throw new Mismatch(clause, "at clock " + Op.offset(now) + " with " + scenario.policy() + ": "
                        + difference(expected, actual) + "\n      what the model retains before since and limit: "
                        + list(model.retained(read.log(), now)), null);
            }
            reads.add(new Read(index, actual, expected));
        }

        private void compact() throws Mismatch {
            Instant now = clock.now();
            CompactionReport report;
            try {
                report = backend.compact();
            } catch (RuntimeException e) {
                throw new Mismatch("compaction: compact() works when COMPACTION is declared", "compact() threw " + e, e);
            }
            long[] expected = model.compact(now);
            if (report == null || report.recordsBefore() != expected[0] || report.recordsAfter() != expected[1]) {
                throw new Mismatch("compaction: removes exactly what retention hides at this instant and reports the "
                        + "records stored before and after, the three logs together",
                        "at clock " + Op.offset(now) + " with " + scenario.policy() + ": expected " + expected[0]
                                + " before and " + expected[1] + " after, the report was " + report, null);
            }
        }

        private void scan() throws Mismatch {
            ScanReport report;
            try {
                report = backend.scan();
            } catch (RuntimeException e) {
                throw new Mismatch("scan: scan() works when SCAN is declared", "scan() threw " + e, e);
            }
            model.scans++;
            if (report == null || !report.isClean()) {
                throw new Mismatch("scan: a healthy backend scans clean", "the report was " + report, null);
            }
        }

        private void recover(RecoveryMode mode) throws Mismatch {
            RecoveryReport report;
            try {
                report = backend.recover(RecoveryConfig.of(mode));
            } catch (RuntimeException e) {
                throw new Mismatch("recovery: recover() works when RECOVERY is declared", "recover(" + mode + ") threw " + e, e);
            }
            model.recoveries++;
            if (report == null || report.mode() != mode || report.scan() == null || !report.scan().isClean()) {
                throw new Mismatch("recovery: a healthy backend's recovery reports its mode and a clean scan",
                        "recover(" + mode + ") reported " + report, null);
            }
        }

        private void checkMetrics(Op op) throws Mismatch {
            String clause = "metrics: every snapshot agrees with the model (records_written, records_dropped, scans, "
                    + "recoveries and compactions since the last reset; no anomaly, no error; bytes_written never "
                    + "negative, never decreasing between resets, unchanged by a dropped append)";
            MetricsSnapshot s;
            try {
                PersistenceMetrics metrics = backend.metrics();
                if (metrics == null) {
                    throw new Mismatch(clause, "metrics() returned null", null);
                }
                s = metrics.snapshot();
            } catch (RuntimeException e) {
                throw new Mismatch("metrics: snapshot() never throws", "metrics().snapshot() threw " + e, e);
            }
            if (s == null) {
                throw new Mismatch(clause, "snapshot() returned null", null);
            }
            List<String> wrong = new ArrayList<>();
            compare(wrong, "records_written", model.written, s.recordsWritten());
            compare(wrong, "records_dropped", model.dropped, s.recordsDropped());
            compare(wrong, "scans", model.scans, s.scans());
            compare(wrong, "recoveries", model.recoveries, s.recoveries());
            compare(wrong, "compactions", model.compactions, s.compactions());
            compare(wrong, "anomalies_detected", 0, s.anomaliesDetected());
            compare(wrong, "write_errors", 0, s.writeErrors());
            compare(wrong, "scan_errors", 0, s.scanErrors());
            compare(wrong, "recovery_errors", 0, s.recoveryErrors());
            compare(wrong, "compaction_errors", 0, s.compactionErrors());
            if (op instanceof Op.Reset) {
                compare(wrong, "bytes_written right after reset()", 0, s.bytesWritten());
            } else if (s.bytesWritten() < lastBytes) {
                wrong.add("bytes_written went down from " + lastBytes + " to " + s.bytesWritten() + " without a reset");
            } else if (op instanceof Op.Append && model.closed && s.bytesWritten() != lastBytes) {
                wrong.add("bytes_written changed from " + lastBytes + " to " + s.bytesWritten() + " on a dropped append");
            }
            if (!wrong.isEmpty()) {
                throw new Mismatch(clause, (op == null ? "a new backend: " : "after " + op.describe() + ": ")
                        + String.join("; ", wrong), null);
            }
            lastBytes = s.bytesWritten();
        }

        private static void compare(List<String> wrong, String counter, long expected, long actual) {
            if (expected != actual) {
                wrong.add(counter + " expected " + expected + " but was " + actual);
            }
        }

        private void checkClosed() throws Mismatch {
            boolean closed;
            try {
                closed = backend.isClosed();
            } catch (RuntimeException e) {
                throw new Mismatch("close: isClosed() never throws", "isClosed() threw " + e, e);
            }
            if (closed != model.closed) {
                throw new Mismatch("close: isClosed() is false until close() and true after",
                        "isClosed() returned " + closed, null);
            }
        }

        private void finalChecks() throws Mismatch {
            for (LogKind log : LogKind.values()) {
                read(scenario.ops().size(), new Op.Read(log, Query.all()));
            }
            for (Read read : reads) {
                boolean unchanged;
                try {
                    unchanged = read.expected().equals(read.actual());
                } catch (RuntimeException e) {
                    throw new Mismatch("read: a returned list is a snapshot that later operations do not change",
                            "the list returned at step " + (read.index() + 1) + " threw " + e, e);
                }
                if (!unchanged) {
                    throw new Mismatch("read: a returned list is a snapshot that later operations do not change",
                            "the list returned at step " + (read.index() + 1) + " ("
                                    + scenario.ops().get(read.index()).describe() + ") changed: "
                                    + difference(read.expected(), read.actual()), null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- shrinking

    /**
     * Shrinks {@code failure} of {@code original}: drops the operations after the failing one, then
     * removes chunks of operations by delta debugging (halves, quarters, ... single operations) while
     * the replay still fails the same clause. Stops after {@code maxReplays} replays or at
     * {@code deadlineNanos} ({@link System#nanoTime()}), keeping the shortest failure found.
     */
    static Shrunk shrink(Scenario original, Failure failure, Factory factory, int maxReplays, long deadlineNanos) {
        int replays = 0;
        Scenario current = truncate(original, failure);
        Failure currentFailure = replay(current, factory);
        replays++;
        if (!sameClause(currentFailure, failure)) {
            Failure again = replay(original, factory);
            replays++;
            if (!sameClause(again, failure)) {
                return new Shrunk(original, failure, replays, false);
            }
            current = original;
            currentFailure = again;
        }
        int n = 2;
        while (current.ops().size() >= 1 && replays < maxReplays && System.nanoTime() < deadlineNanos) {
            List<Op> ops = current.ops();
            int size = ops.size();
            int chunk = Math.max(1, (size + n - 1) / n);
            boolean reduced = false;
            for (int start = 0; start < size && !reduced; start += chunk) {
                if (replays >= maxReplays || System.nanoTime() >= deadlineNanos) {
                    break;
                }
                List<Op> candidate = new ArrayList<>(ops.subList(0, start));
                candidate.addAll(ops.subList(Math.min(size, start + chunk), size));
                Scenario smaller = current.withOps(candidate);
                Failure f = replay(smaller, factory);
                replays++;
                if (sameClause(f, failure)) {
                    current = truncate(smaller, f);
                    currentFailure = f;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (chunk == 1) {
                    break;
                }
                n = Math.min(size, n * 2);
            }
        }
        return new Shrunk(current, currentFailure, replays, true);
    }

    private static Scenario truncate(Scenario scenario, Failure failure) {
        int keep = Math.min(scenario.ops().size(), failure.index() + 1);
        return keep == scenario.ops().size() ? scenario : scenario.withOps(scenario.ops().subList(0, keep));
    }

    private static boolean sameClause(Failure candidate, Failure original) {
        return candidate != null && candidate.clause().equals(original.clause());
    }

    // ---------------------------------------------------------------- describing

    /** Where two lists of records first differ, with both lists (long ones abridged). */
    static String difference(List<? extends PersistenceRecord> expected, List<? extends PersistenceRecord> actual) {
        int first = 0;
        while (first < expected.size() && first < actual.size() && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        return "expected " + expected.size() + " records but was " + actual.size() + ", first difference at index "
                + first + "\n      expected: " + list(expected) + "\n      but was:  " + list(actual);
    }

    /** A list of records, abridged to its first and last few when long. */
    static String list(List<? extends PersistenceRecord> records) {
        int max = 12;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.size() > max && i == max / 2) {
                parts.add("... " + (records.size() - max) + " more ...");
                i = records.size() - max / 2;
            }
            parts.add(Op.describe(records.get(i)));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
