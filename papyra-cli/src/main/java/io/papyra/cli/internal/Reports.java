package io.papyra.cli.internal;

import io.papyra.persistence.Anomaly;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.StartupCheckReport;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs maintenance operations with the CLI's error mapping, and renders their reports as text or as
 * JSON objects (maps of JSON-like values, written by {@link io.papyra.persistence.JsonValues}).
 */
final class Reports {

    private Reports() {
    }

    /** Runs {@code operation} of {@code backend}, needing {@code capability}; maps failures to exit codes. */
    static <T> T run(PersistenceBackend backend, String operation, Capability capability, Supplier<T> action) {
        if (capability != null && !backend.capabilities().contains(capability)) {
            throw new CliException(ExitCode.UNSUPPORTED, "backend '" + backend.name() + "' does not support " + operation
                    + " (its capabilities: " + backend.capabilities() + ")");
        }
        try {
            return action.get();
        } catch (UnsupportedOperationException e) {
            throw new CliException(ExitCode.UNSUPPORTED, "backend '" + backend.name() + "' does not support " + operation
                    + ": " + Cli.oneLine(e), e);
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "backend '" + backend.name() + "' failed during " + operation
                    + ": " + Cli.oneLine(e) + "; check that its store is reachable, then run again", e);
        }
    }

    static Map<String, Object> json(ScanReport scan) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backend", scan.backend());
        map.put("clean", scan.isClean());
        List<Object> anomalies = new ArrayList<>();
        for (Anomaly anomaly : scan.anomalies()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", anomaly.type().name());
            a.put("location", anomaly.location());
            a.put("detail", anomaly.detail());
            anomalies.add(a);
        }
        map.put("anomalies", anomalies);
        return map;
    }

    static Map<String, Object> json(RecoveryReport recovery) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backend", recovery.backend());
        map.put("mode", Values.name(recovery.mode()));
        map.put("scan", json(recovery.scan()));
        map.put("repaired", List.copyOf(recovery.repaired()));
        map.put("quarantined", List.copyOf(recovery.quarantined()));
        return map;
    }

    static Map<String, Object> json(CompactionReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backend", report.backend());
        map.put("records_before", report.recordsBefore());
        map.put("records_after", report.recordsAfter());
        map.put("removed_records", report.removedRecords());
        map.put("bytes_before", report.bytesBefore());
        map.put("bytes_after", report.bytesAfter());
        map.put("reclaimed_bytes", report.reclaimedBytes());
        return map;
    }

    static Map<String, Object> json(StartupCheckReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backend", report.backend());
        map.put("mode", Values.name(report.mode()));
        map.put("clean", report.isClean());
        map.put("scan", report.scan() == null ? null : json(report.scan()));
        map.put("recovery", report.recovery() == null ? null : json(report.recovery()));
        map.put("rescan", report.rescan() == null ? null : json(report.rescan()));
        return map;
    }

    static Map<String, Object> json(PersistenceBackend backend, MetricsSnapshot metrics) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backend", backend.name());
        List<Object> capabilities = new ArrayList<>();
        for (Capability capability : backend.capabilities()) {
            capabilities.add(capability.name());
        }
        capabilities.sort(null);
        map.put("capabilities", capabilities);
        map.put("metrics", new LinkedHashMap<String, Object>(metrics.asMap()));
        return map;
    }

    static void print(PrintWriter out, String label, ScanReport scan) {
        if (scan.isClean()) {
            out.println(label + "clean");
            return;
        }
        out.println(label + scan.anomalies().size() + (scan.anomalies().size() == 1 ? " anomaly" : " anomalies"));
        List<List<String>> rows = new ArrayList<>();
        for (Anomaly anomaly : scan.anomalies()) {
            rows.add(List.of(anomaly.type().name(), anomaly.location(), anomaly.detail()));
        }
        String indent = label.substring(0, label.length() - label.stripLeading().length());
        Table.print(out, indent + "  ", null, rows);
    }

    static void print(PrintWriter out, RecoveryReport recovery) {
        out.println("recovery (" + Values.name(recovery.mode()) + ")");
        print(out, "  found: ", recovery.scan());
        out.println("  repaired: " + (recovery.repaired().isEmpty() ? "nothing" : String.join(", ", recovery.repaired())));
        out.println("  quarantined: " + (recovery.quarantined().isEmpty() ? "nothing"
                : String.join(", ", recovery.quarantined())));
    }

    static void print(PrintWriter out, CompactionReport report) {
        out.println("backend " + report.backend() + ": compacted");
        out.println("  records: " + report.recordsBefore() + " -> " + report.recordsAfter() + " ("
                + report.removedRecords() + " removed)");
        out.println("  bytes:   " + (report.bytesBefore() == null ? "unknown" : report.bytesBefore() + " -> "
                + report.bytesAfter() + " (" + report.reclaimedBytes() + " reclaimed)"));
    }
}
