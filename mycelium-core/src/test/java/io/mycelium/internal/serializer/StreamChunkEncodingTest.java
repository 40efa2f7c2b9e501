package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.internal.stream.StreamPackets;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Stream chunks in JSON are Node Buffers, {@code {"type":"Buffer","data":[...]}}, both ways. */
class StreamChunkEncodingTest {

    private final Serializer json = SerializerRoundTripTest.serializer("json");

    private static RequestPacket first() {
        return new RequestPacket(
                "node-a",
                "req-1",
                "files.upload",
                JsonNodeFactory.instance.objectNode().put("name", "a.bin"),
                JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(),
                0,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.of("req-1"),
                Optional.empty(),
                true,
                OptionalInt.of(0));
    }

    @Test
    void aRequestChunkIsWrittenAsANodeBufferAndReadBackAsBytes() {
        RequestPacket chunk = StreamPackets.requestChunk(first(), 1, new byte[] {(byte) 0xFF, 0, 7});

        byte[] bytes = json.serialize(chunk);
        String text = new String(bytes, StandardCharsets.UTF_8);
        RequestPacket decoded = (RequestPacket) json.deserialize(PacketType.REQUEST, bytes);

        assertThat(text).contains("\"params\":{\"type\":\"Buffer\",\"data\":[255,0,7]}");
        assertThat(text).contains("\"stream\":true").contains("\"seq\":1");
        assertThat(decoded.params()).isEqualTo(BinaryNode.valueOf(new byte[] {(byte) 0xFF, 0, 7}));
        assertThat(decoded).isEqualTo(chunk);
    }

    @Test
    void aResponseChunkAsMoleculerWritesItIsReadAsBytes() {
        String moleculer = "{\"ver\":\"5\",\"sender\":\"node-b\",\"id\":\"req-1\",\"meta\":{},\"headers\":{},"
                + "\"success\":true,\"data\":{\"type\":\"Buffer\",\"data\":[104,105]},\"stream\":true,\"seq\":3}";

        ResponsePacket decoded =
                (ResponsePacket) json.deserialize(PacketType.RESPONSE, moleculer.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.stream()).isTrue();
        assertThat(decoded.seq()).isEqualTo(OptionalInt.of(3));
        assertThat(decoded.data().isBinary()).isTrue();
        assertThat(new String(((BinaryNode) decoded.data()).binaryValue(), StandardCharsets.US_ASCII))
                .isEqualTo("hi");
        ResponsePacket again = (ResponsePacket) json.deserialize(PacketType.RESPONSE, json.serialize(decoded));
        assertThat(again).isEqualTo(decoded);
    }

    @Test
    void theClosingPacketsCarryNullBytesAndTheErrorWhereMoleculerPutsIt() {
        RequestPacket end = StreamPackets.requestEnd(first(), 9);
        RequestPacket error = StreamPackets.requestError(
                first(), 9, JsonNodeFactory.instance.objectNode().put("name", "MoleculerError"));

        String endText = new String(json.serialize(end), StandardCharsets.UTF_8);
        String errorText = new String(json.serialize(error), StandardCharsets.UTF_8);

        assertThat(endText)
                .contains("\"params\":null")
                .contains("\"stream\":false")
                .contains("\"seq\":9");
        assertThat(errorText).contains("\"headers\":{\"$streamError\":{\"name\":\"MoleculerError\"}}");
    }
}
