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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The core interop scenarios of issue 4, on one Java broker and one Moleculer node (see {@link Mesh}):
 * calls both ways with params and meta, errors both ways, balanced and broadcast events, ping.
 * {@link InteropContract} adds the rest; every matrix cell runs both. A cell whose Java transporter or
 * serializer is missing fails in {@link #startMesh()}, loudly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CoreInteropContract {
    private static final int EVENTS = 1000;

    private final Cell cell;
    Mesh mesh;

    CoreInteropContract(Transport transport, Wire wire) {
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

    /** The mesh of this cell (public for the interfaces a cell mixes in, such as {@link LargePayloadCell}). */
    public Mesh mesh() {
        return mesh;
    }

    String javaId() {
        return mesh.java.nodeId();
    }

    String nodeId() {
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
