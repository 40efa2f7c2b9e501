package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.mycelium.MyceliumException;
import io.mycelium.PingResult;
import io.mycelium.RequestTimeoutException;
import io.mycelium.ServiceBroker;
import io.mycelium.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The interop scenarios of issue 4 (1–6), run by one subclass per matrix cell on one Java broker and one
 * Moleculer node (see {@link Mesh}); the discovery scenarios add and remove nodes of their own. A cell
 * whose Java transporter or serializer is missing fails in {@link #startMesh()}, loudly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InteropContract {
    private static final Duration DETECTION = Duration.ofSeconds(15);
    private static final int EVENTS = 1000;

    private final Cell cell;
    private Mesh mesh;

    InteropContract(Transport transport, Wire wire) {
        this.cell = new Cell(transport, wire);
    }

    @BeforeAll
    void startMesh() {
        mesh = Mesh.start(cell);
    }

    @AfterAll
    void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    /** Runs {@code action}, which must fail with {@code type} (directly or as the cause of a CompletionException). */
    static <T extends Throwable> T failure(Class<T> type, ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        Throwable cause =
                thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        assertThat(cause)
                .as("expected a failure of type %s", type.getSimpleName())
                .isInstanceOf(type);
        return type.cast(cause);
    }

    private String javaId() {
        return mesh.java.nodeId();
    }

    private String nodeId() {
        return mesh.node.nodeId();
    }

    // 1. Calls both ways

    static ObjectNode richParams() {
        ObjectNode p = NodePeer.JSON.createObjectNode();
        p.put("s", "héllo wörld ✓ 😀 中文 \u0000 \"quoted\" \\ /");
        p.put("empty", "");
        p.put("i", 42).put("neg", -7).put("zero", 0);
        p.put("maxInt", Integer.MAX_VALUE).put("safeLong", 9007199254740991L);
        p.put("d", 3.25).put("tiny", 1.0e-9).put("third", 1.0 / 3);
        p.put("t", true).put("f", false).putNull("z");
        p.putObject("nested")
                .putObject("a")
                .putArray("b")
                .add(1)
                .add("two")
                .addObject()
                .putNull("c");
        p.putArray("arr").add(1).add(2.5).add("x").add(false).addNull();
        p.withArray("arr").addArray();
        p.withArray("arr").addObject();
        return p;
    }

    static Map<String, Object> richMeta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("user", Map.of("id", 7, "name", "Zoë", "roles", List.of("admin", "ops")));
        meta.put("traceFlag", true);
        meta.put("ratio", 0.5);
        return meta;
    }

    @Test
    void javaCallsANodeActionWithParamsAndMetaIntact() {
        ObjectNode params = richParams();
        JsonNode result = mesh.java
                .call(
                        "node-math.echo",
                        params,
                        CallOptions.builder().meta(richMeta()).build())
                .join();

        assertThat(JsonCompare.differences(params, result.path("params"))).isEmpty();
        assertThat(JsonCompare.missingOrDifferent(NodePeer.JSON.valueToTree(richMeta()), result.path("meta")))
                .isEmpty();
        assertThat(result.path("callerNodeID").asText()).isEqualTo(javaId());
        assertThat(result.path("level").asInt()).isEqualTo(1);
        assertThat(mesh.java
                        .call("node-math.add", Map.of("a", 2, "b", 3), Integer.class)
                        .join())
                .isEqualTo(5);
    }

    @Test
    void nodeCallsAJavaActionWithParamsAndMetaIntactAndMetaComesBack() {
        ObjectNode params = richParams();
        JsonNode reply =
                mesh.node.command("call", Map.of("action", "java-math.echo", "params", params, "meta", richMeta()));

        JsonNode data = reply.path("data");
        assertThat(JsonCompare.differences(params, data.path("params"))).isEmpty();
        assertThat(JsonCompare.missingOrDifferent(NodePeer.JSON.valueToTree(richMeta()), data.path("meta")))
                .isEmpty();
        assertThat(data.path("callerNodeID").asText()).isEqualTo(nodeId());
        assertThat(reply.path("meta").path("echoedBy").asText())
                .as("meta set by the Java handler travels back to the Node caller")
                .isEqualTo(javaId());
        assertThat(mesh.node
                        .command("call", Map.of("action", "java-math.add", "params", Map.of("a", 2, "b", 3)))
                        .path("data")
                        .asDouble())
                .isEqualTo(5.0);
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

    // 2. Errors both ways

    @Test
    void aNodeErrorReachesJavaWithAllItsFields() {
        ObjectNode data = NodePeer.JSON.createObjectNode().put("why", "teapot");
        data.putArray("list").add(1).add("two");
        for (boolean retryable : new boolean[] {false, true}) {
            Map<String, Object> params =
                    Map.of("message", "boom ✗", "code", 418, "type", "TEAPOT", "data", data, "retryable", retryable);
            MyceliumException e = failure(
                    MyceliumException.class,
                    () -> mesh.java.call("node-math.fail", params).join());
            assertThat(e.name()).isEqualTo(retryable ? "InteropRetryableError" : "InteropError");
            assertThat(e.getMessage()).isEqualTo("boom ✗");
            assertThat(e.code()).isEqualTo(418);
            assertThat(e.type()).isEqualTo("TEAPOT");
            assertThat(JsonCompare.differences(data, e.data())).isEmpty();
            assertThat(e.retryable()).isEqualTo(retryable);
            assertThat(e.nodeId()).contains(nodeId());
        }
    }

    @Test
    void aJavaErrorReachesNodeWithAllItsFields() {
        ObjectNode data = NodePeer.JSON.createObjectNode().put("why", "java");
        data.putArray("list").add(1).add("two");
        for (boolean retryable : new boolean[] {false, true}) {
            Map<String, Object> params = Map.of(
                    "name",
                    "JavaInteropError",
                    "message",
                    "kaputt ✗",
                    "code",
                    409,
                    "type",
                    "JAVA_CONFLICT",
                    "data",
                    data,
                    "retryable",
                    retryable);
            NodePeer.NodeCommandException e = failure(
                    NodePeer.NodeCommandException.class,
                    () -> mesh.node.command("call", Map.of("action", "java-math.fail", "params", params)));
            ObjectNode err = e.error();
            assertThat(err.path("name").asText()).isEqualTo("JavaInteropError");
            assertThat(err.path("message").asText()).isEqualTo("kaputt ✗");
            assertThat(err.path("code").asInt()).isEqualTo(409);
            assertThat(err.path("type").asText()).isEqualTo("JAVA_CONFLICT");
            assertThat(JsonCompare.differences(data, err.path("data"))).isEmpty();
            assertThat(err.path("retryable").asBoolean()).isEqualTo(retryable);
            assertThat(err.path("nodeID").asText()).isEqualTo(javaId());
        }
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
        assertThat(nodeSide.name()).isEqualTo("RequestTimeoutError");

        JavaServices.Forwarded f = await().atMost(Duration.ofSeconds(5))
                .until(() -> mesh.javaServices.forwarded.peek(), java.util.Objects::nonNull);
        assertThat(f.remainingMillisAtStart()).isBetween(1L, 800L);
        assertThat(f.outcome()).isIn("RequestTimeoutError", "RequestSkippedError");
        assertThat(f.elapsedMillis())
                .as("the onward call inherited the 800 ms budget instead of waiting 3 s")
                .isLessThan(2000L);
    }

    // 4. Events

    @Test
    void balancedEventsAreHandledOncePerGroupAcrossJavaAndNode() {
        mesh.javaServices.events.clear();
        mesh.node.command("clear", Map.of());

        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            sent.add(mesh.java.emit("interop.balanced", Map.of("from", "java", "seq", i)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        mesh.node.command("emit", Map.of("event", "interop.balanced", "data", Map.of("from", "node"), "count", EVENTS));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> balancedCounts().values().stream().allMatch(c -> c >= EVENTS));
        Map<String, List<Integer>> seen = balancedSeqs();
        for (String from : List.of("java", "node")) {
            for (String group : List.of("mix", "java-audit", "node-audit")) {
                List<Integer> seqs = seen.get(group + "/" + from);
                assertThat(seqs)
                        .as("group %s, events emitted by %s: each exactly once", group, from)
                        .hasSize(EVENTS)
                        .doesNotHaveDuplicates();
            }
            int onJava = seen.getOrDefault("mix@java/" + from, List.of()).size();
            int onNode = seen.getOrDefault("mix@node/" + from, List.of()).size();
            assertThat(onJava)
                    .as("group mix balanced across Java and Node (emitted by %s)", from)
                    .isBetween(EVENTS / 5, EVENTS - EVENTS / 5);
            assertThat(onNode).isEqualTo(EVENTS - onJava);
        }
    }

    private Map<String, Integer> balancedCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        balancedSeqs().forEach((k, v) -> counts.put(k, v.size()));
        counts.keySet().removeIf(k -> k.startsWith("mix@"));
        if (counts.size() < 6) {
            counts.put("incomplete", 0);
        }
        return counts;
    }

    /** Per {@code <group>/<from>} (and {@code mix@java|node/<from>}), the seqs received. */
    private Map<String, List<Integer>> balancedSeqs() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (String group : List.of("mix", "java-audit")) {
            for (EventLog.Received r : mesh.javaServices.events.get(group, "interop.balanced")) {
                String from = r.data().path("from").asText();
                int seq = r.data().path("seq").asInt();
                out.computeIfAbsent(group + "/" + from, k -> new ArrayList<>()).add(seq);
                if (group.equals("mix")) {
                    out.computeIfAbsent("mix@java/" + from, k -> new ArrayList<>())
                            .add(seq);
                }
            }
        }
        JsonNode nodeSide = mesh.node.command("received", Map.of("event", "interop.balanced", "compact", true));
        for (String group : List.of("mix", "node-audit")) {
            for (JsonNode r : nodeSide.path(group + "|interop.balanced")) {
                String from = r.get(0).asText();
                int seq = r.get(1).asInt();
                out.computeIfAbsent(group + "/" + from, k -> new ArrayList<>()).add(seq);
                if (group.equals("mix")) {
                    out.computeIfAbsent("mix@node/" + from, k -> new ArrayList<>())
                            .add(seq);
                }
            }
        }
        for (String from : List.of("java", "node")) {
            out.putIfAbsent("mix@java/" + from, List.of());
            out.putIfAbsent("mix@node/" + from, List.of());
        }
        return out;
    }

    @Test
    void broadcastReachesEveryHandlerOnBothSides() {
        mesh.javaServices.events.clear();
        mesh.node.command("clear", Map.of());
        String fromJava = "bj-" + UUID.randomUUID();
        String fromNode = "bn-" + UUID.randomUUID();

        mesh.java.broadcast("interop.broadcast", Map.of("id", fromJava)).join();
        mesh.node.command("broadcast", Map.of("event", "interop.broadcast", "data", Map.of("id", fromNode)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String handler : List.of("java-events", "java-audit")) {
                assertThat(mesh.javaServices.events.get(handler, "interop.broadcast").stream()
                                .map(r -> r.data().path("id").asText()))
                        .as("Java handler %s", handler)
                        .containsExactlyInAnyOrder(fromJava, fromNode);
            }
            JsonNode nodeSide = mesh.node.command("received", Map.of("event", "interop.broadcast", "compact", true));
            for (String handler : List.of("node-events", "node-audit")) {
                List<String> ids = new ArrayList<>();
                nodeSide.path(handler + "|interop.broadcast")
                        .forEach(r -> ids.add(r.get(2).asText()));
                assertThat(ids).as("Node handler %s", handler).containsExactlyInAnyOrder(fromJava, fromNode);
            }
        });
    }

    // 5. Discovery

    @Test
    void eachSideListsTheOthersNodeAndServices() {
        JsonNode javaNodes = mesh.java.call("$node.list", Map.of()).join();
        assertThat(findById(javaNodes, nodeId()).path("available").asBoolean()).isTrue();
        JsonNode javaServices = mesh.java.call("$node.services", Map.of()).join();
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
        // the broker's own view: with preferLocal off, $node.list could go to the very node just killed
        JsonNode n = findById(
                broker.call(
                                "$node.list",
                                Map.of(),
                                CallOptions.builder().nodeId(broker.nodeId()).build())
                        .join(),
                nodeId);
        return n.path("available").asBoolean(false);
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

    // 6. Ping

    @Test
    void pingWorksBothWays() {
        PingResult pong = mesh.java.ping(nodeId(), Duration.ofSeconds(2)).join();
        assertThat(pong.nodeId()).isEqualTo(nodeId());
        assertThat(pong.elapsed().isNegative()).isFalse();

        JsonNode fromNode = mesh.node.command("ping", Map.of("nodeID", javaId(), "timeout", 2000));
        assertThat(fromNode.path("nodeID").asText())
                .as("Node got a PONG from Java")
                .isEqualTo(javaId());
        assertThatThrownBy(() -> mesh.java
                        .ping("no-such-node-" + UUID.randomUUID(), Duration.ofMillis(300))
                        .join())
                .isInstanceOf(CompletionException.class);
    }
}
