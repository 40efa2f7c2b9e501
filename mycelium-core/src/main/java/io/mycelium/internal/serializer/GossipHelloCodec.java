package io.mycelium.internal.serializer;

import io.mycelium.protocol.GossipHelloPacket;
import java.io.IOException;

/** GOSSIP_HELLO (TCP only): the dialer's listening {@code host} and {@code port}. */
final class GossipHelloCodec implements PacketCodec<GossipHelloPacket> {

    static final GossipHelloCodec INSTANCE = new GossipHelloCodec();

    private GossipHelloCodec() {}

    @Override
    public void write(GossipHelloPacket packet, PacketWriter out) throws IOException {
        out.string(Field.HOST, packet.host());
        out.number(Field.PORT, packet.port());
    }

    @Override
    public GossipHelloPacket read(PacketReader in) {
        int port = in.intOr(Field.PORT, -1);
        if (port < 0 || port > 65535) {
            throw in.invalid("field 'port' must be a TCP port, not " + in.value(Field.PORT));
        }
        return new GossipHelloPacket(in.requiredString(Field.SENDER), in.requiredString(Field.HOST), port);
    }
}
