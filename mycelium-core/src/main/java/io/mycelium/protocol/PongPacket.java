package io.mycelium.protocol;

/** Answers a PING: {@code time} echoed, {@code arrived} the answering node's clock in epoch ms. */
public record PongPacket(String sender, String id, long time, long arrived) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.PONG;
    }
}
