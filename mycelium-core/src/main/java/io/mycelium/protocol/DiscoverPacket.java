package io.mycelium.protocol;

/** Asks nodes to answer with their INFO; broadcast at start, or targeted at one unknown node. */
public record DiscoverPacket(String sender) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.DISCOVER;
    }
}
