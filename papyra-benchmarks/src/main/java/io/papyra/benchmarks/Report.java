package io.papyra.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns a run's results into the comparison table (Markdown) and a bar chart of the speedups (SVG).
 *
 * <p><b>Speedup</b> is how many times faster a benchmark is than its baseline, whatever the mode:
 * baseline time / benchmark time for time-per-operation modes, benchmark rate / baseline rate for
 * throughput. Above 1 is faster; 0.5 is twice the baseline's cost. Its error propagates the two
 * scores' relative errors (JMH's 99.9% intervals): {@code s * sqrt((e1/x1)^2 + (e2/x2)^2)}.
 */
final class Report {

    private static final String PACKAGE = Suite.class.getPackageName() + ".";
    /** Where benchmarks of the memory backend's package-private parts live (MergeBenchmark). */
    static final String MEMORY_PACKAGE = "io.papyra.persistence.memory.";

    /**
     * One measured figure: a benchmark's primary result, or one thread's rate in a group.
     *
     * @param label  {@code Class.method}, or {@code Class.group:method} for one thread of a group
     * @param params the JMH parameters, in declaration order
     * @param rate   true when the score is a rate (throughput), false when it is a time per operation
     * @param allocPerOp bytes allocated per operation ({@code gc.alloc.rate.norm}), NaN when unknown
     */
    record Row(String label, Map<String, String> params, double score, double error, String unit, boolean rate,
               double allocPerOp) {

        String paramText() {
            StringBuilder text = new StringBuilder();
            params.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ").append(k).append('=').append(v));
            return text.toString();
        }
    }

    /**
     * A benchmark measured against its baseline.
     *
     * @param speedup how many times faster than the baseline (see the class comment)
     */
    record Line(Row row, Row baseline, double speedup, double speedupError, Baselines.Comparison comparison) {

        String verdict() {
            double goal = comparison.goal();
            if (Double.isNaN(goal)) {
                return "";
            }
            if (Double.isNaN(speedupError)) {
                return speedup >= goal ? "met?" : "MISSED?"; // one sample: no interval to judge by
            }
            if (speedup - speedupError >= goal) {
                return "met";
            }
            return speedup + speedupError < goal ? "MISSED" : "within error";
        }
    }

    private Report() {
    }

    /** Extracts the rows of a run: each primary result, and each thread's rate of a group. */
    static List<Row> rows(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String label = params.getBenchmark().replace(PACKAGE, "").replace(MEMORY_PACKAGE, "");
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : params.getParamsKeys()) {
                values.put(key, params.getParam(key));
            }
            boolean rate = params.getMode() == Mode.Throughput;
            Map<String, ?> secondary = result.getSecondaryResults(); // raw Result in JMH's API
            double alloc = secondary.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> ((Result<?>) e.getValue()).getScore()).findFirst().orElse(Double.NaN);
            rows.add(row(label, values, result.getPrimaryResult(), rate, alloc));
            if (params.getThreadGroupLabels().size() > 1) {
                for (String method : params.getThreadGroupLabels()) {
                    Result<?> perThread = (Result<?>) secondary.get(method);
                    if (perThread != null) {
                        rows.add(row(label + ":" + method, values, perThread, rate, Double.NaN));
                    }
                }
            }
        }
        return rows;
    }

    private static Row row(String label, Map<String, String> params, Result<?> result, boolean rate, double alloc) {
        return new Row(label, params, result.getScore(), result.getScoreError(), result.getScoreUnit(), rate, alloc);
    }

    /** Pairs every row with each of its baselines; a row without one gets a line with a null baseline. */
    static List<Line> lines(List<Row> rows) {
        List<Line> lines = new ArrayList<>();
        for (Row row : rows) {
            boolean compared = false;
            for (Baselines.Comparison comparison : Baselines.COMPARISONS) {
                if (comparison.appliesTo(row.label(), row.params())) {
                    Optional<Row> baseline = find(rows, comparison, row);
                    if (baseline.isPresent()) {
                        lines.add(line(row, baseline.get(), comparison));
                        compared = true;
                    }
                }
            }
            if (!compared) {
                lines.add(new Line(row, null, Double.NaN, Double.NaN, null));
            }
        }
        return lines;
    }

    private static Optional<Row> find(List<Row> rows, Baselines.Comparison comparison, Row row) {
        Map<String, String> wanted = new LinkedHashMap<>(row.params());
        wanted.putAll(Baselines.parse(comparison.baselineParams()));
        return rows.stream()
                .filter(r -> r.label().equals(comparison.baseline()))
                .filter(r -> r.params().entrySet().stream().allMatch(e -> e.getValue().equals(wanted.get(e.getKey()))))
                .findFirst();
    }

    private static Line line(Row row, Row baseline, Baselines.Comparison comparison) {
        if (row.rate() != baseline.rate()) {
            throw new IllegalStateException(row.label() + " and its baseline " + baseline.label()
                    + " are measured in different modes");
        }
        double speedup = row.rate() ? row.score() / baseline.score() : baseline.score() / row.score();
        double error = speedup * Math.hypot(row.error() / row.score(), baseline.error() / baseline.score());
        return new Line(row, baseline, speedup, error, comparison);
    }

    /** The table, in Markdown. */
    static String table(List<Line> lines) {
        StringBuilder out = new StringBuilder();
        out.append("speedup = how many times FASTER than the baseline (baseline time / time, or rate / baseline rate):"
                + " >1 faster, 0.5 = twice the baseline's cost. Errors are JMH's 99.9% intervals, propagated."
                + " Verdict: met / MISSED when the whole interval is on one side of the goal, else within error;"
                + " a ? when one sample gave no interval.\n\n");
        out.append("| benchmark | params | score ± error | unit | B/op | baseline | baseline score | speedup ± error"
                + " | goal | verdict |\n");
        out.append("|---|---|---:|---|---:|---|---:|---:|---|---|\n");
        for (Line line : lines) {
            Row row = line.row();
            out.append("| ").append(row.label())
                    .append(" | ").append(row.paramText())
                    .append(" | ").append(fmt(row.score())).append(" ± ").append(fmt(row.error()))
                    .append(" | ").append(row.unit())
                    .append(" | ").append(Double.isNaN(row.allocPerOp()) ? "" : fmt(row.allocPerOp()));
            if (line.baseline() == null) {
                out.append(" | | | | | |\n");
                continue;
            }
            Row base = line.baseline();
            String overridden = line.comparison().baselineParams();
            out.append(" | ").append(base.label()).append(overridden.isEmpty() ? "" : " (" + overridden + ")")
                    .append(" | ").append(fmt(base.score())).append(" ± ").append(fmt(base.error()))
                    .append(" | ").append(fmt(line.speedup())).append("x ± ").append(fmt(line.speedupError()))
                    .append(" | ").append(line.comparison().goalName())
                    .append(" | ").append(line.verdict()).append(" |\n");
        }
        return out.toString();
    }

    /** About three significant digits; scientific notation only below 0.001. */
    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs > 0 && abs < 0.001) {
            return String.format(Locale.ROOT, "%.1e", value);
        }
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /**
     * A horizontal bar chart of the speedups, log scale, one bar per comparison: from 1x to the
     * speedup, with its error as a whisker and the goal as a black tick. Green: goal met; red:
     * missed; orange: within error; grey: no goal.
     */
    static String svg(List<Line> lines, String title) {
        List<Line> compared = lines.stream().filter(l -> l.baseline() != null && l.speedup() > 0).toList();
        double lo = 1;
        double hi = 1;
        for (Line line : compared) {
            double err = Double.isNaN(line.speedupError()) ? 0 : line.speedupError();
            lo = Math.min(lo, Math.min(line.speedup(), line.comparison().goal() > 0 ? line.comparison().goal() : 1));
            hi = Math.max(hi, Math.max(line.speedup() + err, line.comparison().goal() > 0 ? line.comparison().goal() : 1));
        }
        double minDecade = Math.floor(Math.log10(lo));
        double maxDecade = Math.ceil(Math.log10(hi));
        if (maxDecade == minDecade) {
            maxDecade++;
        }
        List<String> labels = compared.stream().map(Report::shortLabel).toList();
        int labelWidth = 12 + (int) (6.2 * labels.stream().mapToInt(String::length).max().orElse(10));
        int plotWidth = Math.max(520, 64 * (int) (maxDecade - minDecade));
        int rowHeight = 18;
        int top = 50;
        int height = top + rowHeight * compared.size() + 30;
        int width = labelWidth + plotWidth + 60;
        double min = minDecade;
        double span = maxDecade - minDecade;
        java.util.function.DoubleUnaryOperator x = v ->
                labelWidth + plotWidth * (Math.log10(Math.max(v, Math.pow(10, min))) - min) / span;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\">%s</text>%n", escape(title)));
        svg.append("<text x=\"10\" y=\"34\">speedup over the baseline (log scale; &gt;1 = faster); whisker = error,"
                + " black tick = goal; green met, red missed, orange within error, grey no goal</text>\n");
        for (double d = minDecade; d <= maxDecade; d++) {
            double gx = x.applyAsDouble(Math.pow(10, d));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    gx, top - 5, gx, height - 25, d == 0 ? "#000" : "#ddd"));
            String tick = d < 0 ? String.format(Locale.ROOT, "%." + (int) -d + "f", Math.pow(10, d))
                    : new String[] {"1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G"}[(int) Math.min(d, 9)];
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%sx</text>%n",
                    gx, height - 10, tick));
        }
        int y = top;
        for (int k = 0; k < compared.size(); k++) {
            Line line = compared.get(k);
            String label = labels.get(k);
            String color = switch (line.verdict()) {
                case "met", "met?" -> "#2a9d3a";
                case "MISSED", "MISSED?" -> "#d62728";
                case "within error" -> "#ff9f1c";
                default -> "#999";
            };
            double x1 = x.applyAsDouble(1);
            double x2 = x.applyAsDouble(line.speedup());
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 6, y + 12, escape(label)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                            + "<title>%s: %sx ± %s</title></rect>%n",
                    Math.min(x1, x2), y + 3, Math.max(1, Math.abs(x2 - x1)), rowHeight - 6, color,
                    escape(label), fmt(line.speedup()), fmt(line.speedupError())));
            if (!Double.isNaN(line.speedupError()) && line.speedupError() > 0) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>%n",
                        x.applyAsDouble(line.speedup() - line.speedupError()), y + rowHeight / 2,
                        x.applyAsDouble(line.speedup() + line.speedupError()), y + rowHeight / 2));
            }
            if (line.comparison().goal() > 0) {
                double gx = x.applyAsDouble(line.comparison().goal());
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\""
                        + " stroke-width=\"2\"/>%n", gx, y + 1, gx, y + rowHeight - 1));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%sx</text>%n",
                    Math.max(x1, x2) + 4, y + 12, fmt(line.speedup())));
            y += rowHeight;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** "Read.memoryLatest100 size=1000 retention=none / ReadFloor.copyLast100": class names without "Benchmark". */
    private static String shortLabel(Line line) {
        String params = line.row().paramText();
        String overridden = line.comparison().baselineParams();
        return line.row().label().replace("Benchmark.", ".") + (params.isEmpty() ? "" : " " + params) + " / "
                + line.baseline().label().replace("Benchmark.", ".") + (overridden.isEmpty() ? "" : " (" + overridden + ")");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
