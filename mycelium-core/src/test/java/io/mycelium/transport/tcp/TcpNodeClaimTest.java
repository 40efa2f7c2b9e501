package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection-level rule for node ids with keys, driven by raw key holders: a second running instance
 * claiming an id is admitted only once the holder's connections are gone or the holder stays silent.
 */
class TcpNodeClaimTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Map<String, byte[]> MESH_KEY = Map.of("k1", "s3cret".getBytes(StandardCharsets.UTF_8));
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    /** A raw socket that passes the key handshake as {@code claimedId}, with an instance key of its own. */
    private static RawPeer keyHolder(Node target, String claimedId) throws IOException {
        RawPeer raw = new RawPeer(target.transporter().port());
        KeyHandshake hs = new KeyHandshake(MESH_KEY, claimedId, true, target.id());
        raw.write(RawPeer.frame(Frame.AUTH_HELLO, hs.hello()));
        try {
            raw.write(RawPeer.frame(
                    Frame.AUTH_PROOF,
                    java.util.Objects.requireNonNull(hs.onHello(raw.readFrame().payload()))));
            hs.onProof(raw.readFrame().payload());
        } catch (KeyHandshake.Refused e) {
            throw new AssertionError(e);
        }
        return raw;
    }

    private static byte[] request(String text) {
        return RawPeer.frame(PacketType.REQUEST.tcpId(), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondInstanceIsRefusedWhileTheHolderIsConnected() throws Exception {
        Node a = mesh.start("a", o -> o.key("k1", "s3cret"));
        try (RawPeer holder = keyHolder(a, "x");
                RawPeer second = keyHolder(a, "x")) {
            holder.write(request("from-holder"));
            second.write(request("from-second"));
            assertThat(holder.readFrame().typeId()).isEqualTo(PacketType.GOSSIP_REQ.tcpId()); // the probe
            assertThat(second.closedByPeer()).isTrue();
            await().atMost(PATIENCE)
                    .until(() -> a.context().texts(PacketType.REQUEST).contains("from-holder"));
        }
        assertThat(a.context().texts(PacketType.REQUEST)).containsExactly("from-holder");
        assertThat(a.transporter().refusedConnections()).isEqualTo(1);
    }

    @Test
    void aRestartedInstanceIsAdmittedOnceTheOldConnectionCloses() throws Exception {
        Node a = mesh.start("a", o -> o.key("k1", "s3cret"));
        RawPeer holder = keyHolder(a, "x");
        try (RawPeer second = keyHolder(a, "x")) {
            second.write(request("held-while-contested"));
            assertThat(holder.readFrame().typeId()).isEqualTo(PacketType.GOSSIP_REQ.tcpId());
            holder.close(); // the old process is gone
            await().atMost(PATIENCE)
                    .until(() -> a.context().texts(PacketType.REQUEST).contains("held-while-contested"));
            second.write(request("after"));
            await().atMost(PATIENCE)
                    .until(() -> a.context().texts(PacketType.REQUEST).contains("after"));
            assertThat(a.transporter().authenticatedConnections("x")).isEqualTo(1);
        }
        assertThat(a.transporter().refusedConnections()).isZero();
    }

    @Test
    void aHolderSilentForLongerThanTheNodeTimeoutIsReplaced() throws Exception {
        Node a = mesh.start("a", o -> o.key("k1", "s3cret").nodeTimeout(Duration.ofMillis(300)));
        try (RawPeer holder = keyHolder(a, "x");
                RawPeer second = keyHolder(a, "x")) {
            second.write(request("from-second"));
            await().atMost(PATIENCE)
                    .until(() -> a.context().texts(PacketType.REQUEST).contains("from-second"));
            assertThat(holder.closedByPeer()).isTrue();
            await().atMost(PATIENCE).until(() -> a.transporter().authenticatedConnections("x") == 1);
        }
        assertThat(a.transporter().refusedConnections()).isZero();
    }

    @Test
    void redundantConnectionsOfOneRunningNodeAreAllAdmitted() throws Exception {
        Node a = mesh.start("a", o -> o.key("k1", "s3cret").connectionsPerPeer(3));
        Node b =
                mesh.start("b", o -> o.key("k1", "s3cret").connectionsPerPeer(3).urls(java.util.List.of(a.url())));
        await().atMost(PATIENCE)
                .until(() -> a.context().availableNodes().contains(b.id())
                        && b.context().availableNodes().contains(a.id()));
        for (int i = 0; i < 12; i++) {
            b.send(a, PacketType.REQUEST, "r" + i).get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE)
                .until(() -> a.context().texts(PacketType.REQUEST).size() == 12);
        await().atMost(PATIENCE).until(() -> a.transporter().authenticatedConnections(b.id()) >= 3);
        assertThat(a.transporter().refusedConnections() + b.transporter().refusedConnections())
                .isZero();
    }
}
