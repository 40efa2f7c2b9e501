package io.mycelium.internal.serializer;

import io.mycelium.protocol.PingPacket;
import java.io.IOException;

/** PING: {@code time} (sender's epoch ms) and {@code id}. */
final class PingCodec implements PacketCodec<PingPacket> {

    static final PingCodec INSTANCE = new PingCodec();

    private PingCodec() {}

    @Override
    public void write(PingPacket packet, PacketWriter out) throws IOException {
        out.number(Field.TIME, packet.time());
        out.string(Field.ID, packet.id());
    }

    @Override
    public PingPacket read(PacketReader in) {
        return new PingPacket(in.requiredString(Field.SENDER), in.string(Field.ID), in.requiredLong(Field.TIME));
    }
}
