package io.mycelium.internal.serializer;

import io.mycelium.protocol.Packet;
import java.io.IOException;

/**
 * Maps one packet type to its wire fields and back. Implementations are stateless singletons; the
 * {@code ver} and {@code sender} fields are handled by the caller.
 */
interface PacketCodec<P extends Packet> {

    /** Writes the fields of {@code packet} other than {@code ver} and {@code sender}. */
    void write(P packet, PacketWriter out) throws IOException;

    /** Builds the packet from decoded fields; throws {@code InvalidPacketException} on a bad field. */
    P read(PacketReader in);
}
