package io.mycelium.internal.serializer;

import io.mycelium.protocol.PongPacket;
import java.io.IOException;

/** PONG: the PING's {@code time} and {@code id} echoed, and {@code arrived} (answerer's epoch ms). */
final class PongCodec implements PacketCodec<PongPacket> {

    static final PongCodec INSTANCE = new PongCodec();

    private PongCodec() {}

    @Override
    public void write(PongPacket packet, PacketWriter out) throws IOException {
        out.number("time", packet.time());
        out.string("id", packet.id());
        out.number("arrived", packet.arrived());
    }

    @Override
    public PongPacket read(PacketReader in) {
        return new PongPacket(
                in.requiredString("sender"), in.string("id"), in.requiredLong("time"), in.requiredLong("arrived"));
    }
}
