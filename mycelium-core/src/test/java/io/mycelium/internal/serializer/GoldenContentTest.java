package io.mycelium.internal.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.DisconnectPacket;
import io.mycelium.protocol.DiscoverPacket;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.GossipRequestPacket;
import io.mycelium.protocol.GossipResponsePacket;
import io.mycelium.protocol.HeartbeatPacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PingPacket;
import io.mycelium.protocol.PongPacket;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The fields of real Moleculer 0.15.2 packets land in the right record components, in every format. */
class GoldenContentTest {

    static final List<String> SERIALIZERS = Golden.SERIALIZERS;

    private static <P extends Packet> P decode(String serializer, String name, Class<P> type) {
        Golden golden = Golden.load(serializer, name);
        return type.cast(SerializerRoundTripTest.serializer(serializer).deserialize(golden.type(), golden.bytes()));
    }

    private static byte[] chunkBytes() {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesInfoWithNodeServiceAndVersionedService(String serializer) {
        InfoPacket info = decode(serializer, "info", InfoPacket.class);

        assertThat(info.sender()).isEqualTo("node-a");
        assertThat(info.client().path("type").asText()).isEqualTo("nodejs");
        assertThat(info.client().path("version").asText()).isEqualTo("0.15.2");
        assertThat(info.instanceId()).isNotBlank();
        assertThat(info.ipList()).isNotEmpty();
        assertThat(info.metadata().path("region").asText()).isEqualTo("test");
        assertThat(info.seq()).isPositive();
        assertThat(info.extras().isEmpty()).isTrue();
        JsonNode nodeService = service(info, "$node");
        assertThat(nodeService.path("actions").has("$node.list")).isTrue();
        assertThat(nodeService.path("actions").has("$node.health")).isTrue();
        JsonNode math = service(info, "v2.math");
        assertThat(math.path("name").asText()).isEqualTo("math");
        assertThat(math.path("version").asInt()).isEqualTo(2);
        JsonNode add = math.path("actions").path("v2.math.add");
        assertThat(add.path("rawName").asText()).isEqualTo("add");
        assertThat(add.path("params").path("a").asText()).isEqualTo("number");
        assertThat(math.path("events").path("config.changed").path("name").asText())
                .isEqualTo("config.changed");
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesTheEmptyInfoOfAStoppingNode(String serializer) {
        InfoPacket info = decode(serializer, "info-stopping", InfoPacket.class);

        assertThat(info.sender()).isEqualTo("node-b");
        assertThat(info.services().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesARequestAndItsResponse(String serializer) {
        RequestPacket request = decode(serializer, "request", RequestPacket.class);
        ResponsePacket response = decode(serializer, "response", ResponsePacket.class);

        assertThat(request.sender()).isEqualTo("node-b");
        assertThat(request.action()).isEqualTo("v2.math.add");
        assertThat(request.params()).isEqualTo(Packets.json("{'a':5,'b':3}"));
        assertThat(request.meta()).isEqualTo(Packets.json("{'user':'bob'}"));
        assertThat(request.headers().isEmpty()).isTrue();
        assertThat(request.timeout()).isZero();
        assertThat(request.level()).isEqualTo(1);
        assertThat(request.tracing()).isEmpty();
        assertThat(request.parentId()).isEmpty();
        assertThat(request.requestId()).contains(request.id());
        assertThat(request.caller()).isEmpty();
        assertThat(request.stream()).isFalse();
        assertThat(request.seq()).isEmpty();

        assertThat(response.id()).isEqualTo(request.id());
        assertThat(response.sender()).isEqualTo("node-a");
        assertThat(response.success()).isTrue();
        assertThat(response.data().intValue()).isEqualTo(8);
        assertThat(response.error()).isEmpty();
        assertThat(response.meta().path("answeredBy").asText()).isEqualTo("node-b");
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesAValidationErrorResponse(String serializer) {
        RequestPacket request = decode(serializer, "request-invalid", RequestPacket.class);
        ResponsePacket response = decode(serializer, "response-validation-error", ResponsePacket.class);

        assertThat(response.id()).isEqualTo(request.id());
        assertThat(response.success()).isFalse();
        assertThat(response.data().isNull()).isTrue();
        JsonNode error = response.error().orElseThrow();
        assertThat(error.path("name").asText()).isEqualTo("ValidationError");
        assertThat(error.path("code").asInt()).isEqualTo(422);
        assertThat(error.path("type").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("retryable").asBoolean(true)).isFalse();
        assertThat(error.path("nodeID").asText()).isEqualTo("node-a");
        assertThat(error.path("data").get(0).path("field").asText()).isEqualTo("a");
        assertThat(error.path("data").get(0).path("actual").asText()).isEqualTo("five");
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesABalancedEventWithGroupsAndABroadcastWithout(String serializer) {
        EventPacket event = decode(serializer, "event", EventPacket.class);
        EventPacket broadcast = decode(serializer, "event-broadcast", EventPacket.class);

        assertThat(event.event()).isEqualTo("user.created");
        assertThat(event.data()).isEqualTo(Packets.json("{'id':7,'name':'Ann'}"));
        assertThat(event.groups()).contains(List.of("mail", "audit"));
        assertThat(event.broadcast()).isFalse();
        assertThat(event.needAck()).isFalse();
        assertThat(event.stream()).isFalse();
        assertThat(event.seq()).isEmpty();

        assertThat(broadcast.event()).isEqualTo("config.changed");
        assertThat(broadcast.groups()).isEmpty();
        assertThat(broadcast.broadcast()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesPingPongHeartbeatDiscoverAndDisconnect(String serializer) {
        PingPacket ping = decode(serializer, "ping", PingPacket.class);
        PongPacket pong = decode(serializer, "pong", PongPacket.class);
        HeartbeatPacket heartbeat = decode(serializer, "heartbeat", HeartbeatPacket.class);

        assertThat(ping.sender()).isEqualTo("node-b");
        assertThat(ping.time()).isGreaterThan(1_600_000_000_000L);
        assertThat(pong.id()).isEqualTo(ping.id());
        assertThat(pong.time()).isEqualTo(ping.time());
        assertThat(pong.arrived()).isGreaterThanOrEqualTo(ping.time());
        assertThat(heartbeat.cpu()).isBetween(0, 100);
        assertThat(decode(serializer, "discover", DiscoverPacket.class)).isEqualTo(new DiscoverPacket("node-a"));
        assertThat(decode(serializer, "disconnect", DisconnectPacket.class)).isEqualTo(new DisconnectPacket("node-b"));
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesAStreamedRequestWithItsByteChunk(String serializer) throws IOException {
        RequestPacket start = decode(serializer, "request-stream-start", RequestPacket.class);
        RequestPacket chunk = decode(serializer, "request-stream-chunk", RequestPacket.class);
        RequestPacket end = decode(serializer, "request-stream-end", RequestPacket.class);

        assertThat(start.action()).isEqualTo("files.upload");
        assertThat(start.stream()).isTrue();
        assertThat(start.seq()).isEqualTo(OptionalInt.of(0));
        assertThat(chunk.id()).isEqualTo(start.id());
        assertThat(chunk.stream()).isTrue();
        assertThat(chunk.seq()).isEqualTo(OptionalInt.of(1));
        assertThat(chunk.params().isBinary()).isTrue();
        assertThat(chunk.params().binaryValue()).isEqualTo(chunkBytes());
        assertThat(end.stream()).isFalse();
        assertThat(end.seq()).isEqualTo(OptionalInt.of(2));
        assertThat(end.params().isNull()).isTrue();
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesAStreamedResponseWithItsByteChunk(String serializer) throws IOException {
        ResponsePacket chunk = decode(serializer, "response-stream-chunk", ResponsePacket.class);
        ResponsePacket end = decode(serializer, "response-stream-end", ResponsePacket.class);

        assertThat(chunk.stream()).isTrue();
        assertThat(chunk.seq()).isEqualTo(OptionalInt.of(1));
        assertThat(chunk.data().isBinary()).isTrue();
        assertThat(chunk.data().binaryValue()).isEqualTo(chunkBytes());
        assertThat(end.id()).isEqualTo(chunk.id());
        assertThat(end.stream()).isFalse();
        assertThat(end.error()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @FieldSource("SERIALIZERS")
    void decodesTheTcpTransportersGossip(String serializer) {
        GossipHelloPacket hello = decode(serializer, "gossip-hello", GossipHelloPacket.class);
        GossipRequestPacket request = decode(serializer, "gossip-request", GossipRequestPacket.class);
        GossipResponsePacket response = decode(serializer, "gossip-response", GossipResponsePacket.class);

        assertThat(hello.sender()).isEqualTo("node-b");
        assertThat(hello.host()).isNotBlank();
        assertThat(hello.port()).isBetween(1, 65535);
        JsonNode ownEntry = request.online().path(request.sender());
        assertThat(ownEntry.isArray()).isTrue();
        assertThat(ownEntry.size()).isEqualTo(3);
        JsonNode info = response.online().path("node-a").get(0);
        assertThat(info.path("port").isInt()).isTrue();
        assertThat(info.path("services").isArray()).isTrue();
        assertThat(info.path("instanceID").asText()).isNotBlank();
    }

    private static JsonNode service(InfoPacket info, String fullName) {
        for (JsonNode service : info.services()) {
            if (service.path("fullName").asText().equals(fullName)) {
                return service;
            }
        }
        throw new AssertionError("no service " + fullName + " in " + info.services());
    }
}
