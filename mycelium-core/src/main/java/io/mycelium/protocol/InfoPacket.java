package io.mycelium.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A node's description: its services (with actions and events), addresses and client. {@code seq} grows
 * whenever the service list changes, so a peer keeps the newest INFO. {@code extras} holds top-level
 * fields this library does not model (for example the TCP transporter's {@code port}), kept so that an
 * INFO relayed by gossip reaches other nodes unchanged.
 */
public record InfoPacket(
        String sender,
        ArrayNode services,
        List<String> ipList,
        String hostname,
        ObjectNode client,
        ObjectNode config,
        String instanceId,
        ObjectNode metadata,
        long seq,
        ObjectNode extras)
        implements Packet {

    public InfoPacket {
        ipList = List.copyOf(ipList);
    }

    @Override
    public PacketType type() {
        return PacketType.INFO;
    }
}
