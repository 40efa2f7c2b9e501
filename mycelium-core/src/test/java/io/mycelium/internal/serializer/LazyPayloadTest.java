package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The payload kept encoded from decoding to re-encoding, when nothing looked at it (see LazyObjectNode). */
class LazyPayloadTest {

    // Spacing, key order, escapes and number spellings a tree would not keep: they survive only as bytes.
    private static final String PARAMS =
            "{ \"b\" : 1.50, \"a\":[1,2 ,3],\"s\":\"caf\\u00e9 \\\"q\\\"\",\"n\":{\"x\":null},\"big\":1e2}";

    private static final Serializer JSON = SerializerRoundTripTest.serializer("json");

    private static byte[] request(String params) {
        return ("{\"ver\":\"5\",\"sender\":\"client\",\"id\":\"r1\",\"action\":\"svc.echo\",\"params\":" + params
                        + ",\"meta\":{},\"timeout\":5000}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ResponsePacket answer(JsonNode data) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return new ResponsePacket(
                "server",
                "r1",
                true,
                data,
                Optional.empty(),
                f.objectNode(),
                f.objectNode(),
                false,
                OptionalInt.empty());
    }

    private static String dataOf(byte[] response) {
        String text = new String(response, StandardCharsets.UTF_8);
        int start = text.indexOf("\"data\":") + "\"data\":".length();
        return text.substring(start, start + PARAMS.length());
    }

    @Test
    void untouchedJsonParamsAreWrittenBackByteForByte() {
        RequestPacket in = (RequestPacket) JSON.deserialize(PacketType.REQUEST, request(PARAMS));

        byte[] out = JSON.serialize(answer(in.params()));

        assertThat(dataOf(out)).isEqualTo(PARAMS);
        ResponsePacket back = (ResponsePacket) JSON.deserialize(PacketType.RESPONSE, out);
        assertThat(back.data()).isEqualTo(Packets.json(PARAMS.replace('\'', '"')));
    }

    @Test
    void theRequestBytesMayBeReusedOnceDecoded() {
        byte[] bytes = request(PARAMS);
        RequestPacket in = (RequestPacket) JSON.deserialize(PacketType.REQUEST, bytes);
        Arrays.fill(bytes, (byte) ' '); // as a transport reusing its buffer would

        assertThat(dataOf(JSON.serialize(answer(in.params())))).isEqualTo(PARAMS);
        assertThat(in.params().path("n").has("x")).isTrue();
    }

    @Test
    void aHandlerReadingTheParamsSeesTheTree() {
        JsonNode params = ((RequestPacket) JSON.deserialize(PacketType.REQUEST, request(PARAMS))).params();

        assertThat(params.isObject()).isTrue();
        assertThat(params.get("s").textValue()).isEqualTo("café \"q\"");
        assertThat(params.get("a").size()).isEqualTo(3);
        assertThat(params.size()).isEqualTo(5);
        assertThat(params.fieldNames()).toIterable().containsExactly("b", "a", "s", "n", "big");
        assertThat(params).isEqualTo(Packets.json(PARAMS));
        assertThat(Packets.json(PARAMS)).isEqualTo(params);
        assertThat(params.hashCode()).isEqualTo(Packets.json(PARAMS).hashCode());
        assertThat(params.toString()).isEqualTo(Packets.json(PARAMS).toString());
    }

    @Test
    void paramsChangedByTheHandlerAreWrittenAsChanged() {
        RequestPacket in = (RequestPacket) JSON.deserialize(PacketType.REQUEST, request(PARAMS));
        ObjectNode params = (ObjectNode) in.params();
        ((ObjectNode) params.get("n")).put("x", 7); // a change deep inside: the bytes must not be used

        ResponsePacket back = (ResponsePacket) JSON.deserialize(PacketType.RESPONSE, JSON.serialize(answer(params)));

        assertThat(back.data().path("n").path("x").intValue()).isEqualTo(7);
        assertThat(back.data().path("s").textValue()).isEqualTo("café \"q\"");
    }

    @Test
    void aLazyTreeConvertsWithJackson() throws Exception {
        RequestPacket in = (RequestPacket) JSON.deserialize(PacketType.REQUEST, request(PARAMS));

        Map<String, Object> map = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(in.params(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});

        assertThat(map).containsKeys("a", "b", "s", "n", "big");
    }

    @ParameterizedTest
    @ValueSource(strings = {"msgpack", "cbor"})
    void jsonParamsAnsweredInAnotherFormatAreWrittenAsATree(String other) {
        Serializer binary = SerializerRoundTripTest.serializer(other);
        RequestPacket in = (RequestPacket) JSON.deserialize(PacketType.REQUEST, request(PARAMS));

        ResponsePacket back =
                (ResponsePacket) binary.deserialize(PacketType.RESPONSE, binary.serialize(answer(in.params())));

        assertThat(back.data()).isEqualTo(Packets.json(PARAMS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"msgpack", "cbor"})
    void binaryParamsEchoedInTheSameFormatSurvive(String name) {
        Serializer binary = SerializerRoundTripTest.serializer(name);
        RequestPacket json = (RequestPacket) JSON.deserialize(PacketType.REQUEST, request(PARAMS));
        RequestPacket sent = new RequestPacket(
                json.sender(),
                json.id(),
                json.action(),
                Packets.json(PARAMS),
                json.meta(),
                json.headers(),
                json.timeout(),
                json.level(),
                json.tracing(),
                json.parentId(),
                json.requestId(),
                json.caller(),
                false,
                OptionalInt.empty());
        RequestPacket in = (RequestPacket) binary.deserialize(PacketType.REQUEST, binary.serialize(sent));

        ResponsePacket back =
                (ResponsePacket) binary.deserialize(PacketType.RESPONSE, binary.serialize(answer(in.params())));

        assertThat(back.data()).isEqualTo(Packets.json(PARAMS));
    }

    @Test
    void eventDataPassesThroughToo() {
        byte[] bytes = ("{\"ver\":\"5\",\"sender\":\"a\",\"event\":\"e\",\"data\":" + PARAMS + "}")
                .getBytes(StandardCharsets.UTF_8);
        EventPacket in = (EventPacket) JSON.deserialize(PacketType.EVENT, bytes);

        String out = new String(JSON.serialize(in), StandardCharsets.UTF_8);

        assertThat(out).contains("\"data\":" + PARAMS + ",");
    }

    @Test
    void payloadObjectsNestedTooDeepAreRejectedWhenDecoded() {
        int levels = WireFormat.MAX_DEPTH; // inside params, which is already level 2
        String deep = "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);

        assertThatThrownBy(() -> JSON.deserialize(PacketType.REQUEST, request(deep)))
                .isInstanceOf(InvalidPacketException.class);
    }

    @Test
    void malformedPayloadObjectsAreRejectedWhenDecoded() {
        assertThatThrownBy(() -> JSON.deserialize(PacketType.REQUEST, request("{\"a\":[1,}")))
                .isInstanceOf(InvalidPacketException.class);
        assertThatThrownBy(() -> JSON.deserialize(PacketType.REQUEST, request("{\"a\":\"\u0001\"}")))
                .isInstanceOf(InvalidPacketException.class);
    }

    @Test
    void paramsOfAPacketInUtf16AreReadAsATree() {
        byte[] utf16 = new String(request(PARAMS), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE);

        RequestPacket in = (RequestPacket) JSON.deserialize(PacketType.REQUEST, utf16);

        assertThat(in.params()).isEqualTo(Packets.json(PARAMS));
        String out = new String(JSON.serialize(answer(in.params())), StandardCharsets.UTF_8);
        assertThat(out).contains("\"data\":{\"b\":1.5,"); // written from the tree
    }
}
