package io.mycelium.internal.serializer;

import io.mycelium.protocol.DisconnectPacket;

/** DISCONNECT: no fields but {@code ver} and {@code sender}. */
final class DisconnectCodec implements PacketCodec<DisconnectPacket> {

    static final DisconnectCodec INSTANCE = new DisconnectCodec();

    private DisconnectCodec() {}

    @Override
    public void write(DisconnectPacket packet, PacketWriter out) {}

    @Override
    public DisconnectPacket read(PacketReader in) {
        return new DisconnectPacket(in.requiredString(Field.SENDER));
    }
}
