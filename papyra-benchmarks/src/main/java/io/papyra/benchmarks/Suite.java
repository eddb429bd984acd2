package io.papyra.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite, then writes and prints the comparison of every benchmark with its
 * baseline from the same run.
 *
 * <pre>
 * java -cp papyra-benchmarks/target/benchmarks.jar io.papyra.benchmarks.Suite [--smoke|--quick|--full]
 *      [--out DIR] [--include REGEX]... [--no-footprint]
 * </pre>
 *
 * <ul>
 *   <li>{@code --smoke}: proves the jar works in well under a minute: a few benchmarks (one and
 *       two writers, a read, their baselines), one fork, one 200 ms iteration, and the memory
 *       footprint on 100,000 records;</li>
 *   <li>{@code --quick} (the default): every benchmark, one fork, 3 warm-up iterations of 300 ms
 *       and 8 measured ones of 200 ms: a few minutes on 2 cores; errors are wide;</li>
 *   <li>{@code --full}: two forks of 10 one-second iterations after 5 of warm-up: medians with
 *       usable error bars (about half an hour).</li>
 * </ul>
 * {@code --include} replaces the mode's selection of benchmarks (JMH regular expressions).
 * Writes to {@code DIR} (default {@code bench-results/MODE}): {@code jmh-result.json} (JMH's own
 * JSON), {@code table.md}, {@code speedups.svg} and {@code footprint.txt}. Every benchmark runs
 * with JMH's GC profiler, whose {@code gc.alloc.rate.norm} is the table's B/op column. Exits
 * non-zero if a benchmark fails.
 */
public final class Suite {

    private static final List<String> SMOKE = List.of(
            "\\.AppendBenchmark\\.(memoryEvent|synchronizedList|floorChunkedArray)$",
            "\\.ConcurrentAppendBenchmark\\.(memoryEvent|synchronizedList)$",
            "ReadBenchmark\\.memoryLatest100$",
            "ReadFloorBenchmark\\.copyLast100$",
            "\\.MergeBenchmark\\.merge$",
            "\\.ManyWritersBenchmark\\.(platform2|virtual10k)$");

    private Suite() {
    }

    /**
     * Runs the suite.
     *
     * @param args see the class comment
     * @throws Exception if a benchmark fails or a result cannot be written
     */
    public static void main(String[] args) throws Exception {
        String mode = "quick";
        Path out = null;
        List<String> includes = new ArrayList<>();
        boolean footprint = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke", "--quick", "--full" -> mode = args[i].substring(2);
                case "--out" -> out = Path.of(args[++i]);
                case "--include" -> includes.add(args[++i]);
                case "--no-footprint" -> footprint = false;
                default -> {
                    System.err.println("usage: Suite [--smoke|--quick|--full] [--out DIR] [--include REGEX]..."
                            + " [--no-footprint]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = Path.of("bench-results", mode);
        }
        Files.createDirectories(out);
        long start = System.nanoTime();

        Collection<RunResult> results = runBenchmarks(mode, includes, out.resolve("jmh-result.json"));
        List<Report.Line> lines = Report.lines(Report.rows(results));
        String environment = String.format(Locale.ROOT, "mode %s, JDK %s (%s), %d cores, %s %s",
                mode, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        String table = Report.table(lines);
        write(out.resolve("table.md"), "# Papyra persistence benchmarks\n\n" + environment + "\n\n" + table);
        write(out.resolve("speedups.svg"), Report.svg(lines, "Papyra persistence benchmarks: " + environment));

        System.out.println();
        System.out.println(environment);
        System.out.println(table);
        if (footprint) {
            String text = MemoryFootprint.runForked(mode.equals("smoke") ? 100_000 : 10_000_000,
                    mode.equals("smoke") ? 1_000_000 : 20_000_000);
            write(out.resolve("footprint.txt"), text);
            System.out.println(text);
        }
        System.out.printf(Locale.ROOT, "Suite (%s) took %d s; results in %s%n", mode,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), out.toAbsolutePath());
    }

    private static Collection<RunResult> runBenchmarks(String mode, List<String> includes, Path json)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON);
        List<String> selection = includes;
        switch (mode) {
            case "smoke" -> {
                if (selection.isEmpty()) {
                    selection = SMOKE;
                }
                options.forks(1)
                        .warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                        .measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
                        .param("size", "1000")
                        .param("retention", "none")
                        .param("writers", "1", "64");
            }
            // Eight short samples rather than three long ones: JMH's 99.9% interval uses Student's t,
            // which is 31.6 for 3 samples and 5.4 for 8.
            case "quick" -> options.forks(1)
                    .warmupIterations(3).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(8).measurementTime(TimeValue.milliseconds(200));
            case "full" -> options.forks(2)
                    .warmupIterations(5).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(10).measurementTime(TimeValue.seconds(1));
            default -> throw new IllegalArgumentException(mode);
        }
        for (String regex : selection.isEmpty() ? List.of(Suite.class.getPackageName() + "\\..*Benchmark\\..*",
                Report.MEMORY_PACKAGE.replace(".", "\\.") + "MergeBenchmark\\..*") : selection) {
            options.include(regex);
        }
        if (!ManyWritersBenchmark.hasVirtualThreads()) {
            options.exclude("ManyWritersBenchmark\\.virtual"); // JDK 21+ only
        }
        if (selection.isEmpty()) {
            // The JSON codec is measured on its own (see RecordCodecBenchmark); the suite measures the backends.
            options.exclude("\\.RecordCodecBenchmark\\.");
            // The file backend is measured on its own too (disk-bound; see FileAppendBenchmark, FileReadBenchmark).
            options.exclude("\\.File[A-Za-z]*Benchmark\\.");
            // The Redis backend is measured on its own too (see RedisBenchmark): it starts a redis-server.
            options.exclude("\\.RedisBenchmark\\.");
        }
        return new Runner(options.build()).run();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
