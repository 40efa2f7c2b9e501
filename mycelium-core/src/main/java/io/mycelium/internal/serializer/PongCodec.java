package io.mycelium.internal.serializer;

import io.mycelium.protocol.PongPacket;
import java.io.IOException;

/** PONG: the PING's {@code time} and {@code id} echoed, and {@code arrived} (answerer's epoch ms). */
final class PongCodec implements PacketCodec<PongPacket> {

    static final PongCodec INSTANCE = new PongCodec();

    private PongCodec() {}

    @Override
    public void write(PongPacket packet, PacketWriter out) throws IOException {
        out.number(Field.TIME, packet.time());
        out.string(Field.ID, packet.id());
        out.number(Field.ARRIVED, packet.arrived());
    }

    @Override
    public PongPacket read(PacketReader in) {
        return new PongPacket(
                in.requiredString(Field.SENDER),
                in.string(Field.ID),
                in.requiredLong(Field.TIME),
                in.requiredLong(Field.ARRIVED));
    }
}
