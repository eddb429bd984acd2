package io.papyra.cli.internal;

import io.papyra.persistence.BackendConfig;
import io.papyra.persistence.PersistenceBackend;
import io.papyra.persistence.PersistenceBackends;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options that choose and open a backend, shared by every command that reads or repairs one. */
final class BackendOptions {

    /** The option every backend of this project accepts, and that read-only commands set. */
    static final String READ_ONLY = "read_only";

    @Option(names = "--backend", paramLabel = "NAME",
            description = "The backend, by the name its provider registers: memory, file, redis, or a third"
                    + " party's on the class path. `papyra backends` lists them.")
    String name;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "A backend option, repeatable (for example --option prefix=papyra); the value is"
                    + " everything after the first '='. The backend's README lists its options.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--path", paramLabel = "DIR",
            description = "Shorthand for --backend file --option dir=DIR.")
    String path;

    /**
     * Opens the backend the options name.
     *
     * @param env      the environment, whose clock the backend gets
     * @param readOnly true to open with {@code read_only=true} (inspect, scan, metrics)
     * @return the open backend; the caller closes it
     * @throws CliException with {@link ExitCode#USAGE} for bad options, {@link ExitCode#UNAVAILABLE}
     *                      when the backend cannot be opened
     */
    PersistenceBackend open(Environment env, boolean readOnly) {
        String backend = resolveName();
        Map<String, String> all = new LinkedHashMap<>(options);
        if (path != null) {
            if (all.containsKey("dir")) {
                throw new CliException(ExitCode.USAGE, "--path " + path + " and --option dir=" + all.get("dir")
                        + " both name the directory; give only one of them");
            }
            all.put("dir", path);
        }
        String requested = all.get(READ_ONLY);
        if (readOnly) {
            all.put(READ_ONLY, "true");
        } else if ("true".equals(requested)) {
            throw new CliException(ExitCode.USAGE, "this command writes to the backend, so it cannot run with --option "
                    + READ_ONLY + "=true; remove that option");
        }
        BackendConfig config = BackendConfig.defaults().withClock(env.clock());
        for (Map.Entry<String, String> option : all.entrySet()) {
            if (option.getKey().isBlank()) {
                throw new CliException(ExitCode.USAGE, "--option needs KEY=VALUE with a non-blank key, got '="
                        + option.getValue() + "'");
            }
            config = config.withOption(option.getKey(), option.getValue());
        }
        PersistenceBackends backends;
        try {
            backends = env.backends().get();
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "cannot discover backends: " + Cli.oneLine(e), e);
        }
        try {
            return backends.open(backend, config);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "cannot open backend '" + backend + "': " + Cli.oneLine(e), e);
        } catch (RuntimeException | LinkageError e) {
            throw new CliException(ExitCode.UNAVAILABLE, "cannot open backend '" + backend + "': " + Cli.oneLine(e)
                    + "; check that its store is reachable and its options are right", e);
        }
    }

    private String resolveName() {
        if (path != null) {
            if (name != null && !name.equals("file")) {
                throw new CliException(ExitCode.USAGE, "--path means --backend file, but --backend " + name
                        + " was given; use --option to configure backend '" + name + "'");
            }
            return "file";
        }
        if (name == null) {
            throw new CliException(ExitCode.USAGE, "no backend named: add --backend NAME (with --option KEY=VALUE as it"
                    + " needs) or --path DIR; `papyra backends` lists the backends found");
        }
        return name;
    }
}
