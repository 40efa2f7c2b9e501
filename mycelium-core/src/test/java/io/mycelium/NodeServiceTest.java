package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** {@code $node.*} and INFO entries compared with what Moleculer 0.15.2 answers (captured in test resources). */
class NodeServiceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode moleculer(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(NodeServiceTest.class.getResourceAsStream("/moleculer/" + name))) {
            return MAPPER.readTree(in);
        }
    }

    static Service mathLikeMoleculers() {
        return Service.named("math")
                .version(2)
                .settings(Map.of("a", 1))
                .action(ActionDefinition.of("add", ctx -> 1)
                        .withParams(MAPPER.createObjectNode().put("a", "number")))
                .action("sub", ctx -> 2)
                .event("user.created", ctx -> {})
                .event("x.y", "g", ctx -> {})
                .build();
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode service(JsonNode services, String fullName) {
        for (JsonNode s : services) {
            if (s.get("fullName").asText().equals(fullName)) {
                return s;
            }
        }
        throw new AssertionError(fullName + " not in " + services);
    }

    @Test
    void infoServiceEntriesMatchMoleculers() throws IOException {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n1", mathLikeMoleculers());

            JsonNode self = JsonNodeAssert.node(node, "n1");
            JsonNode list =
                    node.call("$node.list", Map.of("withServices", true)).join().get(0);

            assertThat(service(list.get("services"), "v2.math")).isEqualTo(moleculer("info-service-math.json"));
            JsonNode ours = service(list.get("services"), "$node");
            assertThat(ours).isEqualTo(moleculer("info-service-node.json"));
            assertThat(fields(self))
                    .containsExactly(
                            "id",
                            "instanceID",
                            "available",
                            "local",
                            "lastHeartbeatTime",
                            "config",
                            "client",
                            "metadata",
                            "ipList",
                            "port",
                            "hostname",
                            "udpAddress",
                            "cpu",
                            "cpuSeq",
                            "seq",
                            "offlineSince");
            assertThat(self.get("client").get("type").asText()).isEqualTo("java");
            assertThat(self.get("seq").asInt()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void listsServicesActionsAndEventsAcrossTheMeshInMoleculersShape() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("n1", mathLikeMoleculers());
            ServiceBroker n2 = mesh.broker("n2", mathLikeMoleculers());
            org.awaitility.Awaitility.await()
                    .until(() -> service(n2.call("$node.services", null).join(), "v2.math")
                                    .get("nodes")
                                    .size()
                            == 2);

            JsonNode math = service(
                    n2.call("$node.services", Map.of("withActions", true, "withEvents", true))
                            .join(),
                    "v2.math");
            assertThat(fields(math))
                    .containsExactly(
                            "name",
                            "version",
                            "fullName",
                            "settings",
                            "metadata",
                            "local",
                            "available",
                            "nodes",
                            "actions",
                            "events");
            assertThat(math.get("actions").get("v2.math.add").get("rawName").asText())
                    .isEqualTo("add");
            assertThat(math.get("events").get("x.y").get("group").asText()).isEqualTo("g");

            JsonNode ungrouped = n2.call("$node.services", Map.of("grouping", false, "skipInternal", true))
                    .join();
            assertThat(ungrouped).hasSize(2);
            assertThat(fields(ungrouped.get(0))).contains("nodeID").doesNotContain("nodes");

            JsonNode actions = n2.call("$node.actions", Map.of("withEndpoints", true, "skipInternal", true))
                    .join();
            JsonNode add = actions.get(0);
            assertThat(fields(add)).containsExactly("name", "count", "hasLocal", "available", "action", "endpoints");
            assertThat(add.get("name").asText()).isEqualTo("v2.math.add");
            assertThat(add.get("count").asInt()).isEqualTo(2);
            assertThat(fields(add.get("endpoints").get(0))).containsExactly("nodeID", "state", "available");

            JsonNode events = n2.call("$node.events", null).join();
            JsonNode created = events.get(0);
            assertThat(fields(created)).containsExactly("name", "group", "count", "hasLocal", "available", "event");
            assertThat(created.get("group").asText()).isEqualTo("math");

            assertThat(fields(n2.call("$node.health", null).join()))
                    .containsExactly("cpu", "mem", "os", "process", "client", "net", "time");
            JsonNode options = n2.call("$node.options", null).join();
            assertThat(options.get("nodeID").asText()).isEqualTo("n2");
            assertThat(options.get("registry").get("strategy").asText()).isEqualTo("RoundRobin");
        }
    }

    @Test
    void bumpsTheInfoSeqOnEveryServiceChange() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker n1 = mesh.broker("n1");
            ServiceBroker n2 = mesh.broker("n2");
            long before = JsonNodeAssert.node(n1, "n1").get("seq").asLong();

            n1.register(Service.named("extra").action("x", ctx -> 1));
            Mesh.await(n2, "extra");
            assertThat(n1.unregister("extra")).isTrue();

            org.awaitility.Awaitility.await()
                    .until(() -> JsonNodeAssert.node(n2, "n1").get("seq").asLong() == before + 2);
            org.awaitility.Awaitility.await().until(() -> n2.call("$node.services", Map.of("skipInternal", true))
                    .join()
                    .isEmpty());
        }
    }

    @Test
    void forgetsNodesOfflineLongerThanTheOfflineTimeout() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker n1 = mesh.broker("n1", b -> b.offlineNodeTimeout(java.time.Duration.ofMillis(300)));
            ServiceBroker n2 = mesh.broker("n2");
            org.awaitility.Awaitility.await()
                    .until(() -> n1.call("$node.list", null).join().size() == 2);

            n2.stop();

            org.awaitility.Awaitility.await()
                    .until(() -> n1.call("$node.list", null).join().size() == 1);
        }
    }
}
