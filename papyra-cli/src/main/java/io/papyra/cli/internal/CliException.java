package io.papyra.cli.internal;

/**
 * An expected failure of a command: the exit code and the one-line message that says what to do.
 * Thrown by commands, turned into the message and the code by {@link Cli}.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    int exitCode() {
        return exitCode;
    }
}
