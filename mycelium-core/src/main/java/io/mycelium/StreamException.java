package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A byte stream of a call failed on this side: its receive buffer overflowed
 * ({@link StreamOverflowException}), it stalled ({@link StreamIdleTimeoutException}) or it was cancelled
 * because a node left, the caller gave up or the reader closed it ({@link StreamCancelledException}). An
 * error the sending side reported mid-stream reaches the reader as the sender's own typed exception
 * instead. Thrown (unchecked) by the {@code read} methods of a received stream.
 */
public class StreamException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** For subclasses: a non-retryable stream error. */
    protected StreamException(String name, String message, int code, String type, JsonNode data) {
        super(name, message, code, type, data, false);
    }

    /** An error recreated from its wire form. */
    public StreamException(ErrorDetails details) {
        super(details);
    }
}
