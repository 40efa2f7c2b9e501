package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** Handlers in flight did not finish within the graceful stop timeout (Moleculer's {@code GracefulStopTimeoutError}). */
public class GracefulStopTimeoutException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** The error with no data. */
    public GracefulStopTimeoutException() {
        this(NullNode.getInstance());
    }

    /** The error with extra data. */
    public GracefulStopTimeoutException(JsonNode data) {
        super(
                "GracefulStopTimeoutError",
                "Unable to stop ServiceBroker gracefully.",
                500,
                "GRACEFUL_STOP_TIMEOUT",
                data,
                false);
    }

    /** An error recreated from its wire form. */
    public GracefulStopTimeoutException(ErrorDetails details) {
        super(details);
    }
}
