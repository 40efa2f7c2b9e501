package io.mycelium.cli;

/** The process exit codes of every command, documented in {@code mycelium --help}. */
final class ExitCodes {

    static final int OK = 0;
    /** An unexpected failure (a bug, an I/O error). */
    static final int FAILURE = 1;
    /** Bad usage: unknown option, missing argument, malformed JSON. Picocli uses 2 too. */
    static final int USAGE = 2;
    /** Nothing serves the action, or the node or event is unknown. */
    static final int NOT_FOUND = 3;
    /** The call timed out. */
    static final int TIMEOUT = 4;
    /** The remote handler failed: its error is printed. */
    static final int REMOTE_ERROR = 5;
    /** The transporter could not connect (broker down, wrong URL). */
    static final int UNREACHABLE = 6;

    static final String HELP = "Exit codes: 0 ok, 1 failure, 2 bad usage, 3 not found (action, node, event),%n"
            + "            4 timeout, 5 remote error, 6 transporter unreachable.";

    private ExitCodes() {}
}
