package io.mycelium.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An event. {@code groups} empty means every group of the receiving node; {@code broadcast} tells a
 * receiver that the event was sent to all nodes rather than balanced.
 */
public record EventPacket(
        String sender,
        String id,
        String event,
        JsonNode data,
        Optional<List<String>> groups,
        boolean broadcast,
        ObjectNode meta,
        ObjectNode headers,
        int level,
        Optional<Boolean> tracing,
        Optional<String> parentId,
        Optional<String> requestId,
        Optional<String> caller,
        boolean needAck,
        boolean stream,
        OptionalInt seq)
        implements Packet {

    public EventPacket {
        groups = groups.map(List::copyOf);
    }

    @Override
    public PacketType type() {
        return PacketType.EVENT;
    }
}
