package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.transport.tcp.TestMesh.Node;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node dials a peer that is already connected to it on that connection's event loop: what it reads from the
 * peer and what it writes back are then on one thread (no task handed over, no selector woken per answer).
 */
class TcpLoopAffinityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    @Test
    void theConnectionToAPeerSharesTheLoopOfThePeersConnectionIn() throws Exception {
        Node hub = mesh.start("hub", o -> o.ioThreads(8));
        List<Node> peers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // each peer dials the hub first; the hub dials back once it has heard of the peer
            peers.add(mesh.start("peer" + i, o -> o.urls(List.of(hub.url()))));
        }
        for (Node peer : peers) {
            await().atMost(PATIENCE).until(() -> hub.transporter().connectionsTo(peer.id()).stream()
                    .anyMatch(OutboundConnection::isReady));
            Channel out = Objects.requireNonNull(
                    hub.transporter().connectionsTo(peer.id()).get(0).channel());
            assertThat(out.eventLoop())
                    .as("the hub's connection to %s", peer.id())
                    .isSameAs(hub.transporter().inboundLoop(peer.id()));
        }
    }
}
