package io.mycelium.internal.serializer;

import io.mycelium.protocol.GossipRequestPacket;
import java.io.IOException;

/** GOSSIP_REQ (TCP only): {@code online} and {@code offline}, each left out when empty, as Moleculer does. */
final class GossipRequestCodec implements PacketCodec<GossipRequestPacket> {

    static final GossipRequestCodec INSTANCE = new GossipRequestCodec();

    private GossipRequestCodec() {}

    @Override
    public void write(GossipRequestPacket packet, PacketWriter out) throws IOException {
        if (!packet.online().isEmpty()) {
            out.tree(Field.ONLINE, packet.online());
        }
        if (!packet.offline().isEmpty()) {
            out.tree(Field.OFFLINE, packet.offline());
        }
    }

    @Override
    public GossipRequestPacket read(PacketReader in) {
        return new GossipRequestPacket(
                in.requiredString(Field.SENDER), in.object(Field.ONLINE), in.object(Field.OFFLINE));
    }
}
