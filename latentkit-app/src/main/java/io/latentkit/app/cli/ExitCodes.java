package io.latentkit.app.cli;

import java.io.PrintWriter;

/** Process exit codes. */
final class ExitCodes {
    static final int OK = 0;
    /** Something failed that is not the user's input. */
    static final int FAILURE = 1;
    /** Bad input data, config or command line. */
    static final int USAGE = 2;

    private ExitCodes() {
    }

    /** Reports a failure as one line, {@code error: ...} (after the stack trace when debugging), and returns {@code code}. */
    static int fail(PrintWriter err, RuntimeException e, int code, boolean debug) {
        if (debug) {
            e.printStackTrace(err);
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        err.println("error: " + message.lines().findFirst().orElse(message));
        return code;
    }
}
