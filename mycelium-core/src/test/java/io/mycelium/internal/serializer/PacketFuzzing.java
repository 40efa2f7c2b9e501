package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Serializer;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The property every packet reader is fuzzed against (see docs/fuzzing.md). Input layout: byte 0 picks
 * the packet type (modulo the number of types), the rest is the packet's bytes as a transport hands them
 * to {@link Serializer#deserialize}. The bytes either decode to a packet of that type, which encodes and
 * decodes back to the same values, or are refused with an {@link InvalidPacketException}; any other
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

    /** Component by component; trees compared by value, numbers by their numeric value. */
    static boolean sameValues(Packet a, Packet b) {
        if (a.getClass() != b.getClass()) {
            return false;
        }
        try {
            for (RecordComponent component : a.getClass().getRecordComponents()) {
                Object x = unwrap(component.getAccessor().invoke(a));
                Object y = unwrap(component.getAccessor().invoke(b));
                boolean same = x instanceof JsonNode nx && y instanceof JsonNode ny
                        ? nx.equals(PacketFuzzing::compareValues, ny)
                        : Objects.equals(x, y);
                if (!same) {
                    return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static @Nullable Object unwrap(@Nullable Object value) {
        return value instanceof Optional<?> o ? o.orElse(null) : value;
    }

    private static int compareValues(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            // Integers exactly; a float against anything at double precision (CBOR writes a long beyond
            // 32 bits as a float64, as cbor-x does).
            return x.isIntegralNumber() && y.isIntegralNumber()
                    ? x.bigIntegerValue().compareTo(y.bigIntegerValue())
                    : Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (x.isNumber() && !Double.isFinite(x.doubleValue()) && y.isNull()) {
            return 0; // JSON writes infinity and NaN as null, as JSON.stringify does
        }
        return x.equals(y) ? 0 : 1;
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
        // A packet that was accepted can be answered or forwarded: it encodes and reads back with the same
        // values. How a number is held may change (a CBOR 8-byte 5 comes back as a small int), its value not.
        Packet again = serializer.deserialize(type, serializer.serialize(packet));
        assertThat(sameValues(packet, again))
                .as("after a round trip %s became %s", packet, again)
                .isTrue();
    }
}
