package io.mycelium.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The answer to the request with the same {@code id}: {@code data} when {@code success}, else
 * {@code error} in Moleculer's shape {@code {name, message, nodeID, code, type, retryable, stack, data}}.
 */
public record ResponsePacket(
        String sender,
        String id,
        boolean success,
        JsonNode data,
        Optional<ObjectNode> error,
        ObjectNode meta,
        ObjectNode headers,
        boolean stream,
        OptionalInt seq)
        implements Packet {
    @Override
    public PacketType type() {
        return PacketType.RESPONSE;
    }
}
