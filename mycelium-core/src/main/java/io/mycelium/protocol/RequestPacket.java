package io.mycelium.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call of {@code action}. {@code timeout} is the caller's remaining budget in milliseconds (0 = none),
 * which makes the deadline distributed. For streams, {@code stream} is true on the first packet
 * ({@code seq} 0) and on every chunk; the closing packet has {@code stream} false and null params.
 */
public record RequestPacket(
        String sender,
        String id,
        String action,
        JsonNode params,
        ObjectNode meta,
        ObjectNode headers,
        long timeout,
        int level,
        Optional<Boolean> tracing,
        Optional<String> parentId,
        Optional<String> requestId,
        Optional<String> caller,
        boolean stream,
        OptionalInt seq)
        implements Packet {
    @Override
    public PacketType type() {
        return PacketType.REQUEST;
    }
}
