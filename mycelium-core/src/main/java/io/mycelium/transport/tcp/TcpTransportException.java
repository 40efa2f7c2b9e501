package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.RetryableException;

/**
 * A packet could not be handed to the network (code 502, type {@code TCP_UNREACHABLE}, retryable): the
 * peer cannot be dialled, its connection closed, its pending-write budget is exhausted, or the transporter
 * is stopped. The caller's future fails with it. Sending to a dial-only node ({@code listen=false}) that has
 * no connection open to this node fails with type {@link #DIAL_ONLY}: it can only be reached on the
 * connections it opens.
 */
public final class TcpTransportException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The type of the error a node gets sending to a dial-only node that has no connection open to it. */
    public static final String DIAL_ONLY = "TCP_DIAL_ONLY";

    TcpTransportException(String message) {
        this(message, "TCP_UNREACHABLE");
    }

    TcpTransportException(String message, String type) {
        super(message, 502, type, NullNode.getInstance());
    }

    TcpTransportException(String message, Throwable cause) {
        this(message);
        initCause(cause);
    }
}
