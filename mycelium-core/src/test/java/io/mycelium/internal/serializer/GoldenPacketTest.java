package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.Packet;
import io.mycelium.spi.Serializer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real Moleculer 0.15.2 packets in every serializer: decoded, re-encoded, decoded again. */
class GoldenPacketTest {

    static List<Golden> goldens() {
        return Golden.all();
    }

    private static Serializer serializer(Golden golden) {
        return SerializerRoundTripTest.serializer(golden.serializer());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void decodesToWhatMoleculerItselfDecodes(Golden golden) {
        Packet packet = serializer(golden).deserialize(golden.type(), golden.bytes());
        Packet nodeView =
                SerializerRoundTripTest.serializer("json").deserialize(golden.type(), golden.nodeViewAsJson());

        assertThat(packet.type()).isEqualTo(golden.type());
        assertThat(packet).isEqualTo(nodeView);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void reEncodesToBytesThatDecodeToTheSamePacket(Golden golden) {
        Serializer serializer = serializer(golden);
        Packet packet = serializer.deserialize(golden.type(), golden.bytes());

        Packet again = serializer.deserialize(golden.type(), serializer.serialize(packet));

        assertThat(again).isEqualTo(packet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void reEncodesLosslessly(Golden golden) throws IOException {
        Serializer serializer = serializer(golden);
        WireFormat format = WireFormat.valueOf(golden.serializer().toUpperCase(java.util.Locale.ROOT));
        Packet packet = serializer.deserialize(golden.type(), golden.bytes());

        JsonNode original = format.mapper().readTree(golden.bytes());
        JsonNode reEncoded = format.mapper().readTree(serializer.serialize(packet));
        if (format == WireFormat.CBOR && original.path("groups").isNull()) {
            // cbor-x writes an undefined field as CBOR `undefined`, which Jackson reads as null and
            // JavaScript as absent; we leave it out, as JSON and MsgPack do.
            ((ObjectNode) original).remove("groups");
        }

        assertThat(reEncoded).isEqualTo(original);
    }
}
