package io.mycelium.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * TCP only: what the sender knows. {@code online} maps node id to {@code [seq, cpuSeq, cpu]};
 * {@code offline} maps node id to {@code seq}. Either may be empty.
 */
public record GossipRequestPacket(String sender, ObjectNode online, ObjectNode offline) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.GOSSIP_REQ;
    }
}
