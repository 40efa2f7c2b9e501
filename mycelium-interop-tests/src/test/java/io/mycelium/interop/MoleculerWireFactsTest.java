package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.transport.testkit.BrokerProcess;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the wire facts of {@code PROTOCOL.md} against two real Moleculer 0.15.2 nodes, with no Java broker
 * involved: a raw NATS subscriber records every packet of the namespace, and the TCP transporter's packets
 * are recorded by the peers' wire tap. If Moleculer and our notes ever disagree, this fails first.
 */
class MoleculerWireFactsTest {

    record Captured(String subject, JsonNode packet) {}

    @Test
    void natsPacketsUseTheDocumentedTopicsAndFields() throws Exception {
        String ns = "wf-" + UUID.randomUUID();
        String prefix = "MOL-" + ns;
        List<Captured> seen = new CopyOnWriteArrayList<>();
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            Dispatcher d = nc.createDispatcher(msg -> {
                try {
                    seen.add(new Captured(msg.getSubject(), NodePeer.JSON.readTree(msg.getData())));
                } catch (IOException e) {
                    seen.add(new Captured(msg.getSubject(), NodePeer.JSON.createObjectNode()));
                }
            });
            d.subscribe(prefix + ".>");
            nc.flush(Duration.ofSeconds(5));

            String a = "wf-a-" + ns;
            String b = "wf-b-" + ns;
            try (NodePeer server = NodePeer.start(env(ns, a, "nats://127.0.0.1:4222", "all"));
                    NodePeer client = NodePeer.start(env(ns, b, "nats://127.0.0.1:4222", "events,shared"))) {
                client.command("waitForServices", Map.of("services", List.of("node-math")));
                server.command("waitForNodes", Map.of("nodes", List.of(b)));
                client.command("call", Map.of("action", "node-math.echo", "params", Map.of("x", 1)));
                client.command(
                        "call",
                        Map.of("action", "node-math.relay", "params", Map.of("action", "shared.whoami", "nodeID", b)));
                client.command("broadcast", Map.of("event", "interop.broadcast", "data", Map.of("y", 2)));
                assertThat(client.command("ping", Map.of("nodeID", a))
                                .path("nodeID")
                                .asText())
                        .isEqualTo(a);
                try {
                    client.command("call", Map.of("action", "node-math.validated", "params", Map.of("name", "x")));
                } catch (NodePeer.NodeCommandException expected) {
                    assertThat(expected.name()).isEqualTo("ValidationError");
                }
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> seen.stream().anyMatch(c -> c.subject().equals(prefix + ".HEARTBEAT")));
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> seen.stream()
                                    .filter(c -> c.subject().equals(prefix + ".DISCONNECT"))
                                    .count()
                            == 2);

            Map<String, List<Captured>> byTopic =
                    seen.stream().collect(Collectors.groupingBy(c -> c.subject().substring(prefix.length() + 1)));
            assertThat(byTopic.keySet())
                    .contains(
                            "DISCOVER",
                            "INFO",
                            "INFO." + b,
                            "HEARTBEAT",
                            "REQ." + a,
                            "REQ." + b,
                            "RES." + a,
                            "RES." + b,
                            "EVENT." + a,
                            "PING." + a,
                            "PONG." + b,
                            "DISCONNECT");
            assertThat(seen).allSatisfy(c -> {
                assertThat(c.packet().path("ver").asText()).isEqualTo("5");
                assertThat(c.packet().path("sender").asText()).isIn(a, b);
            });

            JsonNode info = topic(byTopic, "INFO." + b).get(0).packet();
            assertThat(info.fieldNames())
                    .toIterable()
                    .contains("services", "ipList", "hostname", "client", "config", "instanceID", "metadata", "seq");
            assertThat(info.path("client").path("type").asText()).isEqualTo("nodejs");
            JsonNode math = find(info.path("services"), "node-math");
            assertThat(math.path("actions")
                            .path("node-math.add")
                            .path("rawName")
                            .asText())
                    .isEqualTo("add");
            assertThat(find(info.path("services"), "node-svc").path("fullName").asText())
                    .isEqualTo("v2.node-svc");
            assertThat(find(info.path("services"), "$node").path("actions").has("$node.list"))
                    .isTrue();

            JsonNode req = topic(byTopic, "REQ." + a).get(0).packet();
            assertThat(req.fieldNames())
                    .toIterable()
                    .contains(
                            "id",
                            "action",
                            "params",
                            "meta",
                            "headers",
                            "timeout",
                            "level",
                            "tracing",
                            "parentID",
                            "requestID",
                            "caller",
                            "stream");
            assertThat(req.path("stream").asBoolean(true)).isFalse();
            // A call made inside a handler carries the remaining budget: a fractional number of ms.
            assertThat(topic(byTopic, "REQ." + b).stream().map(c -> c.packet().path("timeout")))
                    .anySatisfy(t -> assertThat(t.isFloatingPointNumber()).isTrue());

            JsonNode failed = topic(byTopic, "RES." + b).stream()
                    .map(Captured::packet)
                    .filter(p -> !p.path("success").asBoolean())
                    .findFirst()
                    .orElseThrow();
            assertThat(failed.path("error").fieldNames())
                    .toIterable()
                    .contains("name", "message", "nodeID", "code", "type", "retryable", "stack", "data");
            assertThat(failed.path("error").path("data").get(0).path("field").asText())
                    .isEqualTo("name");

            JsonNode event = topic(byTopic, "EVENT." + a).get(0).packet();
            assertThat(event.path("broadcast").asBoolean()).isTrue();
            assertThat(event.has("groups"))
                    .as("a broadcast EVENT has no groups field")
                    .isFalse();
            assertThat(topic(byTopic, "PONG." + b).get(0).packet().has("arrived"))
                    .isTrue();
            assertThat(topic(byTopic, "HEARTBEAT").get(0).packet().has("cpu")).isTrue();
            assertThat(topic(byTopic, "INFO").stream()
                            .map(c -> c.packet().path("services").size()))
                    .as("a stopping node first broadcasts an INFO with no services")
                    .contains(0);
        }
    }

    @Test
    void tcpTransporterSendsOnlyDirectPacketsAndGossip() {
        String ns = "wf-" + UUID.randomUUID();
        int portA = BrokerProcess.freePort();
        int portB = BrokerProcess.freePort();
        String a = "wf-ta-" + ns;
        String b = "wf-tb-" + ns;
        String urlsA = "[\"127.0.0.1:" + portB + "/" + b + "\"]";
        String urlsB = "[\"127.0.0.1:" + portA + "/" + a + "\"]";
        try (NodePeer server = NodePeer.start(tcpEnv(ns, a, portA, urlsA, "all"));
                NodePeer client = NodePeer.start(tcpEnv(ns, b, portB, urlsB, "events"))) {
            client.command("waitForServices", Map.of("services", List.of("node-math")));
            client.command("call", Map.of("action", "node-math.echo", "params", Map.of("x", 1)));
            client.command("ping", Map.of("nodeID", a));

            List<JsonNode> out = server.wire().stream()
                    .filter(w -> w.path("dir").asText().equals("out"))
                    .toList();
            List<JsonNode> in = server.wire().stream()
                    .filter(w -> w.path("dir").asText().equals("in"))
                    .toList();
            assertThat(server.wire().stream().map(w -> w.path("type").asText())).allMatch(t -> List.of(
                            "EVENT", "REQ", "RES", "PING", "PONG", "GOSSIP_REQ", "GOSSIP_RES", "GOSSIP_HELLO")
                    .contains(t));
            JsonNode hello = in.stream()
                    .filter(w -> w.path("type").asText().equals("GOSSIP_HELLO"))
                    .findFirst()
                    .orElseThrow()
                    .path("packet");
            assertThat(hello.path("port").asInt()).isEqualTo(portB);
            assertThat(hello.has("host")).isTrue();
            JsonNode res = out.stream()
                    .filter(w -> w.path("type").asText().equals("GOSSIP_RES"))
                    .findFirst()
                    .orElseThrow()
                    .path("packet");
            JsonNode row = res.path("online").path(a);
            assertThat(row.isArray()).isTrue();
            assertThat(row.size()).isEqualTo(3);
            assertThat(row.get(0).fieldNames())
                    .toIterable()
                    .contains("services", "ipList", "hostname", "instanceID", "client", "port", "seq")
                    .doesNotContain("sender", "ver");
            assertThat(row.get(0).path("port").asInt()).isEqualTo(portA);
        }
    }

    private static List<Captured> topic(Map<String, List<Captured>> byTopic, String topic) {
        List<Captured> list = byTopic.get(topic);
        if (list == null) {
            throw new AssertionError("nothing was published on " + topic + "; topics: " + byTopic.keySet());
        }
        return list;
    }

    private static JsonNode find(JsonNode services, String name) {
        for (JsonNode s : services) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + services);
    }

    /**
     * Why the AMQP cells run Moleculer with {@code prefetch: 2}: with its default of 1, a Moleculer node
     * cannot receive a streamed request from another Moleculer node. The REQUEST that opens the stream is
     * acknowledged only when its handler ends, and the handler waits for the chunks queued behind it.
     * A streamed reply (RESPONSE queues are consumed without acknowledgements) is unaffected.
     */
    @Test
    void moleculerOverAmqpReceivesAStreamedRequestOnlyWithAPrefetchAboveOne() {
        String ns = "wf-" + UUID.randomUUID();
        int size = 1 << 20;
        String expected = PatternBytes.sha256(size, 5);
        for (int prefetch : new int[] {1, 2}) {
            String a = "wf-a" + prefetch + "-" + ns;
            String b = "wf-b" + prefetch + "-" + ns;
            Map<String, String> serverEnv = amqpEnv(ns + "-" + prefetch, a, prefetch, "stream");
            Map<String, String> clientEnv = amqpEnv(ns + "-" + prefetch, b, prefetch, "shared");
            try (NodePeer server = NodePeer.start(serverEnv);
                    NodePeer client = NodePeer.start(clientEnv)) {
                client.command("waitForServices", Map.of("services", List.of("node-stream")));
                JsonNode download = client.command(
                        "download",
                        Map.of("action", "node-stream.generate", "params", Map.of("size", size, "seed", 5)));
                assertThat(download.path("sha256").asText()).isEqualTo(expected);

                Map<String, Object> upload =
                        Map.of("action", "node-stream.sha256", "size", size, "seed", 5, "timeout", 3000);
                if (prefetch == 1) {
                    NodePeer.NodeCommandException stuck = CoreInteropContract.failure(
                            NodePeer.NodeCommandException.class, () -> client.command("upload", upload));
                    assertThat(stuck.name()).isEqualTo("RequestTimeoutError");
                } else {
                    assertThat(client.command("upload", upload)
                                    .path("data")
                                    .path("sha256")
                                    .asText())
                            .isEqualTo(expected);
                }
            }
        }
    }

    private static Map<String, String> amqpEnv(String ns, String nodeId, int prefetch, String services) {
        return Map.of(
                "MOL_NAMESPACE", ns,
                "MOL_NODE_ID", nodeId,
                "MOL_TRANSPORTER", "amqp://guest:guest@127.0.0.1:5672",
                "MOL_TRANSPORTER_OPTIONS", "{\"prefetch\":" + prefetch + "}",
                "MOL_SERVICES", services);
    }

    private static Map<String, String> env(String ns, String nodeId, String transporter, String services) {
        return Map.of(
                "MOL_NAMESPACE", ns,
                "MOL_NODE_ID", nodeId,
                "MOL_TRANSPORTER", transporter,
                "MOL_SERVICES", services);
    }

    private static Map<String, String> tcpEnv(String ns, String nodeId, int port, String urls, String services) {
        return Map.of(
                "MOL_NAMESPACE",
                ns,
                "MOL_NODE_ID",
                nodeId,
                "MOL_TRANSPORTER",
                "TCP",
                "MOL_TRANSPORTER_OPTIONS",
                "{\"udpDiscovery\":false,\"port\":" + port + ",\"urls\":" + urls + "}",
                "MOL_SERVICES",
                services,
                "MOL_WIRETAP",
                "true");
    }
}
