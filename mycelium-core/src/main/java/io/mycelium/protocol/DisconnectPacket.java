package io.mycelium.protocol;

/** The sender is leaving the mesh gracefully. */
public record DisconnectPacket(String sender) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
