package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.RetryableException;

/**
 * A packet could not be handed to the network (code 502, type {@code TCP_UNREACHABLE}, retryable): the
 * peer cannot be dialled, its connection closed, its pending-write budget is exhausted, or the transporter
 * is stopped. The caller's future fails with it.
 */
public final class TcpTransportException extends RetryableException {
    private static final long serialVersionUID = 1L;

    TcpTransportException(String message) {
        super(message, 502, "TCP_UNREACHABLE", NullNode.getInstance());
    }

    TcpTransportException(String message, Throwable cause) {
        this(message);
        initCause(cause);
    }
}
