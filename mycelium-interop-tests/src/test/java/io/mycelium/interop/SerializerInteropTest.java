package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import io.mycelium.transport.testkit.BrokerProcess;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mycelium's serializers against Moleculer's, packet by packet, with no Java broker involved. Real
 * Moleculer nodes exchange every packet type (over NATS, and over TCP for the gossip packets); each packet
 * they sent is read by the Java serializer, written back by it, and read again by Moleculer, which must
 * find the same fields and values it sent.
 */
class SerializerInteropTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JSON", "MsgPack", "CBOR"})
    void everyMoleculerPacketSurvivesAJavaRoundTrip(String serializerName) {
        Serializer java = javaSerializer(serializerName);
        List<JsonNode> wire = new ArrayList<>();
        String ns = "ser-" + UUID.randomUUID();
        String a = "ser-a-" + ns;
        String b = "ser-b-" + ns;
        NodePeer server = NodePeer.start(env(ns, a, serializerName, "nats://127.0.0.1:4222", "{}", "all"));
        try {
            NodePeer client = NodePeer.start(env(ns, b, serializerName, "nats://127.0.0.1:4222", "{}", "events"));
            try {
                exercise(server, client, a, b);
            } finally {
                client.close();
            }
            wire.addAll(client.wire());
            String tns = ns + "-tcp";
            int portA = BrokerProcess.freePort();
            int portB = BrokerProcess.freePort();
            try (NodePeer ta = NodePeer.start(
                            env(tns, "t" + a, serializerName, "TCP", tcp(portA, portB, "t" + b), "all"));
                    NodePeer tb = NodePeer.start(
                            env(tns, "t" + b, serializerName, "TCP", tcp(portB, portA, "t" + a), "events"))) {
                exercise(ta, tb, "t" + a, "t" + b);
                wire.addAll(ta.wire());
                wire.addAll(tb.wire());
            }
            wire.addAll(server.wire());

            Set<PacketType> checked = EnumSet.noneOf(PacketType.class);
            List<String> problems = new ArrayList<>();
            for (JsonNode w : wire) {
                if (!w.path("dir").asText().equals("out")) {
                    continue;
                }
                PacketType type = PacketType.ofCommand(w.path("type").asText()).orElseThrow();
                byte[] bytes = Base64.getDecoder().decode(w.path("bytes").asText());
                Packet packet;
                try {
                    packet = java.deserialize(type, bytes);
                } catch (RuntimeException e) {
                    problems.add("Java cannot read " + type + " " + w.path("packet") + ": " + e);
                    continue;
                }
                byte[] again = java.serialize(packet);
                JsonNode seenByNode = server.command(
                        "decode",
                        Map.of(
                                "type",
                                type.command(),
                                "bytes",
                                Base64.getEncoder().encodeToString(again)));
                compare(type.toString(), w.path("packet"), seenByNode, problems);
                checked.add(type);
            }
            assertThat(problems).isEmpty();
            assertThat(checked).containsExactlyInAnyOrder(PacketType.values());
        } finally {
            server.close();
        }
    }

    /** Makes every packet type travel between the two peers. */
    private static void exercise(NodePeer server, NodePeer client, String a, String b) {
        client.command("waitForServices", Map.of("services", List.of("node-math")));
        server.command("waitForNodes", Map.of("nodes", List.of(b)));
        client.command(
                "call",
                Map.of(
                        "action", "node-math.echo",
                        "params", Map.of("s", "héllo ✓ 😀", "n", 1.5, "i", 42, "big", 12345678901L, "b", true),
                        "meta", Map.of("user", Map.of("id", 7, "roles", List.of("a", "b")))));
        try {
            client.command("call", Map.of("action", "node-math.fail", "params", Map.of("code", 418, "type", "T")));
        } catch (NodePeer.NodeCommandException expected) {
            // the error RESPONSE is what we want on the wire
        }
        client.command("emit", Map.of("event", "interop.balanced", "data", Map.of("x", 1)));
        client.command("broadcast", Map.of("event", "interop.broadcast", "data", List.of(1, 2)));
        client.command("emit", Map.of("event", "interop.balanced", "data", Map.of("g", 1), "groups", List.of("mix")));
        client.command("ping", Map.of("nodeID", a));
        server.command("ping", Map.of("nodeID", b));
    }

    /**
     * Every field Moleculer sent must come back with the same value. Fields the Java side adds are accepted
     * only when neutral (null, false, empty object).
     */
    private static void compare(String where, JsonNode sent, JsonNode back, List<String> problems) {
        if (sent.isObject()) {
            if (!back.isObject()) {
                problems.add(where + ": expected an object, got " + back);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = back.get(e.getKey());
                if (e.getValue().isNull()) {
                    if (other != null && !isNeutral(other)) {
                        problems.add(where + "." + e.getKey() + ": sent null, got " + other);
                    }
                    continue;
                }
                if (other == null || other.isNull()) {
                    problems.add(where + "." + e.getKey() + ": sent " + e.getValue() + ", got nothing");
                    continue;
                }
                compare(where + "." + e.getKey(), e.getValue(), other, problems);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = back.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!sent.has(e.getKey()) && !isNeutral(e.getValue())) {
                    problems.add(where + "." + e.getKey() + ": not sent, but Java added " + e.getValue());
                }
            }
        } else if (sent.isArray()) {
            if (!back.isArray() || back.size() != sent.size()) {
                problems.add(where + ": sent " + sent + ", got " + back);
                return;
            }
            for (int i = 0; i < sent.size(); i++) {
                compare(where + "[" + i + "]", sent.get(i), back.get(i), problems);
            }
        } else if (sent.isNumber()) {
            boolean fractionalTimeout = where.endsWith(".timeout") && !sent.isIntegralNumber();
            double tolerance = fractionalTimeout ? 1.0 : 0.0;
            if (!back.isNumber() || Math.abs(sent.doubleValue() - back.doubleValue()) > tolerance) {
                problems.add(where + ": sent " + sent + ", got " + back);
            }
        } else if (!sent.equals(back)) {
            problems.add(where + ": sent " + sent + ", got " + back);
        }
    }

    private static boolean isNeutral(JsonNode node) {
        return node.isNull() || (node.isBoolean() && !node.booleanValue()) || (node.isObject() && node.isEmpty());
    }

    static Serializer javaSerializer(String moleculerName) {
        String name = moleculerName.toLowerCase(Locale.ROOT);
        for (SerializerProvider p : ServiceLoader.load(SerializerProvider.class)) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.create();
            }
        }
        throw new AssertionError("no Mycelium serializer named '" + name + "' on the class path");
    }

    private static String tcp(int port, int otherPort, String otherId) {
        ObjectNode o = NodePeer.JSON.createObjectNode();
        o.put("udpDiscovery", false).put("port", port);
        o.putArray("urls").add("127.0.0.1:" + otherPort + "/" + otherId);
        return o.toString();
    }

    private static Map<String, String> env(
            String ns, String nodeId, String serializer, String transporter, String options, String services) {
        return Map.of(
                "MOL_NAMESPACE", ns,
                "MOL_NODE_ID", nodeId,
                "MOL_SERIALIZER", serializer,
                "MOL_TRANSPORTER", transporter,
                "MOL_TRANSPORTER_OPTIONS", options,
                "MOL_SERVICES", services,
                "MOL_WIRETAP", "true");
    }
}
