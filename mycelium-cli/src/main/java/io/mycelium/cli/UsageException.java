package io.mycelium.cli;

/** The user asked for something malformed (bad JSON, unreadable file); exits with {@link ExitCodes#USAGE}. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
