package io.papyra.cli.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every command, as {@code --help} and the README list them. */
public final class ExitCode {

    /** Success: the command did what it was asked, and the data is healthy. */
    public static final int OK = 0;
    /** A scan (or a startup check that fails on anomalies) found anomalies. */
    public static final int ANOMALIES_FOUND = 1;
    /** The command line is wrong: unknown command or option, bad value, unknown backend, bad backend option. */
    public static final int USAGE = 2;
    /** Anomalies remain after recovery (recover, doctor, startup-check --mode recover). */
    public static final int ANOMALIES_REMAIN = 3;
    /** The backend could not be opened (unreachable, missing, locked) or failed during the command. */
    public static final int UNAVAILABLE = 4;
    /** The backend does not support the operation (for example compact on a backend without compaction). */
    public static final int UNSUPPORTED = 5;
    /** A bug of the command line itself; run again with --verbose and report the stack trace. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }

    /** The codes and their meanings, for the help's "Exit codes" section. */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "Success; the data is healthy.");
        codes.put(" " + ANOMALIES_FOUND, "Anomalies found (scan, startup-check --mode fail-on-anomaly).");
        codes.put(" " + USAGE, "Usage error: bad command, option or value, unknown backend or backend option.");
        codes.put(" " + ANOMALIES_REMAIN, "Anomalies remain after recovery (recover, doctor, startup-check --mode recover).");
        codes.put(" " + UNAVAILABLE, "Backend unreachable or cannot be opened, or it failed during the command.");
        codes.put(" " + UNSUPPORTED, "The backend does not support this operation.");
        codes.put(INTERNAL + "", "Internal error of papyra (run again with --verbose and report it).");
        return codes;
    }
}
