package io.mycelium.internal.serializer;

import io.mycelium.protocol.PingPacket;
import java.io.IOException;

/** PING: {@code time} (sender's epoch ms) and {@code id}. */
final class PingCodec implements PacketCodec<PingPacket> {

    static final PingCodec INSTANCE = new PingCodec();

    private PingCodec() {}

    @Override
    public void write(PingPacket packet, PacketWriter out) throws IOException {
        out.number("time", packet.time());
        out.string("id", packet.id());
    }

    @Override
    public PingPacket read(PacketReader in) {
        return new PingPacket(in.requiredString("sender"), in.string("id"), in.requiredLong("time"));
    }
}
