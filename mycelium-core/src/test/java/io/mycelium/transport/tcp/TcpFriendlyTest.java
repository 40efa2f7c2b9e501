package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.transport.tcp.TestMesh.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** roletalk's {@code friendly} (acquaintance): whether a node passes on, in gossip, the peers it knows. */
class TcpFriendlyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    @Test
    void anUnfriendlyNodeIntroducesNobody() throws Exception {
        Node hub = mesh.start("hub", o -> o.friendly(false));
        Node b = mesh.start("b", o -> o.urls(List.of(hub.url())));
        Node c = mesh.start("c", o -> o.urls(List.of(hub.url())));
        await().atMost(PATIENCE).until(() -> hub.context().availableNodes().containsAll(List.of(b.id(), c.id())));
        await().atMost(PATIENCE)
                .until(() -> b.context().availableNodes().contains(hub.id())
                        && c.context().availableNodes().contains(hub.id()));

        // many gossip rounds (200 ms each) in which a friendly hub would have introduced them
        Thread.sleep(2000);
        assertThat(c.transporter().knownNodes()).as("c knows").containsExactly(hub.id());
        assertThat(b.transporter().knownNodes()).as("b knows").containsExactly(hub.id());
        assertThat(c.context().availableNodes()).doesNotContain(b.id());
    }

    @Test
    void aFriendlyNodeIntroducesItsPeers() throws Exception {
        Node hub = mesh.start("hub", o -> o);
        Node b = mesh.start("b", o -> o.urls(List.of(hub.url())));
        Node c = mesh.start("c", o -> o.urls(List.of(hub.url())));
        await().atMost(PATIENCE)
                .until(() -> c.context().availableNodes().contains(b.id())
                        && b.context().availableNodes().contains(c.id()));
    }
}
