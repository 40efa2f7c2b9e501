package io.mycelium.protocol;

/** Tells peers the sender is alive, with its CPU usage (0-100). */
public record HeartbeatPacket(String sender, int cpu) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.HEARTBEAT;
    }
}
