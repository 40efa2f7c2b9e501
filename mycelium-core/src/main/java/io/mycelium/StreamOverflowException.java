package io.mycelium;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The reader of a received stream fell behind and the chunks waiting for it exceeded the receive buffer
 * ({@link StreamSettings#bufferSize()}) on a transporter that cannot slow the sender down (type
 * {@code STREAM_OVERFLOW}, code 507). The stream is cancelled; memory never grows past the limit.
 */
public class StreamOverflowException extends StreamException {
    private static final long serialVersionUID = 1L;

    /** The stream of call {@code id} overflowed {@code limit} bytes. */
    public StreamOverflowException(String id, long limit) {
        super(
                "StreamOverflowError",
                "Stream of request '" + id + "' exceeded its receive buffer of " + limit
                        + " bytes: the reader is slower than the sender",
                507,
                "STREAM_OVERFLOW",
                JsonNodeFactory.instance.objectNode().put("id", id).put("limit", limit));
    }

    /** An error recreated from its wire form. */
    public StreamOverflowException(ErrorDetails details) {
        super(details);
    }
}
