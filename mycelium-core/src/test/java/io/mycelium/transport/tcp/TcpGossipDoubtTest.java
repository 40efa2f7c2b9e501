package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A report that a node is offline, from one peer, does not take a node that was heard of lately out of
 * this node's registry: the accused is asked and refutes with a higher seq (issue 21: in a mesh of a
 * hundred under load, one observer's lost connection or late round took live nodes out of every registry).
 */
class TcpGossipDoubtTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    @Test
    void aLiveNodeReportedOfflineByAnotherIsAskedAndRefutesInsteadOfBeingDropped() throws Exception {
        Node a = mesh.start("a", o -> o);
        Node b = mesh.start("b", o -> o.urls(List.of(a.url())));
        Node c = mesh.start("c", o -> o.urls(List.of(a.url())));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(c.context().availableNodes()).contains(a.id(), b.id()));
        long seq = c.context().info(b.id()).orElseThrow().seq();

        // someone who lost b (or lies) tells c that b went offline, with a seq above b's own
        String report = "{\"ver\":\"5\",\"sender\":\"observer\",\"online\":{},\"offline\":{\"" + b.id() + "\":"
                + (seq + 5) + "}}";
        try (RawPeer observer = new RawPeer(c.transporter().port())) {
            observer.write(RawPeer.frame(PacketType.GOSSIP_REQ.tcpId(), report.getBytes(StandardCharsets.UTF_8)));
            // b, asked by c, answers with a seq above the report's
            await().atMost(PATIENCE)
                    .until(() -> c.context().info(b.id()).orElseThrow().seq() > seq + 5);
        }
        assertThat(c.context().unreachable()).noneMatch(r -> r.startsWith(b.id() + ":"));
        assertThat(c.context().availableNodes()).contains(b.id());
    }
}
