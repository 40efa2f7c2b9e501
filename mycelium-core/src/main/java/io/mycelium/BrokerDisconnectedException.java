package io.mycelium;

import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The transporter lost its connection to the message broker (Moleculer's {@code BrokerDisconnectedError},
 * 502, {@code BAD_GATEWAY}, retryable). Calls in flight fail with it; new sends fail until restored.
 */
public class BrokerDisconnectedException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The error with Moleculer's message. */
    public BrokerDisconnectedException() {
        super(
                "BrokerDisconnectedError",
                "The broker's transporter has disconnected. Please try again when a connection is reestablished.",
                502,
                "BAD_GATEWAY",
                NullNode.getInstance());
    }

    /** An error recreated from its wire form. */
    public BrokerDisconnectedException(ErrorDetails details) {
        super(details);
    }
}
