package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.MyceliumException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every interop scenario of issue 4 (1–6): the core ones of {@link CoreInteropContract} plus versioned
 * services, validation errors, timeouts both ways and discovery (listing, SIGKILL and graceful stop of
 * either side, load balancing across a Java and a Node instance); the discovery scenarios add and remove
 * nodes of their own.
 */
abstract class InteropContract extends CoreInteropContract {
    /** Moleculer notices a silent node after one to two heartbeat timeouts; a margin for a loaded machine. */
    private static final Duration DETECTION = Mesh.HEARTBEAT_TIMEOUT.multipliedBy(4);

    InteropContract(Transport transport, Wire wire) {
        super(transport, wire);
    }

    @Test
    void versionedServicesAnswerBothWays() {
        assertThat(mesh.java
                        .call("v2.node-svc.hello", Map.of("name", "Java"), String.class)
                        .join())
                .isEqualTo("Hello Java from v2 on " + nodeId());
        assertThat(mesh.node
                        .command("call", Map.of("action", "v2.java-svc.hello", "params", Map.of("name", "Node")))
                        .path("data")
                        .asText())
                .isEqualTo("Hello Node from v2 on " + javaId());
    }

    @Test
    void nodeParameterValidationReachesJavaAsAValidationException() {
        ValidationException e = failure(ValidationException.class, () -> mesh.java
                .call("node-math.validated", Map.of("name", "x", "age", -1))
                .join());
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.type()).isEqualTo("VALIDATION_ERROR");
        assertThat(e.nodeId()).contains(nodeId());
        List<String> fields = new ArrayList<>();
        e.data().forEach(v -> fields.add(v.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("name", "age");
        assertThat(e.data().get(0).has("message")).isTrue();
        assertThat(e.data().get(0).has("type")).isTrue();
    }

    // 3. Timeouts

    @Test
    void aJavaCallToASlowNodeActionTimesOutTyped() {
        long started = System.nanoTime();
        CallOptions fast = CallOptions.builder().timeout(Duration.ofMillis(200)).build();
        RequestTimeoutException e = failure(
                RequestTimeoutException.class,
                () -> mesh.java.call("node-math.slow", Map.of("ms", 3000), fast).join());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(e.code()).isEqualTo(504);
        assertThat(elapsedMillis).as("failed well before the slow action ends").isLessThan(2000);
    }

    @Test
    void nodesDistributedTimeoutIsHonouredByJava() {
        long remaining = mesh.node
                .command("call", Map.of("action", "java-math.remaining", "timeout", 5000))
                .path("data")
                .asLong();
        assertThat(remaining)
                .as("the Java handler sees the Node caller's deadline")
                .isBetween(1L, 5000L);

        mesh.javaServices.forwarded.clear();
        Map<String, Object> forward = Map.of(
                "action",
                "java-math.forward",
                "params",
                Map.of("action", "node-math.slow", "params", Map.of("ms", 3000)),
                "timeout",
                800);
        NodePeer.NodeCommandException nodeSide =
                failure(NodePeer.NodeCommandException.class, () -> mesh.node.command("call", forward));
        // Either the Node caller's own timer fires first, or Java's answer (its onward call's failure,
        // rethrown) arrives first: both happen when the 800 ms run out.
        assertThat(nodeSide.name()).isIn("RequestTimeoutError", "RequestSkippedError");

        JavaServices.Forwarded f = await().atMost(Duration.ofSeconds(5))
                .until(() -> mesh.javaServices.forwarded.peek(), java.util.Objects::nonNull);
        assertThat(f.remainingMillisAtStart()).isBetween(1L, 800L);
        assertThat(f.outcome()).isIn("RequestTimeoutError", "RequestSkippedError");
        assertThat(f.elapsedMillis())
                .as("the onward call inherited the 800 ms budget instead of waiting 3 s")
                .isLessThan(2000L);
    }

    // 7. Streams

    /** Not a multiple of Moleculer's 256 KiB chunk, so the last chunk is a short one. */
    private static final int STREAM_SIZE = 2 * 1024 * 1024 + 4321;

    @Test
    void byteStreamsCrossBothWaysIntact() throws IOException {
        // Java sends a stream to a Node handler reading ctx.stream
        JsonNode up = mesh.java
                .call(
                        "node-stream.sha256",
                        Map.of("name", "from-java"),
                        CallOptions.builder().stream(PatternBytes.stream(STREAM_SIZE, 11))
                                .build(),
                        JsonNode.class)
                .join();
        assertThat(up.path("bytes").asLong()).isEqualTo(STREAM_SIZE);
        assertThat(up.path("sha256").asText()).isEqualTo(PatternBytes.sha256(STREAM_SIZE, 11));
        assertThat(up.path("params").path("name").asText()).isEqualTo("from-java");

        // Java reads a stream a Node handler returns
        try (InputStream in = mesh.java
                .call(
                        "node-stream.generate",
                        Map.of("size", STREAM_SIZE, "seed", 12),
                        CallOptions.none(),
                        InputStream.class)
                .join()) {
            assertThat(PatternBytes.digest(in))
                    .isEqualTo(new PatternBytes.Digest(PatternBytes.sha256(STREAM_SIZE, 12), STREAM_SIZE));
        }

        // Node sends a stream to a Java handler reading ctx.stream()
        JsonNode nodeUp = mesh.node.command(
                "upload",
                Map.of(
                        "action",
                        "java-stream.sha256",
                        "params",
                        Map.of("name", "from-node"),
                        "size",
                        STREAM_SIZE,
                        "seed",
                        13));
        assertThat(nodeUp.path("data").path("bytes").asLong()).isEqualTo(STREAM_SIZE);
        assertThat(nodeUp.path("data").path("sha256").asText())
                .isEqualTo(nodeUp.path("sentSha256").asText())
                .isEqualTo(PatternBytes.sha256(STREAM_SIZE, 13));
        assertThat(nodeUp.path("data").path("params").path("name").asText()).isEqualTo("from-node");

        // Node reads a stream a Java handler returns
        JsonNode nodeDown = mesh.node.command(
                "download",
                Map.of("action", "java-stream.generate", "params", Map.of("size", STREAM_SIZE, "seed", 14)));
        assertThat(nodeDown.path("bytes").asLong()).isEqualTo(STREAM_SIZE);
        assertThat(nodeDown.path("sha256").asText()).isEqualTo(PatternBytes.sha256(STREAM_SIZE, 14));
    }

    @Test
    void aStreamFailingMidwayReachesTheReaderTypedBothWays() {
        // a Node stream that fails after 1 MiB: Java's reader gets Moleculer's error, typed
        MyceliumException fromNode = failure(MyceliumException.class, () -> {
            try (InputStream in = mesh.java
                    .call(
                            "node-stream.generate",
                            Map.of("size", STREAM_SIZE, "seed", 15, "failAt", 1 << 20),
                            CallOptions.none(),
                            InputStream.class)
                    .join()) {
                PatternBytes.digest(in);
            }
        });
        assertThat(fromNode.name()).isEqualTo("InteropError");
        assertThat(fromNode.type()).isEqualTo("GENERATOR_FAILED");
        assertThat(fromNode.code()).isEqualTo(500);
        assertThat(fromNode.data().path("at").asLong()).isEqualTo(1 << 20);
        assertThat(fromNode.nodeId()).contains(nodeId());

        // a Java stream that fails after 1 MiB: Node's reader gets the error with its fields
        JsonNode fromJava = mesh.node.command(
                "download",
                Map.of(
                        "action",
                        "java-stream.generate",
                        "params",
                        Map.of("size", STREAM_SIZE, "seed", 16, "failAt", 1 << 20)));
        assertThat(fromJava.path("error").path("name").asText()).isEqualTo("GeneratorError");
        assertThat(fromJava.path("error").path("type").asText()).isEqualTo("GENERATOR_FAILED");
        assertThat(fromJava.path("error").path("code").asInt()).isEqualTo(500);
        assertThat(fromJava.path("error").path("data").path("at").asLong()).isEqualTo(1 << 20);
        assertThat(fromJava.path("bytes").asLong()).isLessThanOrEqualTo(1 << 20);
    }

    // 5. Discovery

    @Test
    void eachSideListsTheOthersNodeAndServices() {
        JsonNode javaNodes = ownView(mesh.java, "$node.list");
        assertThat(findById(javaNodes, nodeId()).path("available").asBoolean()).isTrue();
        JsonNode javaServices = ownView(mesh.java, "$node.services");
        assertThat(names(javaServices)).contains("node-math", "v2.node-svc", "node-events", "java-math");

        JsonNode nodeNodes = mesh.node.command("nodes", Map.of());
        assertThat(findById(nodeNodes, javaId()).path("available").asBoolean()).isTrue();
        assertThat(findById(nodeNodes, javaId()).path("client").path("type").asText())
                .isEqualTo("java");
        JsonNode nodeServices = mesh.node.command("services", Map.of());
        assertThat(names(nodeServices)).contains("java-math", "v2.java-svc", "java-events", "node-math");
    }

    @Test
    void callsAreBalancedAcrossJavaAndNodeAndMoveToTheSurvivorWhenNodeIsKilled() {
        String j2 = "java2-" + mesh.namespace;
        String n2 = "node2-" + mesh.namespace;
        mesh.startJava(j2, JavaServices.shared(j2));
        NodePeer node2 = mesh.startNode(n2, "shared");
        mesh.awaitSeen(mesh.node, j2);
        mesh.awaitSeen(node2, j2);
        mesh.awaitSeen(node2, javaId());
        await().atMost(Mesh.DISCOVERY_TIMEOUT).until(() -> available(mesh.java, n2));

        await().atMost(Duration.ofSeconds(10)).until(() -> whoFromJava(10).containsAll(Set.of(j2, n2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> whoFromNode(10).containsAll(Set.of(j2, n2)));

        node2.kill();

        await().atMost(DETECTION).until(() -> !available(mesh.java, n2));
        await().atMost(DETECTION).until(() -> !mesh.node
                .command("node", Map.of("nodeID", n2))
                .path("available")
                .asBoolean());
        assertThat(whoFromJava(10)).containsOnly(j2);
        assertThat(whoFromNode(10)).containsOnly(j2);
    }

    /**
     * Issue 13, item 3: the node id check a Java node runs at start hears Moleculer's DISCOVER answers and
     * INFO (with fields of its own): a Java node with a new id joins a mesh holding Moleculer nodes, and
     * only a second instance of a live id is refused; the live one stays reachable from Moleculer.
     */
    @Test
    void javaNodesJoinAMeshWithMoleculerNodesAndOnlyATakenIdIsRefused() {
        String j4 = "java4-" + mesh.namespace;
        Service.Builder idService =
                Service.named("id-check").action("whoami", ctx -> ctx.broker().nodeId());
        ServiceBroker java4 = mesh.startJava(j4, idService.build());
        try {
            mesh.awaitSeen(mesh.node, j4, "id-check");
            await().atMost(Mesh.DISCOVERY_TIMEOUT).until(() -> available(java4, nodeId()));

            Throwable refused = catchThrowable(() -> mesh.startJava(j4, idService.build()));

            assertThat(refused).isInstanceOf(DuplicateNodeIdException.class).hasMessageContaining(j4);
            assertThat(java4.running()).isTrue();
            assertThat(available(mesh.java, nodeId())).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(mesh.node
                                .command("call", Map.of("action", "id-check.whoami", "nodeID", j4))
                                .path("data")
                                .asText())
                        .isEqualTo(j4);
            }
        } finally {
            java4.stop();
        }
    }

    @Test
    void aGracefulStopOfEitherSideIsDetected() {
        String j3 = "java3-" + mesh.namespace;
        String n3 = "node3-" + mesh.namespace;
        ServiceBroker java3 = mesh.startJava(j3, JavaServices.shared(j3));
        NodePeer node3 = mesh.startNode(n3, "shared");
        mesh.awaitSeen(mesh.node, j3);
        await().atMost(Mesh.DISCOVERY_TIMEOUT).until(() -> available(mesh.java, n3));

        node3.close();
        await().atMost(DETECTION).until(() -> !available(mesh.java, n3));

        java3.stop();
        await().atMost(DETECTION).until(() -> !mesh.node
                .command("node", Map.of("nodeID", j3))
                .path("available")
                .asBoolean());
    }

    private Set<String> whoFromJava(int calls) {
        Set<String> who = new HashSet<>();
        for (int i = 0; i < calls; i++) {
            who.add(mesh.java.call("shared.whoami", null, String.class).join());
        }
        return who;
    }

    private Set<String> whoFromNode(int calls) {
        Set<String> who = new HashSet<>();
        for (int i = 0; i < calls; i++) {
            who.add(mesh.node
                    .command("call", Map.of("action", "shared.whoami"))
                    .path("data")
                    .asText());
        }
        return who;
    }

    private static boolean available(ServiceBroker broker, String nodeId) {
        JsonNode n = findById(ownView(broker, "$node.list"), nodeId);
        return n.path("available").asBoolean(false);
    }

    /**
     * {@code $node.*} answered by {@code broker} itself: every node publishes {@code $node}, and with
     * preferLocal off a plain call would be balanced to another node and report that node's view.
     */
    private static JsonNode ownView(ServiceBroker broker, String action) {
        return broker.call(
                        action,
                        Map.of(),
                        CallOptions.builder().nodeId(broker.nodeId()).build())
                .join();
    }

    private static JsonNode findById(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (id.equals(n.path("id").asText())) {
                return n;
            }
        }
        return NodePeer.JSON.createObjectNode();
    }

    private static List<String> names(JsonNode services) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : services) {
            names.add(
                    s.hasNonNull("fullName")
                            ? s.get("fullName").asText()
                            : s.path("name").asText());
        }
        return names;
    }
}
