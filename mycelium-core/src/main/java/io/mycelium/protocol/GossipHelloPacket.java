package io.mycelium.protocol;

/** TCP only: the first packet a dialer sends, naming the address it listens on. */
public record GossipHelloPacket(String sender, String host, int port) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.GOSSIP_HELLO;
    }
}
