package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Serializer;
import java.util.Arrays;

/**
 * The property every packet reader is fuzzed against (see docs/fuzzing.md). Input layout: byte 0 picks
 * the packet type (modulo the number of types), the rest is the packet's bytes as a transport hands them
 * to {@link Serializer#deserialize}. The bytes either decode to a packet of that type, which encodes and
 * decodes again (after one trip, to an equal packet), or are refused with an {@link InvalidPacketException}; any other
 * exception, an error or a hang is a finding.
 */
final class PacketFuzzing {

    private static final PacketType[] TYPES = PacketType.values();

    private PacketFuzzing() {}

    /** The fuzz input for one packet: its type's index, then its bytes. */
    static byte[] input(PacketType type, byte[] packet) {
        byte[] input = new byte[packet.length + 1];
        input[0] = (byte) type.ordinal();
        System.arraycopy(packet, 0, input, 1, packet.length);
        return input;
    }

    static void decodesOrRefuses(Serializer serializer, byte[] input) {
        if (input.length == 0) {
            return;
        }
        PacketType type = TYPES[(input[0] & 0xFF) % TYPES.length];
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        Packet packet;
        try {
            packet = serializer.deserialize(type, bytes);
        } catch (InvalidPacketException refused) {
            return;
        }
        assertThat(packet.type()).isEqualTo(type);
        // A packet that was accepted can be answered or forwarded: it encodes and reads back. The first trip
        // may change how a value is held (a CBOR 8-byte 5 comes back as a small int), the second nothing.
        Packet again = serializer.deserialize(type, serializer.serialize(packet));
        assertThat(again.type()).isEqualTo(type);
        assertThat(serializer.deserialize(type, serializer.serialize(again))).isEqualTo(again);
    }
}
