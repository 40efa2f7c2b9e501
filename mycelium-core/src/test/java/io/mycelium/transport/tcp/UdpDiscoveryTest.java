package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TestMesh.Node;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UDP discovery on the loopback interface only (the sandbox's loopback has no MULTICAST flag, yet Linux
 * delivers multicast on it when the interface is chosen explicitly); each test uses its own UDP port.
 */
class UdpDiscoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();
    private final int udpPort = 20000 + ThreadLocalRandom.current().nextInt(20000);

    @AfterEach
    void stop() throws Exception {
        mesh.close();
    }

    private UnaryOperator<TcpTransporterOptions.Builder> multicast() {
        return b -> b.udpDiscovery(true)
                .udpBindAddress("127.0.0.1")
                .udpPort(udpPort)
                .gossipPeriod(Duration.ofSeconds(2));
    }

    @Test
    void nodesFindEachOtherByMulticastOnLoopbackWithinASecond() throws Exception {
        Node a = mesh.start("a", multicast());
        Node b = mesh.start("b", multicast());
        long start = System.nanoTime();
        Node c = mesh.start("c", multicast());
        await().atMost(PATIENCE).until(() -> c.context().availableNodes().size() == 2);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("UDP multicast discovery of 2 nodes by a new node: " + millis + " ms");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(a.context().availableNodes()).containsExactlyInAnyOrder(b.id(), c.id());
            assertThat(b.context().availableNodes()).containsExactlyInAnyOrder(a.id(), c.id());
        });
        c.send(a, PacketType.REQUEST, "found you").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> a.context().texts(PacketType.REQUEST).contains("found you"));
    }

    @Test
    void namespacesKeepMeshesApart() throws Exception {
        Node a = mesh.start("a", multicast());
        Node b = mesh.start("b", multicast());
        Node stranger = mesh.startIn(mesh.namespace + "-other", "stranger", multicast());
        await().atMost(PATIENCE).until(() -> a.context().availableNodes().contains(b.id()));
        // the stranger announces itself twice within a second; give it those
        await().pollDelay(Duration.ofMillis(1500)).atMost(PATIENCE).until(() -> true);
        assertThat(a.context().availableNodes()).containsExactly(b.id());
        assertThat(stranger.context().availableNodes()).isEmpty();
        assertThat(a.transporter().knownNodes()).doesNotContain("stranger");
    }

    @Test
    void broadcastModeOnLoopbackWorks() throws Exception {
        UnaryOperator<TcpTransporterOptions.Builder> broadcast = b -> b.udpDiscovery(true)
                .udpMulticast(java.util.Optional.empty())
                .udpBroadcast(true)
                .udpBroadcastAddresses(List.of("127.255.255.255"))
                .udpPort(udpPort);
        Node a = mesh.start("a", broadcast);
        Node b = mesh.start("b", broadcast);
        await().atMost(PATIENCE)
                .until(() -> a.context().availableNodes().contains(b.id())
                        && b.context().availableNodes().contains(a.id()));
    }

    @Test
    void datagramsAreParsedStrictly() {
        assertThat(UdpDiscovery.parse(Unpooled.copiedBuffer("ns|node-1|6000", StandardCharsets.UTF_8), "ns"))
                .containsExactly("ns", "node-1", "6000");
        assertThat(UdpDiscovery.parse(Unpooled.copiedBuffer("|node-1|6000", StandardCharsets.UTF_8), ""))
                .containsExactly("", "node-1", "6000");
        assertThat(UdpDiscovery.parse(Unpooled.copiedBuffer("other|node-1|6000", StandardCharsets.UTF_8), "ns"))
                .isNull();
        assertThat(UdpDiscovery.parse(Unpooled.copiedBuffer("ns|node-1", StandardCharsets.UTF_8), "ns"))
                .isNull();
        assertThat(UdpDiscovery.parse(Unpooled.copiedBuffer("ns||6000", StandardCharsets.UTF_8), "ns"))
                .isNull();
        assertThat(UdpDiscovery.parse(Unpooled.copiedBuffer("ns|a|b|c", StandardCharsets.UTF_8), "ns"))
                .isNull();
    }
}
