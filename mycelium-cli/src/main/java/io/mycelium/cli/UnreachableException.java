package io.mycelium.cli;

/** The transporter could not connect: the broker is down, the URL is wrong, or it took too long. */
final class UnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
