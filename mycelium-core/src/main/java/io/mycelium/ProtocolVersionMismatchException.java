package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** A peer speaks another protocol version (Moleculer's {@code ProtocolVersionMismatchError}). */
public class ProtocolVersionMismatchException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** The error with no data. */
    public ProtocolVersionMismatchException() {
        this(NullNode.getInstance());
    }

    /** The error with extra data. */
    public ProtocolVersionMismatchException(JsonNode data) {
        super(
                "ProtocolVersionMismatchError",
                "Protocol version mismatch.",
                500,
                "PROTOCOL_VERSION_MISMATCH",
                data,
                false);
    }

    /** An error recreated from its wire form. */
    public ProtocolVersionMismatchException(ErrorDetails details) {
        super(details);
    }
}
