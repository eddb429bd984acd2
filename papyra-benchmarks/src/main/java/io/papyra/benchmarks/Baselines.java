package io.papyra.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which result is compared with which, in the same run: for each benchmark (optionally only for
 * some values of its parameters), its baseline and the goal of the performance issue it checks.
 *
 * <p>A baseline is looked up among the results of the same run: the row with the baseline's label
 * whose parameters equal the benchmark's on every key the baseline has, after
 * {@link Comparison#baselineParams overrides}. A benchmark may have several baselines (one row each).
 */
final class Baselines {

    /** No goal: the comparison is shown for information. */
    static final double NONE = Double.NaN;

    /**
     * One comparison.
     *
     * @param benchmark      the compared result's label, {@code Class.method} (or {@code Class.group:method})
     * @param when           parameters the benchmark must have for this comparison, "k=v,k=v" ("" for any)
     * @param baseline       the baseline's label
     * @param baselineParams parameters of the baseline that differ from the benchmark's, "k=v,k=v"
     * @param goal           the least speedup over the baseline that the goal asks, or {@link #NONE}
     * @param goalName       which goal of the issue, for the table
     */
    record Comparison(String benchmark, String when, String baseline, String baselineParams, double goal,
                      String goalName) {

        boolean appliesTo(String label, Map<String, String> params) {
            return benchmark.equals(label) && params.entrySet().containsAll(parse(when).entrySet());
        }
    }

    private static final String SYNC = "AppendBenchmark.synchronizedList";
    private static final String FLOOR = "AppendBenchmark.floorChunkedArray";
    private static final String SYNC2 = "ConcurrentAppendBenchmark.synchronizedList";
    private static final String COPY = "ReadFloorBenchmark.copyLast100";
    private static final String BSEARCH = "ReadFloorBenchmark.binarySearchCopy100";

    static final List<Comparison> COMPARISONS = List.of(
            // Goal 1: one writer, >= 3x synchronizedList and <= 2x the floor's cost.
            c("AppendBenchmark.memoryEvent", SYNC, 3, "1: >=3x sync list"),
            c("AppendBenchmark.memoryEvent", FLOOR, 0.5, "1: <=2x floor cost"),
            c("AppendBenchmark.memoryAudit", SYNC, NONE, ""),
            c("AppendBenchmark.memoryAudit", FLOOR, NONE, ""),
            c("AppendBenchmark.memoryDeadLetter", SYNC, NONE, ""),
            c("AppendBenchmark.memoryDeadLetter", FLOOR, NONE, ""),
            c("AppendBenchmark.arrayList", FLOOR, NONE, ""),
            c(SYNC, FLOOR, NONE, ""),
            c("AppendBenchmark.concurrentLinkedQueue", FLOOR, NONE, ""),
            c("AppendBenchmark.atomicLong", FLOOR, NONE, ""),
            // Goal 2: two writers, total >= 2x synchronizedList on the same two threads.
            c("ConcurrentAppendBenchmark.memoryEvent", SYNC2, 2, "2: >=2x sync list"),
            c("ConcurrentAppendBenchmark.memoryAudit", SYNC2, 2, "2: >=2x sync list"),
            c("ConcurrentAppendBenchmark.memoryDeadLetter", SYNC2, 2, "2: >=2x sync list"),
            c("ConcurrentAppendBenchmark.concurrentLinkedQueue", SYNC2, NONE, ""),
            c("ConcurrentAppendBenchmark.atomicLong", SYNC2, NONE, ""),
            // Goal 2: one writer with one reader, writer >= 3x the synchronizedList writer.
            c("WriterReaderBenchmark.memory:memoryWriter", "",
                    "WriterReaderBenchmark.synchronizedList:synchronizedListWriter", "", 3, "2: writer >=3x"),
            c("WriterReaderBenchmark.memory:memoryReader", "",
                    "WriterReaderBenchmark.synchronizedList:synchronizedListReader", "", NONE, ""),
            // Goal 4: latest 100 <= 3x a plain copy; 1M <= 1.5x 1,000; >= 10,000x the naive filter at 1M.
            c("ReadBenchmark.memoryLatest100", "retention=none", COPY, "", 1 / 3.0, "4: <=3x copy"),
            c("ReadBenchmark.memoryLatest100", "retention=maxRecords", COPY, "", NONE, ""),
            c("ReadBenchmark.memoryLatest100", "retention=maxAge", COPY, "", NONE, ""),
            c("ReadBenchmark.memoryLatest100", "retention=maxBytes", COPY, "", NONE, ""),
            c("ReadBenchmark.memoryLatest100", "retention=all", COPY, "", 1 / 5.0, "4: all bounds <=5x"),
            c("ReadBenchmark.memoryLatest100", "size=1000000,retention=none",
                    "ReadBenchmark.memoryLatest100", "size=1000", 1 / 1.5, "4: 1M <=1.5x 1k"),
            c("ReadBenchmark.memoryLatest100", "size=1000000,retention=none",
                    "ReadFloorBenchmark.naiveLatest100", "", 10_000, "4: >=10000x naive"),
            // Goal 4: since(100 records) <= 3x binary search + copy; O(log n + k); vs naive.
            c("ReadBenchmark.memorySince100", "retention=none", BSEARCH, "", 1 / 3.0, "4: <=3x bsearch"),
            c("ReadBenchmark.memorySince100", "retention=maxRecords", BSEARCH, "", NONE, ""),
            c("ReadBenchmark.memorySince100", "retention=maxAge", BSEARCH, "", NONE, ""),
            c("ReadBenchmark.memorySince100", "retention=maxBytes", BSEARCH, "", NONE, ""),
            c("ReadBenchmark.memorySince100", "retention=all", BSEARCH, "", 1 / 5.0, "4: all bounds <=5x"),
            c("ReadBenchmark.memorySince100", "size=1000000,retention=none",
                    "ReadBenchmark.memorySince100", "size=1000", NONE, ""),
            c("ReadBenchmark.memorySince100", "size=1000000,retention=none",
                    "ReadFloorBenchmark.naiveSince100", "", 10_000, "4: >=10000x naive"),
            c("ReadFloorBenchmark.binarySearchCopy100", "", COPY, "", NONE, ""),
            // Compaction: no goal, its floor for scale.
            c("CompactBenchmark.memoryCompact", "", "CompactBenchmark.floorCopyTail", "", NONE, ""),
            c("CompactBenchmark.memoryCompactAfterRead", "", "CompactBenchmark.floorCopyTail", "", NONE, ""),
            // Issue 8: the merge of 64 interleaved writers costs at most 2x per record what one writer's does.
            c("MergeBenchmark.merge", "writers=64", "MergeBenchmark.merge", "writers=1", 0.5, "8: 64 writers <=2x 1"),
            c("MergeBenchmark.merge", "writers=16", "MergeBenchmark.merge", "writers=1", NONE, ""),
            c("MergeBenchmark.merge", "writers=2", "MergeBenchmark.merge", "writers=1", NONE, ""),
            // Issue 8: 10,000 short-lived writers take at most 2x the time of 2 platform threads, same total.
            c("ManyWritersBenchmark.virtual10k", "", "ManyWritersBenchmark.platform2", "", 0.5, "8: <=2x 2 threads"),
            c("ManyWritersBenchmark.platform10k", "", "ManyWritersBenchmark.platform2", "", 0.5, "8: <=2x 2 threads"),
            // The threads alone, for scale: how much of the time above is starting them.
            c("ManyWritersBenchmark.virtual10k", "", "ManyWritersBenchmark.virtual10kNoAppend", "", NONE, ""),
            c("ManyWritersBenchmark.platform10k", "", "ManyWritersBenchmark.platform10kNoAppend", "", NONE, ""));

    private Baselines() {
    }

    private static Comparison c(String benchmark, String baseline, double goal, String goalName) {
        return new Comparison(benchmark, "", baseline, "", goal, goalName);
    }

    private static Comparison c(String benchmark, String when, String baseline, String baselineParams,
                                double goal, String goalName) {
        return new Comparison(benchmark, when, baseline, baselineParams, goal, goalName);
    }

    /** Parses "k=v,k=v" ("" is empty) into an ordered map. */
    static Map<String, String> parse(String params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : params.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }
}
