package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.GossipResponsePacket;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpRobustnessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLiveNodeReceivingEachBadInputStillAnswersOthers() throws Exception {
        Node b = mesh.start("b", o -> o.maxPacketSize(4096));
        Node a = mesh.start("a", o -> o.urls(List.of(b.url())));
        await().atMost(PATIENCE).until(() -> b.context().availableNodes().contains(a.id()));

        List<byte[]> fatal = List.of(
                RawPeer.frame(1, 10, PacketType.REQUEST.tcpId(), utf8("abcd")),
                RawPeer.frame(0, 3, PacketType.REQUEST.tcpId(), new byte[0]),
                RawPeer.frame(0, -7, PacketType.REQUEST.tcpId(), new byte[0]),
                RawPeer.frame(0, 4097, PacketType.REQUEST.tcpId(), new byte[0]),
                RawPeer.frame(0, 10, 9, utf8("abcd")),
                RawPeer.frame(0, 10, 0, utf8("abcd")));
        for (byte[] bad : fatal) {
            try (RawPeer raw = new RawPeer(b.transporter().port())) {
                raw.write(bad);
                assertThat(raw.closedByPeer())
                        .as("connection closed after a bad frame")
                        .isTrue();
            }
        }
        // undeserializable gossip is dropped, the connection stays: the hello after it is still read
        try (RawPeer raw = new RawPeer(b.transporter().port())) {
            raw.write(RawPeer.frame(PacketType.GOSSIP_REQ.tcpId(), utf8("{not json")));
            raw.write(RawPeer.frame(PacketType.GOSSIP_RES.tcpId(), utf8("[1,2,3]")));
            raw.write(RawPeer.frame(PacketType.GOSSIP_HELLO.tcpId(), utf8("{\"ver\":\"4\"}")));
            raw.send(b.context().serializer(), new GossipHelloPacket("raw-peer", "127.0.0.1", 1));
            await().atMost(PATIENCE).until(() -> b.transporter().knownNodes().contains("raw-peer"));
            // half a frame, then gone
            raw.write(new byte[] {1, 0, 0});
        }

        a.send(b, PacketType.REQUEST, "still there?").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> b.context().texts(PacketType.REQUEST).contains("still there?"));
        b.send(a, PacketType.RESPONSE, "yes").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> a.context().texts(PacketType.RESPONSE).contains("yes"));
        assertThat(b.context().unreachable()).isEmpty();
    }

    @Test
    void aSilentNodeIsMarkedUnavailableThenForgotten() throws Exception {
        Node a = mesh.start("a", o -> o.nodeTimeout(Duration.ofMillis(1000)).offlineTimeout(Duration.ofMillis(1000)));
        try (ServerSocket sink = new ServerSocket(0);
                RawPeer ghost = new RawPeer(a.transporter().port())) {
            Thread.ofVirtual().start(() -> drain(sink));
            ObjectNode info = F.objectNode()
                    .put("hostname", "127.0.0.1")
                    .put("port", sink.getLocalPort())
                    .put("seq", 1);
            info.putArray("ipList").add("127.0.0.1");
            info.putArray("services");
            ObjectNode online = F.objectNode();
            online.putArray("ghost").add(info).add(1).add(0);
            ghost.send(a.context().serializer(), new GossipHelloPacket("ghost", "127.0.0.1", sink.getLocalPort()));
            ghost.send(a.context().serializer(), new GossipResponsePacket("ghost", online, F.objectNode()));
            await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains("ghost"));

            await().atMost(PATIENCE).until(() -> !a.context().availableNodes().contains("ghost"));
            assertThat(a.context().unreachable()).anyMatch(r -> r.startsWith("ghost: no sign of life"));
            await().atMost(PATIENCE).until(() -> !a.transporter().knownNodes().contains("ghost"));
        }
    }

    @Test
    void aPeerThatDoesNotReadMakesSendsFailInsteadOfGrowingMemory() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket s = deaf.accept();
                        s.setReceiveBufferSize(4096);
                        accepted.add(s);
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            Node a = mesh.start("a", o -> o.maxPendingBytes(512 * 1024)
                    .gossipPeriod(Duration.ofSeconds(30))
                    .urls(List.of("127.0.0.1:" + deaf.getLocalPort() + "/deaf")));
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 400; i++) {
                sends.add(a.transporter().send(PacketType.EVENT, Destination.node("deaf"), chunk));
            }
            await().atMost(PATIENCE).until(() -> sends.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
            Throwable cause = sends.stream()
                    .filter(CompletableFuture::isCompletedExceptionally)
                    .findFirst()
                    .map(f -> f.handle((v, e) -> e).join())
                    .orElseThrow();
            assertThat(cause).isInstanceOf(TcpTransportException.class).hasMessageContaining("slow peer");
            long pending = sends.stream().filter(f -> !f.isDone()).count();
            assertThat(pending * chunk.length)
                    .as("bytes waiting for the deaf peer")
                    .isLessThan(4L << 20);
            accepted.forEach(s -> {
                try {
                    s.close();
                } catch (Exception e) {
                    // test cleanup
                }
            });
        }
    }

    private static void drain(ServerSocket server) {
        try {
            while (true) {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (InputStream in = s.getInputStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (Exception e) {
                        // peer gone
                    }
                });
            }
        } catch (Exception e) {
            // closed
        }
    }
}
