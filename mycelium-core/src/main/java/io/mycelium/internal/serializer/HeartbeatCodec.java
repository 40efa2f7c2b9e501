package io.mycelium.internal.serializer;

import io.mycelium.protocol.HeartbeatPacket;
import java.io.IOException;

/** HEARTBEAT: {@code cpu}, which Moleculer leaves null until it has measured it. */
final class HeartbeatCodec implements PacketCodec<HeartbeatPacket> {

    static final HeartbeatCodec INSTANCE = new HeartbeatCodec();

    private HeartbeatCodec() {}

    @Override
    public void write(HeartbeatPacket packet, PacketWriter out) throws IOException {
        out.number(Field.CPU, packet.cpu());
    }

    @Override
    public HeartbeatPacket read(PacketReader in) {
        return new HeartbeatPacket(in.requiredString(Field.SENDER), in.intOr(Field.CPU, 0));
    }
}
