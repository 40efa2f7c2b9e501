package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One sample of every packet type, as a Java node would build them. */
final class Packets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Packets() {}

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }

    static List<Packet> all() {
        return List.of(
                new DiscoverPacket("node-1"),
                new InfoPacket(
                        "node-1",
                        (ArrayNode) json("[{'name':'math','version':2,'fullName':'v2.math','actions':{'v2.math.add':"
                                + "{'name':'v2.math.add','rawName':'add','params':{'a':'number'}}},'events':{}}]"),
                        List.of("10.0.0.1", "127.0.0.1"),
                        "host-a",
                        object("{'type':'java','version':'0.1.0','langVersion':'21'}"),
                        object("{}"),
                        "inst-1",
                        object("{'region':'eu'}"),
                        3,
                        object("{'port':6001}")),
                new HeartbeatPacket("node-1", 42),
                new RequestPacket(
                        "node-1",
                        "req-1",
                        "v2.math.add",
                        json("{'a':1,'b':2.5,'s':'x\\u00e9','n':null,'l':[true,false]}"),
                        object("{'user':'bob'}"),
                        object("{'h':'v'}"),
                        1500,
                        2,
                        Optional.of(true),
                        Optional.of("parent-1"),
                        Optional.of("root-1"),
                        Optional.of("v1.caller"),
                        false,
                        OptionalInt.empty()),
                streamChunk(),
                new ResponsePacket(
                        "node-2",
                        "req-1",
                        true,
                        json("{'sum':3.5}"),
                        Optional.empty(),
                        object("{'user':'bob'}"),
                        object("{}"),
                        false,
                        OptionalInt.empty()),
                new ResponsePacket(
                        "node-2",
                        "req-1",
                        false,
                        NullNode.getInstance(),
                        Optional.of(object("{'name':'ValidationError','message':'bad','code':422,"
                                + "'type':'VALIDATION_ERROR','retryable':false,'data':[{'field':'a'}]}")),
                        object("{}"),
                        object("{}"),
                        false,
                        OptionalInt.empty()),
                new ResponsePacket(
                        "node-2",
                        "req-2",
                        true,
                        BinaryNode.valueOf(new byte[] {(byte) 0xFF, 0, 7}),
                        Optional.empty(),
                        object("{}"),
                        object("{}"),
                        true,
                        OptionalInt.of(4)),
                new EventPacket(
                        "node-1",
                        "evt-1",
                        "user.created",
                        json("{'id':7}"),
                        Optional.of(List.of("mail", "audit")),
                        false,
                        object("{}"),
                        object("{}"),
                        1,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("evt-1"),
                        Optional.empty(),
                        true,
                        false,
                        OptionalInt.empty()),
                new PingPacket("node-1", "ping-1", 1_700_000_000_123L),
                new PongPacket("node-2", "ping-1", 1_700_000_000_123L, 1_700_000_000_130L),
                new DisconnectPacket("node-1"),
                new GossipHelloPacket("node-1", "127.0.0.1", 6001),
                new GossipRequestPacket("node-1", object("{'node-2':[3,1,12]}"), object("{'node-3':2}")),
                new GossipResponsePacket("node-2", object("{'node-1':[4,7]}"), object("{}")));
    }

    private static RequestPacket streamChunk() {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return new RequestPacket(
                "node-1",
                "req-3",
                "files.upload",
                BinaryNode.valueOf(bytes),
                object("{}"),
                object("{}"),
                0,
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.of("req-3"),
                Optional.empty(),
                true,
                OptionalInt.of(1));
    }
}
