package io.papyra.cli;

import io.papyra.cli.internal.Cli;

/**
 * The {@code papyra} command: {@code java -jar papyra.jar <command> ...}. Run it with {@code --help}
 * for the commands, their options and the exit codes.
 *
 * <pre>{@code
 * java -jar papyra.jar inspect events --backend redis --option url=redis://localhost:6379 --since 15m
 * java -jar papyra.jar doctor --path /var/lib/papyra
 * }</pre>
 *
 * @since 0.2
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command that {@code args} name and exits the JVM with its exit code.
     *
     * @param args the command line, never null
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command that {@code args} name, writing to {@link System#out} and {@link System#err},
     * and returns its exit code instead of exiting: for programs that embed the command line.
     * Not safe to call from several threads at once if they share standard output.
     *
     * @param args the command line, never null
     * @return the exit code, as {@code papyra --help} lists them (0 when all is well)
     * @throws NullPointerException if {@code args} is null
     */
    public static int run(String... args) {
        return Cli.standard().execute(args);
    }
}
