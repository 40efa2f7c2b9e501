package io.mycelium.protocol;

/** Asks a node for a PONG; {@code time} is the sender's clock in epoch milliseconds. */
public record PingPacket(String sender, String id, long time) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.PING;
    }
}
