package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Transporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every broker transporter (NATS, Redis, AMQP, MQTT) proves against its real broker: the
 * mesh-level tests of {@link MeshContractSuite} with real brokers, plus the packet-level tests below.
 * A transporter module extends this class in its tests and implements {@link #newTransporter()}; JUnit
 * runs every test. Each test runs in its own namespace ({@code "t-" + UUID}), so parallel tests and
 * other meshes on the same broker never hear each other.
 *
 * <p>These tests drive transporters directly with a {@link RecordingTransportContext} (two to four
 * nodes exchanging packets). Payloads are opaque bytes to a transporter, so they carry plain text here.
 */
public abstract class TransporterContractSuite extends MeshContractSuite {

    private final List<TestNode> nodes = new ArrayList<>();

    /** The size of the "large payload near the limit" test: just under the limit, at most 4 MiB. */
    protected int largePayloadSize(Transporter transporter) {
        return Math.min(transporter.maxPayloadSize(), 4 << 20) - 1024;
    }

    @AfterEach
    final void disconnectNodes() {
        for (TestNode node : nodes) {
            try {
                node.transporter().disconnect().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // the test has its verdict; a node failing to leave must not hide it
            } finally {
                node.context().close();
            }
        }
        nodes.clear();
    }

    /** Connects a new node of the test's namespace. */
    protected final TestNode connect(String name) {
        return connect(name, namespace(), c -> {});
    }

    /** Connects a new node, letting the test prepare its context (its local services) first. */
    protected final TestNode connect(String name, String ns, Consumer<RecordingTransportContext> setup) {
        String nodeId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        RecordingTransportContext context = new RecordingTransportContext(nodeId, ns);
        setup.accept(context);
        Transporter transporter = newTransporter();
        TestNode node = new TestNode(nodeId, transporter, context);
        nodes.add(node);
        join(transporter.connect(context));
        return node;
    }

    /** Waits for a send (or connect) to complete, failing the test with its cause. */
    public static void join(CompletableFuture<Void> future) {
        try {
            future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Broadcasts a marker from {@code from} and waits until every other given node has it: packets sent
     * before it from the same node have had their chance to arrive.
     */
    public static void barrier(TestNode from, TestNode... to) {
        String marker = "barrier-" + UUID.randomUUID();
        join(from.broadcast(PacketType.HEARTBEAT, marker));
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (TestNode n : to) {
                assertThat(n.context().texts(PacketType.HEARTBEAT)).contains(marker);
            }
        });
    }

    @Test
    void targetedPacketsReachOnlyTheirNode() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        TestNode c = connect("c");

        for (PacketType type : List.of(
                PacketType.REQUEST,
                PacketType.RESPONSE,
                PacketType.EVENT,
                PacketType.DISCOVER,
                PacketType.INFO,
                PacketType.PING,
                PacketType.PONG)) {
            join(a.sendTo(b, type, "to-b-" + type));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (PacketType type : List.of(
                    PacketType.REQUEST,
                    PacketType.RESPONSE,
                    PacketType.EVENT,
                    PacketType.DISCOVER,
                    PacketType.INFO,
                    PacketType.PING,
                    PacketType.PONG)) {
                assertThat(b.context().texts(type)).as("%s at b", type).containsExactly("to-b-" + type);
            }
        });
        barrier(a, b, c);
        assertThat(c.context().received())
                .as("packets targeted at b must not reach c")
                .noneMatch(p -> p.text().startsWith("to-b-"));
    }

    @Test
    void broadcastPacketsReachEveryNode() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        TestNode c = connect("c");
        List<PacketType> broadcastTypes = List.of(
                PacketType.DISCOVER, PacketType.INFO, PacketType.HEARTBEAT, PacketType.PING, PacketType.DISCONNECT);

        for (PacketType type : broadcastTypes) {
            join(a.broadcast(type, "all-" + type));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (TestNode n : List.of(b, c)) {
                for (PacketType type : broadcastTypes) {
                    assertThat(n.context().texts(type))
                            .as("%s at %s", type, n.nodeId())
                            .containsExactly("all-" + type);
                }
            }
        });
    }

    @Test
    void namespacesKeepMeshesApart() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        TestNode stranger = connect("stranger", namespace() + "-other", c -> {});
        TestNode strangerFriend = connect("friend", namespace() + "-other", c -> {});

        join(a.broadcast(PacketType.DISCOVER, "ours"));
        join(stranger.broadcast(PacketType.DISCOVER, "theirs"));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(b.context().texts(PacketType.DISCOVER)).contains("ours");
            assertThat(strangerFriend.context().texts(PacketType.DISCOVER)).contains("theirs");
        });
        barrier(a, b);
        barrier(stranger, strangerFriend);
        assertThat(b.context().texts(PacketType.DISCOVER)).doesNotContain("theirs");
        assertThat(strangerFriend.context().texts(PacketType.DISCOVER)).doesNotContain("ours");
    }

    @Test
    void burstOfPacketsArrivesWithoutLoss() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        int count = 2000;
        List<CompletableFuture<Void>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(a.sendTo(b, PacketType.EVENT, "e" + i));
        }
        join(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(b.context().received(PacketType.EVENT))
                .hasSize(count));
        assertThat(b.context().texts(PacketType.EVENT)).doesNotHaveDuplicates();
    }

    @Test
    void largePayloadNearTheLimitArrivesIntact() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        byte[] payload = new byte[largePayloadSize(a.transporter())];
        new Random(42).nextBytes(payload);
        byte[] copy = payload.clone();

        join(a.transporter().send(PacketType.REQUEST, Destination.node(b.nodeId()), payload));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(b.context().received(PacketType.REQUEST))
                .hasSize(1));
        assertThat(Arrays.equals(b.context().received(PacketType.REQUEST).get(0).payload(), copy))
                .as("payload of %s bytes arrives byte for byte", copy.length)
                .isTrue();
    }

    @Test
    void payloadOverTheLimitFailsTyped() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        int max = a.transporter().maxPayloadSize();
        if (max == Integer.MAX_VALUE) {
            assertThat(max)
                    .as("a transporter without a limit accepts any payload")
                    .isEqualTo(Integer.MAX_VALUE);
            return;
        }
        CompletableFuture<Void> send =
                a.transporter().send(PacketType.EVENT, Destination.node(b.nodeId()), new byte[max + 1]);
        assertThat(send)
                .failsWithin(PATIENCE)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void balancedDestinationsReachOneMemberPerGroup() {
        TestNode a = connect("a");
        if (!a.transporter().supportsBrokerBalancing()) {
            CompletableFuture<Void> send = a.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), "r");
            assertThat(send)
                    .as("a transporter that cannot balance through its broker refuses balanced sends")
                    .failsWithin(PATIENCE);
            return;
        }
        Map<String, String> mathEvents = Map.of("user.created", "math");
        TestNode b = connect("b", namespace(), c -> c.addService("math", List.of("math.add"), mathEvents));
        TestNode c = connect("c", namespace(), ctx -> ctx.addService("math", List.of("math.add"), mathEvents));
        TestNode d = connect("d");
        // d learns its services after connecting: its INFO broadcast tells the transporter to subscribe
        d.context().addService("audit", List.of(), Map.of("user.created", "audit"));
        join(d.broadcast(PacketType.INFO, "info-d"));
        await().atMost(PATIENCE).until(() -> a.context().texts(PacketType.INFO).contains("info-d"));

        int count = 200;
        for (int i = 0; i < count; i++) {
            join(a.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), "req" + i));
            join(a.send(PacketType.EVENT, new Destination.BalancedEvent("math", "user.created"), "math" + i));
            join(a.send(PacketType.EVENT, new Destination.BalancedEvent("audit", "user.created"), "audit" + i));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(b.context().received(PacketType.REQUEST).size()
                            + c.context().received(PacketType.REQUEST).size())
                    .isEqualTo(count);
            assertThat(mathEventsAt(b).size() + mathEventsAt(c).size()).isEqualTo(count);
            assertThat(d.context().texts(PacketType.EVENT)).hasSize(count);
        });
        barrier(a, b, c, d);
        assertThat(b.context().received(PacketType.REQUEST).size()
                        + c.context().received(PacketType.REQUEST).size())
                .as("each balanced request reaches exactly one member")
                .isEqualTo(count);
        assertThat(b.context().received(PacketType.REQUEST))
                .as("both members share the work")
                .isNotEmpty();
        assertThat(c.context().received(PacketType.REQUEST))
                .as("both members share the work")
                .isNotEmpty();
        assertThat(mathEventsAt(b).size() + mathEventsAt(c).size()).isEqualTo(count);
        assertThat(d.context().texts(PacketType.EVENT))
                .allMatch(t -> t.startsWith("audit"))
                .hasSize(count);
    }

    private static List<String> mathEventsAt(TestNode node) {
        return node.context().texts(PacketType.EVENT).stream()
                .filter(t -> t.startsWith("math"))
                .toList();
    }

    @Test
    void sendsAfterDisconnectFailFast() {
        TestNode a = connect("a");
        TestNode b = connect("b");
        join(a.transporter().disconnect());

        CompletableFuture<Void> send = a.sendTo(b, PacketType.REQUEST, "too late");

        assertThat(send)
                .failsWithin(PATIENCE)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void disconnectingTwiceIsHarmless() {
        TestNode a = connect("a");
        join(a.transporter().disconnect());
        join(a.transporter().disconnect());
    }
}
