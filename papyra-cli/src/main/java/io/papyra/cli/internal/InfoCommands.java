package io.papyra.cli.internal;

import io.papyra.cli.internal.Values.ReportFormat;
import io.papyra.persistence.Capability;
import io.papyra.persistence.JsonValues;
import io.papyra.persistence.MetricsSnapshot;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;
import io.papyra.persistence.spi.PersistenceBackendProvider;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code papyra metrics|backends|completion}. */
final class InfoCommands {

    private InfoCommands() {
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = {"Print the counters of the opened backend (read-only) and its capabilities.",
                    "A backend whose counters live in the writing process shows what this process did: only"
                            + " backends that keep counters in their store report the writers' counts."})
    static final class Metrics implements Callable<Integer> {
        private final Environment env;

        @Mixin
        BackendOptions backend;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                converter = Values.ReportFormatConverter.class, completionCandidates = Values.ReportFormats.class,
                description = "table (default) or json.")
        ReportFormat format;

        Metrics(Environment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            try (PersistenceBackend opened = backend.open(env, true)) {
                MetricsSnapshot snapshot = Reports.run(opened, "metrics", null, () -> opened.metrics().snapshot());
                Map<String, Object> json = Reports.json(opened, snapshot);
                if (format == ReportFormat.JSON) {
                    env.out().println(JsonValues.canonicalJson(json));
                } else {
                    env.out().println("backend " + opened.name());
                    env.out().println("capabilities " + String.join(", ", capabilities(opened.capabilities())));
                    List<List<String>> rows = new ArrayList<>();
                    snapshot.asMap().forEach((name, value) -> rows.add(List.of(name, String.valueOf(value))));
                    Table.print(env.out(), "", null, rows);
                }
            }
            return ExitCode.OK;
        }
    }

    static List<String> capabilities(Iterable<Capability> capabilities) {
        TreeSet<String> names = new TreeSet<>();
        capabilities.forEach(c -> names.add(c.name().toLowerCase(java.util.Locale.ROOT)));
        return names.isEmpty() ? List.of("none") : List.copyOf(names);
    }

    @Command(name = "backends", mixinStandardHelpOptions = true,
            description = "List the backends found on the class path and module path, with their capabilities.")
    static final class Backends implements Callable<Integer> {
        private final Environment env;

        Backends(Environment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            PersistenceBackends found;
            try {
                found = env.backends().get();
            } catch (RuntimeException e) {
                throw new CliException(ExitCode.UNAVAILABLE, "cannot discover backends: " + Cli.oneLine(e), e);
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "CAPABILITIES"));
            for (PersistenceBackendProvider provider : found.providers()) {
                rows.add(List.of(provider.name(), String.join(", ", capabilities(provider.capabilities()))));
            }
            Table.print(env.out(), "", null, rows);
            for (String failure : found.failures()) {
                env.err().println("papyra backends: provider failed to load: " + failure);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "completion", mixinStandardHelpOptions = true,
            description = {"Print a bash completion script for papyra (works in zsh with bashcompinit).",
                    "Install: papyra completion > /etc/bash_completion.d/papyra, or in ~/.bashrc:",
                    "  source <(papyra completion)"})
    static final class Completion implements Callable<Integer> {
        private final Environment env;

        @Spec
        CommandSpec spec;

        Completion(Environment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            env.out().print(AutoComplete.bash("papyra", spec.root().commandLine()));
            return ExitCode.OK;
        }
    }
}
