package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TcpTransporterOptions.TlsOptions;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpSecurityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    private static Path pem(String name) {
        try {
            return Path.of(TcpSecurityTest.class.getResource("tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UnaryOperator<TcpTransporterOptions.Builder> tls(String cert, String trust) {
        return b -> b.tls(TlsOptions.of(pem(cert + ".pem"), pem(cert + ".key"), pem(trust), true));
    }

    /** A and B mesh; returns once each knows the other and a request went through. */
    private void assertMesh(Node a, Node b) throws Exception {
        await().atMost(PATIENCE)
                .until(() -> a.context().availableNodes().contains(b.id())
                        && b.context().availableNodes().contains(a.id()));
        a.send(b, PacketType.REQUEST, "hello").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> b.context().texts(PacketType.REQUEST).contains("hello"));
    }

    /** The intruder keeps trying (gossip to its static peer) and is refused every time. */
    private void assertRefused(Node victim, Node intruder) {
        await().atMost(PATIENCE)
                .until(() -> victim.transporter().refusedConnections()
                                + intruder.transporter().refusedConnections()
                        >= 2);
        assertThat(victim.context().availableNodes()).doesNotContain(intruder.id());
        assertThat(intruder.context().availableNodes()).doesNotContain(victim.id());
        assertThat(victim.context().received(PacketType.REQUEST)).isEmpty();
    }

    @Test
    void nodesSharingAKeyMesh() throws Exception {
        Node a = mesh.start("a", b -> b.key("k1", "s3cret"));
        Node b = mesh.start("b", o -> o.key("k1", "s3cret").urls(List.of(a.url())));
        assertMesh(a, b);
    }

    @Test
    void keysRotateWhileNodesHoldSeveralIds() throws Exception {
        Node old = mesh.start("old", b -> b.key("k1", "first"));
        Node both =
                mesh.start("both", o -> o.key("k2", "second").key("k1", "first").urls(List.of(old.url())));
        Node fresh = mesh.start("fresh", o -> o.key("k2", "second").urls(List.of(both.url())));
        assertMesh(old, both);
        assertMesh(fresh, both);
        // gossip tells old that fresh exists, but the two hold no common key and cannot connect
        await().atMost(PATIENCE).until(() -> old.context().info(fresh.id()).isPresent());
        assertThat(old.send(fresh, PacketType.REQUEST, "no common key"))
                .failsWithin(PATIENCE)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(TcpTransportException.class);
        assertThat(fresh.context().received(PacketType.REQUEST)).isEmpty();
    }

    @Test
    void aNodeWithAWrongKeyIsRefusedAndReachesNoHandler() throws Exception {
        Node a = mesh.start("a", b -> b.key("k1", "s3cret"));
        Node intruder = mesh.start("intruder", o -> o.key("k1", "guess").urls(List.of(a.url())));
        intruder.send(a, PacketType.REQUEST, "let me in");
        assertRefused(a, intruder);
    }

    @Test
    void aNodeWithoutAKeyIsRefusedAndReachesNoHandler() throws Exception {
        Node a = mesh.start("a", b -> b.key("k1", "s3cret"));
        Node plain = mesh.start("plain", o -> o.urls(List.of(a.url())));
        plain.send(a, PacketType.REQUEST, "let me in");
        await().atMost(PATIENCE).until(() -> a.transporter().refusedConnections() >= 2);
        assertThat(a.context().availableNodes()).isEmpty();
        assertThat(plain.context().availableNodes()).isEmpty();
        assertThat(a.context().received(PacketType.REQUEST)).isEmpty();
    }

    @Test
    void aNodeWithADifferentKeyIdIsRefused() throws Exception {
        Node a = mesh.start("a", b -> b.key("k1", "s3cret"));
        Node other = mesh.start("other", o -> o.key("k2", "s3cret").urls(List.of(a.url())));
        assertRefused(a, other);
    }

    private static java.util.Map<String, byte[]> key(String id, String secret) {
        return java.util.Map.of(id, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aReplayedHandshakeIsRefusedAndReachesNoHandler() throws Exception {
        Node b = mesh.start("b", o -> o.key("k1", "s3cret"));
        byte[] hello;
        byte[] proof;
        // a legitimate node "a" connects; the attacker records what it sent
        try (RawPeer legit = new RawPeer(b.transporter().port())) {
            KeyHandshake hs = new KeyHandshake(key("k1", "s3cret"), "a", true, b.id());
            hello = hs.hello();
            legit.write(RawPeer.frame(Frame.AUTH_HELLO, hello));
            Frame theirHello = legit.readFrame();
            proof = java.util.Objects.requireNonNull(hs.onHello(theirHello.payload()));
            legit.write(RawPeer.frame(Frame.AUTH_PROOF, proof));
            hs.onProof(legit.readFrame().payload());
            assertThat(hs.done()).isTrue();
            legit.write(RawPeer.frame(
                    PacketType.REQUEST.tcpId(), "legit".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            await().atMost(PATIENCE)
                    .until(() -> b.context().texts(PacketType.REQUEST).contains("legit"));
        }
        try (RawPeer attacker = new RawPeer(b.transporter().port())) {
            attacker.write(RawPeer.frame(Frame.AUTH_HELLO, hello));
            attacker.write(RawPeer.frame(Frame.AUTH_PROOF, proof));
            attacker.write(RawPeer.frame(
                    PacketType.REQUEST.tcpId(), "replayed".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(attacker.readFrame().typeId()).isEqualTo(Frame.AUTH_HELLO);
            assertThat(attacker.closedByPeer()).isTrue();
        }
        assertThat(b.context().texts(PacketType.REQUEST)).containsExactly("legit");
        assertThat(b.transporter().refusedConnections()).isEqualTo(1);
    }

    @Test
    void aListenerGivesAPeerWithoutTheKeyNoProofToReflect() throws Exception {
        Node b = mesh.start("b", o -> o.key("k1", "s3cret").handshakeTimeout(Duration.ofMillis(500)));
        try (RawPeer attacker = new RawPeer(b.transporter().port())) {
            KeyHandshake fake = new KeyHandshake(key("k1", "unknown"), "a", true, b.id());
            attacker.write(RawPeer.frame(Frame.AUTH_HELLO, fake.hello()));
            assertThat(attacker.readFrame().typeId()).isEqualTo(Frame.AUTH_HELLO);
            // the listener waits for the dialer's proof: there is nothing to reflect, only the close
            assertThatThrownBy(attacker::readFrame).isInstanceOf(java.io.IOException.class);
        }
        assertThat(b.context().received(PacketType.REQUEST)).isEmpty();
        assertThat(b.transporter().refusedConnections()).isEqualTo(1);
    }

    @Test
    void aSilentPeerIsDisconnectedWhenTheHandshakeTimesOut() throws Exception {
        Node b = mesh.start("b", o -> o.key("k1", "s3cret").handshakeTimeout(Duration.ofMillis(300)));
        try (RawPeer silent = new RawPeer(b.transporter().port())) {
            assertThat(silent.readFrame().typeId()).isEqualTo(Frame.AUTH_HELLO);
            assertThat(silent.closedByPeer()).isTrue();
        }
        assertThat(b.transporter().refusedConnections()).isEqualTo(1);
    }

    @Test
    void aTlsMeshWorks() throws Exception {
        Node a = mesh.start("a", tls("node", "ca.pem"));
        Node b = mesh.start("b", o -> tls("node", "ca.pem").apply(o).urls(List.of(a.url())));
        assertMesh(a, b);
    }

    @Test
    void tlsWithKeysWorks() throws Exception {
        Node a = mesh.start("a", o -> tls("node", "ca.pem").apply(o).key("k", "s"));
        Node b = mesh.start(
                "b", o -> tls("node", "ca.pem").apply(o).key("k", "s").urls(List.of(a.url())));
        assertMesh(a, b);
    }

    @Test
    void aPeerWithAnUntrustedCertificateIsRefused() throws Exception {
        Node a = mesh.start("a", tls("node", "ca.pem"));
        // the rogue trusts everyone (its own CA and ours) but its certificate is not signed by our CA
        Node rogue =
                mesh.start("rogue", o -> o.tls(TlsOptions.of(pem("rogue.pem"), pem("rogue.key"), pem("ca.pem"), true))
                        .urls(List.of(a.url())));
        rogue.send(a, PacketType.REQUEST, "let me in");
        await().atMost(PATIENCE).until(() -> a.transporter().refusedConnections() >= 1);
        assertThat(a.context().availableNodes()).isEmpty();
        assertThat(a.context().received(PacketType.REQUEST)).isEmpty();
    }

    @Test
    void aPlainNodeCannotTalkToATlsNode() throws Exception {
        Node a = mesh.start("a", tls("node", "ca.pem"));
        Node plain = mesh.start("plain", o -> o.urls(List.of(a.url())));
        plain.send(a, PacketType.REQUEST, "let me in");
        await().atMost(PATIENCE).until(() -> a.transporter().refusedConnections() >= 1);
        assertThat(a.context().availableNodes()).isEmpty();
        assertThat(a.context().received(PacketType.REQUEST)).isEmpty();
    }
}
