package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TestMesh.Node;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** roletalk's redundant connections: several outgoing connections to one peer, traffic spread over them. */
class TcpRedundantConnectionsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    @Test
    void packetsAreSpreadOverEveryConnectionToAPeer() throws Exception {
        Node a = mesh.start("a", o -> o.connectionsPerPeer(3));
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));

        sendAll(a, b, "first", 300);

        await().atMost(PATIENCE).until(() -> b.context().texts(PacketType.EVENT).size() == 300);
        List<OutboundConnection> links = a.transporter().connectionsTo(b.id());
        assertThat(links).hasSize(3);
        assertThat(links).allSatisfy(c -> assertThat(c.sentFrames())
                .as("frames sent on each of the three connections")
                .isGreaterThanOrEqualTo(50));
    }

    @Test
    void losingOneConnectionLosesNoPacketAndNotThePeer() throws Exception {
        Node a = mesh.start("a", o -> o.connectionsPerPeer(2));
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));
        sendAll(a, b, "warm", 20);
        await().atMost(PATIENCE)
                .until(() -> a.transporter().connectionsTo(b.id()).stream()
                                .filter(c -> c.isReady())
                                .count()
                        == 2);

        // cut one connection while packets are on their way over both
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sends.add(a.send(b, PacketType.EVENT, "during" + i));
            if (i == 500) {
                Channel cut = Objects.requireNonNull(
                        a.transporter().connectionsTo(b.id()).get(0).channel());
                cut.close();
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        b.context().texts(PacketType.EVENT).stream().filter(t -> t.startsWith("during")))
                .hasSize(2000)
                .doesNotHaveDuplicates());
        assertThat(a.context().unreachable()).as("the peer was never lost").isEmpty();
        assertThat(a.context().availableNodes()).contains(b.id());

        // the lost connection is dialled again: both carry traffic once more
        await().atMost(PATIENCE).untilAsserted(() -> {
            sendAll(a, b, "after", 10);
            assertThat(a.transporter().connectionsTo(b.id()).stream()
                            .filter(c -> c.isReady())
                            .count())
                    .isEqualTo(2);
        });
    }

    @Test
    void losingEveryConnectionLosesThePeer() throws Exception {
        Node a = mesh.start("a", o -> o.connectionsPerPeer(2).gossipPeriod(Duration.ofSeconds(30)));
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())).gossipPeriod(Duration.ofSeconds(30)));
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));
        sendAll(a, b, "warm", 20);

        b.transporter().disconnect().get(5, TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> !a.context().availableNodes().contains(b.id()));
        assertThat(a.context().unreachable()).anyMatch(r -> r.startsWith(b.id()));
    }

    private static void sendAll(Node from, Node to, String prefix, int count) throws Exception {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(from.send(to, PacketType.EVENT, prefix + i));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }
}
