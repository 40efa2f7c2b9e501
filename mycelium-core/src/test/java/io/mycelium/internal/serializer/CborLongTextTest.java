package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.spi.Serializer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Long CBOR text goes out with a definite length: cbor-x (Moleculer) refuses the indefinite-length chunked
 * strings Jackson writes by default past about 4,000 characters, so a Moleculer node dropped such a packet.
 */
class CborLongTextTest {

    private final Serializer cbor = SerializerRoundTripTest.serializer("cbor");
    private final Serializer json = SerializerRoundTripTest.serializer("json");

    private Packet requestWith(String text) {
        String packet =
                "{\"ver\":\"5\",\"sender\":\"a\",\"id\":\"1\",\"action\":\"x\",\"params\":{\"s\":\"" + text + "\"}}";
        return json.deserialize(PacketType.REQUEST, packet.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLongStringIsWrittenWholeWithItsLength() {
        String text = "y".repeat(700 * 1024) + "\u00e9\u2603";
        Packet packet = requestWith(text);

        byte[] bytes = cbor.serialize(packet);

        int utf8 = text.getBytes(StandardCharsets.UTF_8).length;
        byte[] header = {0x7A, (byte) (utf8 >>> 24), (byte) (utf8 >>> 16), (byte) (utf8 >>> 8), (byte) utf8};
        assertThat(indexOf(bytes, header)).as("a definite-length text header").isPositive();
        assertThat(indexOf(bytes, new byte[] {0x7F}))
                .as("no indefinite-length text")
                .isNegative();
        assertThat(((RequestPacket) cbor.deserialize(PacketType.REQUEST, bytes))
                        .params()
                        .path("s")
                        .textValue())
                .isEqualTo(text);
    }

    @Test
    void shortAndBorderLengthStringsRoundTrip() {
        for (int n : new int[] {0, 1, 3_000, 3_001, 3_996, 3_997, 70_000}) {
            Packet packet = requestWith("z".repeat(n));
            byte[] bytes = cbor.serialize(packet);
            assertThat(indexOf(bytes, new byte[] {0x7F})).as("length " + n).isNegative();
            assertThat(cbor.deserialize(PacketType.REQUEST, bytes))
                    .as("length " + n)
                    .isEqualTo(packet);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
