package io.papyra.cli.internal;

import io.papyra.cli.internal.Values.ReportFormat;
import io.papyra.persistence.Capability;
import io.papyra.persistence.CompactionReport;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.RecoveryConfig;
import io.papyra.persistence.RecoveryMode;
import io.papyra.persistence.RecoveryReport;
import io.papyra.persistence.ScanReport;
import io.papyra.persistence.StartupCheckException;
import io.papyra.persistence.StartupCheckMode;
import io.papyra.persistence.StartupCheckReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code papyra scan|recover|compact|startup-check|doctor}: check and repair the stored data. */
final class MaintenanceCommands {

    private MaintenanceCommands() {
    }

    /** What every maintenance command has: the backend and the report format. */
    abstract static class MaintenanceCommand implements Callable<Integer> {
        final Environment env;

        @Mixin
        BackendOptions backend;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                converter = Values.ReportFormatConverter.class, completionCandidates = Values.ReportFormats.class,
                description = "table (default, for people) or json (one object, for scripts).")
        ReportFormat format;

        MaintenanceCommand(Environment env) {
            this.env = env;
        }

        boolean json() {
            return format == ReportFormat.JSON;
        }

        PrintWriter out() {
            return env.out();
        }

        static RecoveryConfig recovery(RecoveryMode mode, String quarantine) {
            if (quarantine != null && mode != RecoveryMode.QUARANTINE) {
                throw new CliException(ExitCode.USAGE, "--quarantine applies only with recovery mode quarantine, not "
                        + Values.name(mode));
            }
            return new RecoveryConfig(mode, quarantine);
        }

        static ScanReport scan(PersistenceBackend backend) {
            return Reports.run(backend, "scan", Capability.SCAN, backend::scan);
        }

        static RecoveryReport recover(PersistenceBackend backend, RecoveryConfig config) {
            return Reports.run(backend, "recover", Capability.RECOVERY, () -> backend.recover(config));
        }
    }

    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = {"Check the stored data for anomalies without changing it (read-only).",
                    "Exit code 0 when clean, 1 when anomalies were found."})
    static final class Scan extends MaintenanceCommand {
        Scan(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            try (PersistenceBackend opened = backend.open(env, true)) {
                ScanReport scan = scan(opened);
                if (json()) {
                    out().println(JsonValues.canonicalJson(Reports.json(scan)));
                } else {
                    Reports.print(out(), "backend " + scan.backend() + ": ", scan);
                }
                return scan.isClean() ? ExitCode.OK : ExitCode.ANOMALIES_FOUND;
            }
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = {"Repair the stored data, then scan it again.",
                    "Exit code 0 when no anomaly remains, 3 when some do."})
    static final class Recover extends MaintenanceCommand {
        @Option(names = "--mode", required = true, paramLabel = "MODE", converter = Values.RecoveryModeConverter.class,
                completionCandidates = Values.RecoveryModes.class,
                description = "ignore (report only), repair (fix in place), quarantine (move bad data aside, then"
                        + " repair) or rebuild.")
        RecoveryMode mode;

        @Option(names = "--quarantine", paramLabel = "LOCATION",
                description = "Where --mode quarantine moves bad data, in the backend's terms (a directory for the"
                        + " file backend); the backend's default when absent.")
        String quarantine;

        Recover(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            RecoveryConfig config = recovery(mode, quarantine);
            try (PersistenceBackend opened = backend.open(env, false)) {
                RecoveryReport report = recover(opened, config);
                ScanReport after = opened.capabilities().contains(Capability.SCAN) ? scan(opened) : null;
                if (json()) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("recovery", Reports.json(report));
                    map.put("after", after == null ? null : Reports.json(after));
                    out().println(JsonValues.canonicalJson(map));
                } else {
                    out().print("backend " + report.backend() + ": ");
                    Reports.print(out(), report);
                    if (after == null) {
                        out().println("  after: not checked (the backend cannot scan)");
                    } else {
                        Reports.print(out(), "  after: ", after);
                    }
                }
                return after == null || after.isClean() ? ExitCode.OK : ExitCode.ANOMALIES_REMAIN;
            }
        }
    }

    @Command(name = "compact", mixinStandardHelpOptions = true,
            description = "Make retention physical: remove what reads hide, and print the counts before and after.")
    static final class Compact extends MaintenanceCommand {
        Compact(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            try (PersistenceBackend opened = backend.open(env, false)) {
                CompactionReport report = Reports.run(opened, "compact", Capability.COMPACTION, opened::compact);
                if (json()) {
                    out().println(JsonValues.canonicalJson(Reports.json(report)));
                } else {
                    Reports.print(out(), report);
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "startup-check", mixinStandardHelpOptions = true,
            description = {"Run the check a runtime runs before it starts, and say whether it would start.",
                    "Exit code 0 when it would, 1 when fail-on-anomaly found anomalies, 3 when anomalies remain"
                            + " after recover."})
    static final class StartupCheck extends MaintenanceCommand {
        @Option(names = "--mode", required = true, paramLabel = "MODE", converter = Values.StartupModeConverter.class,
                completionCandidates = Values.StartupModes.class,
                description = "ignore, scan-only (report, never fail), recover (scan, recover, scan again; fail if"
                        + " anomalies remain) or fail-on-anomaly. Only recover writes.")
        StartupCheckMode mode;

        // Its own label: picocli's completion script names its value list after the label.
        @Option(names = "--recovery-mode", paramLabel = "RECOVERY_MODE", defaultValue = "repair",
                converter = Values.RecoveryModeConverter.class, completionCandidates = Values.RecoveryModes.class,
                description = "How --mode recover recovers (default ${DEFAULT-VALUE}).")
        RecoveryMode recoveryMode;

        @Option(names = "--quarantine", paramLabel = "LOCATION",
                description = "Where --recovery-mode quarantine moves bad data.")
        String quarantine;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Values.DurationConverter.class,
                description = "Fail if the check takes longer (30s, 2m).")
        Duration timeout;

        StartupCheck(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            io.papyra.persistence.StartupCheck check =
                    io.papyra.persistence.StartupCheck.of(mode).withRecovery(recovery(recoveryMode, quarantine));
            if (timeout != null) {
                check = check.withTimeout(timeout);
            }
            try (PersistenceBackend opened = backend.open(env, mode != StartupCheckMode.RECOVER)) {
                for (Capability needed : switch (mode) {
                    case IGNORE -> new Capability[0];
                    case SCAN_ONLY, FAIL_ON_ANOMALY -> new Capability[] {Capability.SCAN};
                    case RECOVER -> new Capability[] {Capability.SCAN, Capability.RECOVERY};
                }) {
                    if (!opened.capabilities().contains(needed)) {
                        throw new CliException(ExitCode.UNSUPPORTED, "startup check " + Values.name(mode) + " needs "
                                + needed + ", which backend '" + opened.name() + "' does not support; use --mode ignore");
                    }
                }
                io.papyra.persistence.StartupCheck running = check;
                StartupCheckReport report;
                String failure = null;
                try {
                    report = Reports.run(opened, "startup-check", null, () -> running.run(opened));
                } catch (CliException e) {
                    if (!(e.getCause() instanceof StartupCheckException refused) || refused.report() == null) {
                        throw e;
                    }
                    report = refused.report();
                    failure = Cli.oneLine(refused);
                }
                print(report, failure);
                if (failure == null) {
                    return ExitCode.OK;
                }
                return mode == StartupCheckMode.RECOVER ? ExitCode.ANOMALIES_REMAIN : ExitCode.ANOMALIES_FOUND;
            }
        }

        private void print(StartupCheckReport report, String failure) {
            if (json()) {
                Map<String, Object> map = Reports.json(report);
                map.put("would_start", failure == null);
                map.put("failure", failure);
                out().println(JsonValues.canonicalJson(map));
                return;
            }
            out().println("backend " + report.backend() + ": startup check " + Values.name(report.mode()));
            if (report.scan() != null) {
                Reports.print(out(), "  scan: ", report.scan());
            }
            if (report.recovery() != null) {
                out().print("  ");
                Reports.print(out(), report.recovery());
            }
            if (report.rescan() != null) {
                Reports.print(out(), "  rescan: ", report.rescan());
            }
            out().println(failure == null ? "  result: the runtime would start" : "  result: the runtime would NOT start");
        }
    }

    @Command(name = "doctor", mixinStandardHelpOptions = true,
            description = {"Scan; if anything is wrong, recover and scan again.",
                    "Exit code 0 when the data is healthy at the end, 3 when anomalies remain."})
    static final class Doctor extends MaintenanceCommand {
        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "repair", converter = Values.RecoveryModeConverter.class,
                completionCandidates = Values.RecoveryModes.class,
                description = "How to recover (default ${DEFAULT-VALUE}): ignore, repair, quarantine or rebuild.")
        RecoveryMode mode;

        @Option(names = "--quarantine", paramLabel = "LOCATION", description = "Where --mode quarantine moves bad data.")
        String quarantine;

        Doctor(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            RecoveryConfig config = recovery(mode, quarantine);
            try (PersistenceBackend opened = backend.open(env, false)) {
                ScanReport first = scan(opened);
                RecoveryReport recovery = first.isClean() ? null : recover(opened, config);
                ScanReport rescan = first.isClean() ? null : scan(opened);
                boolean healthy = first.isClean() || rescan.isClean();
                if (json()) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("backend", opened.name());
                    map.put("scan", Reports.json(first));
                    map.put("recovery", recovery == null ? null : Reports.json(recovery));
                    map.put("rescan", rescan == null ? null : Reports.json(rescan));
                    map.put("healthy", healthy);
                    out().println(JsonValues.canonicalJson(map));
                } else {
                    out().println("backend " + opened.name() + ":");
                    Reports.print(out(), "  1. scan: ", first);
                    if (recovery != null) {
                        out().print("  2. ");
                        Reports.print(out(), recovery);
                        Reports.print(out(), "  3. scan again: ", rescan);
                    }
                    out().println(healthy ? "  healthy" : "  NOT healthy: anomalies remain; try --mode quarantine or"
                            + " --mode rebuild, or restore from a backup");
                }
                return healthy ? ExitCode.OK : ExitCode.ANOMALIES_REMAIN;
            }
        }
    }
}
