package io.mycelium.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * TCP only: what the asker lacks. {@code online} maps node id to {@code [INFO, cpuSeq, cpu]} (or
 * {@code [cpuSeq, cpu]} when only the CPU is newer); {@code offline} maps node id to {@code seq}.
 */
public record GossipResponsePacket(String sender, ObjectNode online, ObjectNode offline) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.GOSSIP_RES;
    }
}
