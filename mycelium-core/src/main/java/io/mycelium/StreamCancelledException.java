package io.mycelium;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A stream was cancelled before its end: the node at the other end left or was disconnected, the caller
 * gave up (timeout, or it closed the stream it was reading), or this broker stopped (type
 * {@code STREAM_CANCELLED}, code 499).
 */
public class StreamCancelledException extends StreamException {
    private static final long serialVersionUID = 1L;

    /** The stream of call {@code id} was cancelled, for {@code reason}. */
    public StreamCancelledException(String id, String reason) {
        super(
                "StreamCancelledError",
                "Stream of request '" + id + "' was cancelled: " + reason,
                499,
                "STREAM_CANCELLED",
                JsonNodeFactory.instance.objectNode().put("id", id).put("reason", reason));
    }

    /** An error recreated from its wire form. */
    public StreamCancelledException(ErrorDetails details) {
        super(details);
    }
}
