package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
        assertThat(unsigned("ns").decode(utf8("ns|node-1|6000")).beacon())
                .isEqualTo(new Beacons.Beacon("node-1", 6000));
        assertThat(unsigned("").decode(utf8("|node-1|6000")).beacon()).isEqualTo(new Beacons.Beacon("node-1", 6000));
        assertThat(unsigned("ns").decode(utf8("other|node-1|6000")).rejection())
                .isEqualTo(Beacons.Rejection.OTHER_NAMESPACE);
        for (String bad : List.of("ns|node-1", "ns||6000", "ns|a|b|c", "ns|a|0", "ns|a|70000", "ns|a|x")) {
            assertThat(unsigned("ns").decode(utf8(bad)).rejection()).as(bad).isEqualTo(Beacons.Rejection.MALFORMED);
        }
        // without keys the datagram stays Moleculer's
        assertThat(new String(unsigned("ns").encode("node-1", 6000), StandardCharsets.UTF_8))
                .isEqualTo("ns|node-1|6000");
    }

    @Test
    void signedBeaconsAreCheckedForKeyTimeAndReplay() {
        long[] now = {1_000_000};
        Beacons sender = new Beacons("ns", Map.of("k1", utf8("secret")), () -> now[0]);
        Beacons receiver = new Beacons("ns", Map.of("k0", utf8("old"), "k1", utf8("secret")), () -> now[0]);
        byte[] beacon = sender.encode("node-1", 6000);
        assertThat(receiver.decode(beacon).beacon()).isEqualTo(new Beacons.Beacon("node-1", 6000));
        assertThat(receiver.decode(beacon).rejection()).isEqualTo(Beacons.Rejection.REPLAYED);
        assertThat(receiver.decode(sender.encode("node-1", 6000)).beacon()).isNotNull();

        String text = new String(sender.encode("node-1", 6000), StandardCharsets.UTF_8);
        assertThat(receiver.decode(utf8(text.replace("|6000|", "|6001|"))).rejection())
                .isEqualTo(Beacons.Rejection.BAD_SIGNATURE);
        assertThat(receiver.decode(utf8("ns|node-2|6000")).rejection()).isEqualTo(Beacons.Rejection.UNSIGNED);
        Beacons stranger = new Beacons("ns", Map.of("k1", utf8("guess")), () -> now[0]);
        assertThat(receiver.decode(stranger.encode("node-3", 6000)).rejection())
                .isEqualTo(Beacons.Rejection.BAD_SIGNATURE);
        byte[] old = sender.encode("node-1", 6000);
        now[0] += Beacons.WINDOW_MILLIS + 1000;
        assertThat(receiver.decode(old).rejection()).isEqualTo(Beacons.Rejection.STALE);
    }

    @Test
    void aKeyedMeshFindsItselfOverUdpAndForgedBeaconsMakeNoDial() throws Exception {
        UnaryOperator<TcpTransporterOptions.Builder> keyed =
                b -> multicast().apply(b).key("k1", "mesh-secret");
        Node a = mesh.start("a", keyed);
        Node b = mesh.start("b", keyed);
        await().atMost(PATIENCE)
                .until(() -> a.context().availableNodes().contains(b.id())
                        && b.context().availableNodes().contains(a.id()));
        try (Trap trap = new Trap();
                DatagramSocket out = new DatagramSocket()) {
            Beacons forger = new Beacons(mesh.namespace, Map.of("k1", utf8("a-guess")), System::currentTimeMillis);
            send(out, utf8(mesh.namespace + "|forged-plain|" + trap.port()));
            send(out, forger.encode("forged-signed", trap.port()));
            // then one signed with the mesh key: once it is dialled, the forged ones before it were handled
            Beacons holder = new Beacons(mesh.namespace, Map.of("k1", utf8("mesh-secret")), System::currentTimeMillis);
            send(out, holder.encode("keyed-probe", trap.port()));
            // a unicast datagram reaches one of the sockets sharing the port, so either node may see each
            await().atMost(PATIENCE)
                    .until(() -> trap.accepted.get() >= 1
                            && java.util.Objects.requireNonNull(a.transporter().udp())
                                                    .rejected()
                                            + java.util.Objects.requireNonNull(
                                                            b.transporter().udp())
                                                    .rejected()
                                    == 2);
            assertThat(trap.accepted.get()).isEqualTo(1);
            assertThat(a.transporter().knownNodes()).doesNotContain("forged-plain", "forged-signed");
            assertThat(b.transporter().knownNodes()).doesNotContain("forged-plain", "forged-signed");
            assertThat(java.util.Objects.requireNonNull(a.transporter().udp()).rejected()
                            + java.util.Objects.requireNonNull(b.transporter().udp())
                                    .rejected())
                    .isEqualTo(2);
        }
    }

    @Test
    void aFloodOfForgedBeaconsMakesBoundedDialsLogLinesAndPeers() throws Exception {
        Node a = mesh.start("a", o -> multicast().apply(o).gossipPeriod(Duration.ofMillis(200)));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        int most = 0;
        try (Trap trap = new Trap();
                DatagramSocket out = new DatagramSocket()) {
            for (int i = 0; i < 20_000; i++) {
                send(out, utf8(mesh.namespace + "|ghost-" + i + "|" + trap.port()));
                if (i % 50 == 0) {
                    Thread.sleep(1); // paced, so that the kernel hands most of them to the node
                }
                if (i % 500 == 0) {
                    most = Math.max(most, a.transporter().knownNodes().size());
                }
            }
            long sent = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                most = Math.max(most, a.transporter().knownNodes().size());
                Thread.sleep(100);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> a.transporter().knownNodes().isEmpty());
            long forgotten = (System.nanoTime() - sent) / 1_000_000;
            long warnings = log.list.stream()
                    .filter(e -> e.getLoggerName().startsWith("io.mycelium"))
                    .count();
            System.out.printf(
                    "20000 forged beacons: %d dials, %d warnings, at most %d peers known, all forgotten %d ms after"
                            + " the flood; %d datagrams received, %d dropped by the rate limits%n",
                    trap.accepted.get(),
                    warnings,
                    most,
                    forgotten,
                    java.util.Objects.requireNonNull(a.transporter().udp()).received(),
                    java.util.Objects.requireNonNull(a.transporter().udp()).dropped());
            assertThat(trap.accepted.get()).isLessThanOrEqualTo(200);
            assertThat(most).isLessThanOrEqualTo(64);
            assertThat(warnings).isLessThanOrEqualTo(30);
        } finally {
            root.detachAppender(log);
        }
        // the mesh still forms afterwards
        Node b = mesh.start("b", multicast());
        await().atMost(PATIENCE)
                .until(() -> a.context().availableNodes().contains(b.id())
                        && b.context().availableNodes().contains(a.id()));
    }

    private void send(DatagramSocket out, byte[] bytes) throws java.io.IOException {
        out.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", udpPort)));
    }

    private static Beacons unsigned(String namespace) {
        return new Beacons(namespace, null, System::currentTimeMillis);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The port forged beacons point at: counts the connections made to it and closes each at once. */
    private static final class Trap implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket server;

        Trap() throws java.io.IOException {
            server = new ServerSocket(0, 200, java.net.InetAddress.getByName("127.0.0.1"));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }
}
