package io.mycelium.internal.serializer;

import io.mycelium.protocol.GossipResponsePacket;
import java.io.IOException;

/** GOSSIP_RES (TCP only): {@code online} and {@code offline}, each left out when empty, as Moleculer does. */
final class GossipResponseCodec implements PacketCodec<GossipResponsePacket> {

    static final GossipResponseCodec INSTANCE = new GossipResponseCodec();

    private GossipResponseCodec() {}

    @Override
    public void write(GossipResponsePacket packet, PacketWriter out) throws IOException {
        if (!packet.online().isEmpty()) {
            out.tree(Field.ONLINE, packet.online());
        }
        if (!packet.offline().isEmpty()) {
            out.tree(Field.OFFLINE, packet.offline());
        }
    }

    @Override
    public GossipResponsePacket read(PacketReader in) {
        return new GossipResponsePacket(
                in.requiredString(Field.SENDER), in.object(Field.ONLINE), in.object(Field.OFFLINE));
    }
}
