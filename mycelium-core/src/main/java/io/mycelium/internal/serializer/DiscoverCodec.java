package io.mycelium.internal.serializer;

import io.mycelium.protocol.DiscoverPacket;

/** DISCOVER: no fields but {@code ver} and {@code sender}. */
final class DiscoverCodec implements PacketCodec<DiscoverPacket> {

    static final DiscoverCodec INSTANCE = new DiscoverCodec();

    private DiscoverCodec() {}

    @Override
    public void write(DiscoverPacket packet, PacketWriter out) {}

    @Override
    public DiscoverPacket read(PacketReader in) {
        return new DiscoverPacket(in.requiredString(Field.SENDER));
    }
}
