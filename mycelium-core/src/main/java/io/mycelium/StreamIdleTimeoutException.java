package io.mycelium;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A stream made no progress for {@link StreamSettings#idleTimeout()}: no chunk arrived for the reader, or
 * the peer took no chunk from the sender (type {@code STREAM_IDLE_TIMEOUT}, code 504). The stream is
 * cancelled.
 */
public class StreamIdleTimeoutException extends StreamException {
    private static final long serialVersionUID = 1L;

    /** The stream of call {@code id} stalled for {@code idleMillis}. */
    public StreamIdleTimeoutException(String id, long idleMillis) {
        super(
                "StreamIdleTimeoutError",
                "Stream of request '" + id + "' made no progress for " + idleMillis + " ms",
                504,
                "STREAM_IDLE_TIMEOUT",
                JsonNodeFactory.instance.objectNode().put("id", id).put("idleTimeout", idleMillis));
    }

    /** An error recreated from its wire form. */
    public StreamIdleTimeoutException(ErrorDetails details) {
        super(details);
    }
}
