package io.papyra.cli.internal;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Builds and runs the {@code papyra} command line over an {@link Environment}: the picocli wiring,
 * the exit codes, and the one-line error messages. Not API.
 */
public final class Cli {

    private final Environment env;

    /**
     * Creates a command line over {@code env}.
     *
     * @param env where commands write, which clock they read, how they find backends; never null
     * @throws NullPointerException if {@code env} is null
     */
    public Cli(Environment env) {
        this.env = Objects.requireNonNull(env, "env must not be null");
    }

    /**
     * Returns a command line over the process's {@linkplain Environment#system() environment}.
     *
     * @return the command line
     */
    public static Cli standard() {
        return new Cli(Environment.system());
    }

    /**
     * Runs one command. Never throws for a failure of the command: it prints one line to the error
     * stream (with the stack trace only under {@code --verbose}) and returns the exit code.
     *
     * @param args the command line, never null
     * @return the exit code, one of {@link ExitCode}'s
     */
    public int execute(String... args) {
        CommandLine line = commandLine();
        int code = line.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    /** The configured picocli command line: also what {@code completion} generates a script from. */
    CommandLine commandLine() {
        CommandLine line = new CommandLine(new Root(), new Factory(env));
        line.setOut(env.out());
        line.setErr(env.err());
        line.setExecutionExceptionHandler((e, command, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            int code;
            String message;
            if (e instanceof CliException cli) {
                code = cli.exitCode();
                message = cli.getMessage();
            } else {
                code = ExitCode.INTERNAL;
                message = "internal error: " + oneLine(e) + "; run again with --verbose and report the stack trace";
            }
            PrintWriter err = command.getErr();
            err.println(command.getCommandSpec().qualifiedName() + ": " + message);
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        line.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            CommandLine command = e.getCommandLine();
            PrintWriter err = command.getErr();
            err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e) + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCode.USAGE;
        });
        exitCodes(line);
        return line;
    }

    private static void exitCodes(CommandLine line) {
        line.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.descriptions());
        line.getSubcommands().values().forEach(Cli::exitCodes);
    }

    /** An exception's message on one line: what the user reads; the stack trace only with --verbose. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Creates commands with the environment when they take it, anything else as picocli does. */
    private static final class Factory implements CommandLine.IFactory {
        private final Environment env;

        Factory(Environment env) {
            this.env = env;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Environment.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(env));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"papyra " + (version != null ? version : "(development build)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

    @Command(name = "papyra", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Inspect, check and repair Papyra's observability log in any backend.",
                    "Backends are found by name (--backend NAME --option KEY=VALUE, or --path DIR for the file backend)."},
            subcommands = {InspectCommands.Inspect.class, MaintenanceCommands.Scan.class,
                    MaintenanceCommands.Recover.class, MaintenanceCommands.Compact.class,
                    MaintenanceCommands.StartupCheck.class, MaintenanceCommands.Doctor.class,
                    InfoCommands.Metrics.class, InfoCommands.Backends.class, InfoCommands.Completion.class})
    static final class Root implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--verbose", scope = ScopeType.INHERIT,
                description = "On errors, print the stack trace too.")
        boolean verbose;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            spec.commandLine().getErr().println();
            spec.commandLine().getErr().println("papyra: name a command (see above)");
            return ExitCode.USAGE;
        }
    }
}
