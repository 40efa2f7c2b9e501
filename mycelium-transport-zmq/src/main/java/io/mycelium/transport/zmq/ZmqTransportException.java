package io.mycelium.transport.zmq;

import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.RetryableException;

/**
 * A packet could not be handed to ZeroMQ (code 502, type {@code ZMQ_UNREACHABLE}, retryable): no peer of
 * that id was discovered, the peer's send queue is full (its high-water mark), the payload is larger than
 * {@code maxPayload}, or the transporter is stopped. The caller's future fails with it; nothing was sent.
 */
public final class ZmqTransportException extends RetryableException {
    private static final long serialVersionUID = 1L;

    ZmqTransportException(String message) {
        super(message, 502, "ZMQ_UNREACHABLE", NullNode.getInstance());
    }

    ZmqTransportException(String message, Throwable cause) {
        this(message);
        initCause(cause);
    }
}
