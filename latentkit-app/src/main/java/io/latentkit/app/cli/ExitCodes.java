package io.latentkit.app.cli;

/** Process exit codes. */
final class ExitCodes {
    static final int OK = 0;
    /** Something failed that is not the user's input. */
    static final int FAILURE = 1;
    /** Bad input data, config or command line. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
