package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** A packet from the wire was malformed (Moleculer's {@code InvalidPacketDataError}). */
public class InvalidPacketDataException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** The error with no data. */
    public InvalidPacketDataException() {
        this(NullNode.getInstance());
    }

    /** The error with extra data. */
    public InvalidPacketDataException(JsonNode data) {
        super("InvalidPacketDataError", "Invalid packet data.", 500, "INVALID_PACKET_DATA", data, false);
    }

    /** An error recreated from its wire form. */
    public InvalidPacketDataException(ErrorDetails details) {
        super(details);
    }
}
