package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpTransporterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    @Test
    void oneSeedLetsEveryNodeLearnEveryOtherByGossip() throws Exception {
        Node seed = mesh.start("seed", b -> b);
        List<Node> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(mesh.start("n" + i, b -> b.urls(List.of(seed.url()))));
        }
        List<Node> all = new ArrayList<>(others);
        all.add(seed);
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Node n : all) {
                List<String> expected = all.stream()
                        .map(Node::id)
                        .filter(id -> !id.equals(n.id()))
                        .sorted()
                        .toList();
                assertThat(n.context().availableNodes())
                        .as("known to %s", n.id())
                        .isEqualTo(expected);
            }
        });
        // the INFO that spread carries the listening port, as Moleculer's does
        assertThat(others.get(0)
                        .context()
                        .info(others.get(1).id())
                        .orElseThrow()
                        .extras()
                        .path("port")
                        .asInt())
                .isEqualTo(others.get(1).transporter().port());
    }

    @Test
    void packetsFlowBothWaysInOrderWithoutLoss() throws Exception {
        Node a = mesh.start("a", b -> b);
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));

        a.send(b, PacketType.REQUEST, "question").get(5, TimeUnit.SECONDS);
        b.send(a, PacketType.RESPONSE, "answer").get(5, TimeUnit.SECONDS);
        int count = 2000;
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(a.send(b, PacketType.EVENT, "e" + i));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(b.context().texts(PacketType.REQUEST)).containsExactly("question");
            assertThat(a.context().texts(PacketType.RESPONSE)).containsExactly("answer");
            assertThat(b.context().texts(PacketType.EVENT)).hasSize(count);
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add("e" + i);
        }
        assertThat(b.context().texts(PacketType.EVENT)).isEqualTo(expected);
    }

    @Test
    void broadcastReachesEveryAvailableNodeAndDiscoveryPacketsAreLeftToGossip() throws Exception {
        Node a = mesh.start("a", b -> b);
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        Node c = mesh.start("c", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().size() == 2);

        a.transporter()
                .send(PacketType.EVENT, Destination.BROADCAST, "all".getBytes(StandardCharsets.UTF_8))
                .get(5, TimeUnit.SECONDS);
        a.transporter()
                .send(PacketType.HEARTBEAT, Destination.BROADCAST, "hb".getBytes(StandardCharsets.UTF_8))
                .get(5, TimeUnit.SECONDS);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(b.context().texts(PacketType.EVENT)).containsExactly("all");
            assertThat(c.context().texts(PacketType.EVENT)).containsExactly("all");
        });
        assertThat(b.context().received(PacketType.HEARTBEAT)).isEmpty();
    }

    @Test
    void payloadAboveMaxPacketSizeFailsTypedAndNothingIsSent() throws Exception {
        Node a = mesh.start("a", b -> b.maxPacketSize(1024));
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));

        CompletableFuture<Void> send =
                a.transporter().send(PacketType.REQUEST, Destination.node(b.id()), new byte[1024 - 6 + 1]);

        assertThat(send)
                .failsWithin(PATIENCE)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(PacketTooLargeException.class)
                .withMessageContaining("maxPacketSize 1024");
        assertThat(a.transporter().maxPayloadSize()).isEqualTo(1018);
        a.transporter()
                .send(PacketType.REQUEST, Destination.node(b.id()), new byte[1018])
                .get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> b.context().received(PacketType.REQUEST).size() == 1);
    }

    @Test
    void aFrameAboveTheReceiversLimitClosesThatConnectionOnly() throws Exception {
        Node small = mesh.start("small", b -> b.maxPacketSize(1024));
        Node big = mesh.start("big", o -> o.urls(List.of(small.url())));
        Node other = mesh.start("other", o -> o.urls(List.of(small.url())));
        await().atMost(PATIENCE).until(() -> small.context().availableNodes().size() == 2);

        big.transporter().send(PacketType.REQUEST, Destination.node(small.id()), new byte[4096]);

        await().atMost(PATIENCE)
                .until(() -> big.context().unreachable().stream().anyMatch(r -> r.startsWith(small.id())));
        assertThat(small.context().received(PacketType.REQUEST)).isEmpty();
        other.send(small, PacketType.REQUEST, "still served").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> small.context().texts(PacketType.REQUEST).contains("still served"));
    }

    @Test
    void aLostNodeIsReportedAndUsedAgainWhenItReturnsUnderTheSameId() throws Exception {
        Node a = mesh.start("a", b -> b);
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));
        a.send(b, PacketType.REQUEST, "before").get(5, TimeUnit.SECONDS);
        int port = b.transporter().port();

        b.stop();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> a.context().availableNodes().isEmpty());
        assertThat(a.context().unreachable()).anyMatch(r -> r.startsWith(b.id()));
        CompletableFuture<Void> refused = a.send(b, PacketType.REQUEST, "while away");
        assertThat(refused)
                .failsWithin(PATIENCE)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(TcpTransportException.class);

        Node back = mesh.startWithId(b.id(), o -> o.port(port).urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(back.id()));
        a.send(back, PacketType.REQUEST, "after").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> back.context().texts(PacketType.REQUEST).contains("after"));
    }

    @Test
    void outgoingConnectionsAreCappedLeastRecentlyUsedFirst() throws Exception {
        // no gossip round of a's own after its first: it learns its peers from their hellos and requests, with
        // its probes to them crossing the connections that its cap closes
        Node a = mesh.start("a", b -> b.maxConnections(2).gossipPeriod(Duration.ofHours(1)));
        List<Node> peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            peers.add(mesh.start("p" + i, o -> o.urls(List.of(a.url()))));
        }
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().size() == 4);
        for (Node p : peers) {
            a.send(p, PacketType.EVENT, "hi").get(5, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> a.transporter().openConnections() <= 2);
        assertThat(a.context().unreachable()).isEmpty();
        for (Node p : peers) {
            a.send(p, PacketType.EVENT, "again").get(5, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Node p : peers) {
                assertThat(p.context().texts(PacketType.EVENT)).containsExactly("hi", "again");
            }
        });
        assertThat(a.context().unreachable()).isEmpty();
    }

    @Test
    void framesOnAConnectionTheCapClosesStillReachTheirPeer() throws Exception {
        // one outgoing connection for three peers, all sent to at once: each connection that opens closes
        // another with frames queued on it or not yet written, which must go on a fresh connection, not fail
        Node a = mesh.start("a", b -> b.maxConnections(1));
        List<Node> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(mesh.start("q" + i, o -> o.urls(List.of(a.url()))));
        }
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().size() == 3);
        int each = 200;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (Node p : peers) {
                sent.add(a.send(p, PacketType.EVENT, "m" + i));
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            all.add("m" + i);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Node p : peers) {
                assertThat(p.context().texts(PacketType.EVENT)).containsExactlyInAnyOrderElementsOf(all);
            }
        });
        assertThat(a.context().unreachable()).isEmpty();
        assertThat(a.transporter().dials()).as("the cap was exercised").isGreaterThan(3);
    }

    @Test
    void aMeshLargerThanTheConnectionCapSettlesAtRest() throws Exception {
        // six nodes that may each keep two outgoing connections: gossip rounds close the least recently used
        // ones all the time; the node at the other end must not answer each close with a dial of its own,
        // which would close another node's connection, and so on without end
        Duration round = Duration.ofSeconds(1);
        Node first = mesh.start("s0", o -> o.maxConnections(2).gossipPeriod(round));
        List<Node> nodes = new ArrayList<>(List.of(first));
        for (int i = 1; i < 6; i++) {
            nodes.add(mesh.start(
                    "s" + i, o -> o.maxConnections(2).gossipPeriod(round).urls(List.of(first.url()))));
        }
        await().atMost(PATIENCE.multipliedBy(3)).until(() -> nodes.stream()
                .allMatch(n -> n.context().availableNodes().size() == 5));

        long before = nodes.stream().mapToLong(n -> n.transporter().dials()).sum();
        long t0 = System.nanoTime();
        Thread.sleep(3000);
        double rounds = (System.nanoTime() - t0) / (double) round.toNanos();
        long dials = nodes.stream().mapToLong(n -> n.transporter().dials()).sum() - before;

        // a gossip round dials at most its request's and its answer's peer; the chain of probes dialled
        // hundreds of times a second
        assertThat(dials).isLessThanOrEqualTo((long) Math.ceil(2 * nodes.size() * (rounds + 1)));
        for (Node n : nodes) {
            assertThat(n.context().availableNodes()).hasSize(5);
        }
    }
}
