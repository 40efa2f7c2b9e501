package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.PacketType;
import io.mycelium.transport.tcp.TestMesh.Node;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile raw sockets against the bounds of a node's TCP port: caps, deadlines, the partial-frame budget. */
class TcpConnectionLimitsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final TestMesh mesh = new TestMesh();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        mesh.close();
    }

    private Socket open(Node node) throws IOException {
        Socket s = new Socket("127.0.0.1", node.transporter().port());
        sockets.add(s);
        return s;
    }

    private Socket openWithHello(Node node, String id) throws IOException {
        Socket s = open(node);
        s.getOutputStream()
                .write(RawPeer.frame(
                        PacketType.GOSSIP_HELLO.tcpId(),
                        node.context().serializer().serialize(new GossipHelloPacket(id, "127.0.0.1", 1))));
        return s;
    }

    /** True when the node closed {@code s} within {@code millis}; false when it is still open then. */
    private static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // skip what the node sent
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] partialFrame(int declared, int sent) {
        byte[] frame = RawPeer.frame(0, declared, PacketType.REQUEST.tcpId(), new byte[sent]);
        return frame;
    }

    @Test
    void connectionsPastThePerAddressCapAreRefused() throws Exception {
        Node b = mesh.start("b", o -> o.maxInboundConnectionsPerAddress(3));
        List<Socket> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kept.add(openWithHello(b, "raw-" + i));
        }
        await().atMost(PATIENCE).until(() -> b.transporter().limits().inboundConnections() == 3);
        Socket fourth = open(b);
        assertThat(closedWithin(fourth, 5000))
                .as("fourth connection from one address refused")
                .isTrue();
        for (Socket s : kept) {
            assertThat(closedWithin(s, 200)).isFalse();
        }
        // a closed one frees its place
        kept.get(0).close();
        await().atMost(PATIENCE).until(() -> b.transporter().limits().inboundConnections() == 2);
        Socket again = openWithHello(b, "raw-again");
        assertThat(closedWithin(again, 500)).isFalse();
    }

    @Test
    void pastTheTotalCapTheLongestIdleConnectionMakesRoom() throws Exception {
        Node b = mesh.start("b", o -> o.maxInboundConnections(3));
        Socket oldest = openWithHello(b, "raw-0");
        await().atMost(PATIENCE).until(() -> b.transporter().limits().inboundConnections() == 1);
        Socket second = openWithHello(b, "raw-1");
        Socket third = openWithHello(b, "raw-2");
        await().atMost(PATIENCE).until(() -> b.transporter().limits().inboundConnections() == 3);
        Socket fourth = openWithHello(b, "raw-3");
        assertThat(closedWithin(oldest, 5000)).as("the longest idle closed").isTrue();
        assertThat(closedWithin(second, 200)).isFalse();
        assertThat(closedWithin(third, 200)).isFalse();
        assertThat(closedWithin(fourth, 200)).isFalse();
    }

    @Test
    void aConnectionWithoutAWholeFirstFrameIsClosedAfterTheHandshakeTimeout() throws Exception {
        Node b = mesh.start("b", o -> o.handshakeTimeout(Duration.ofMillis(500)));
        Socket silent = open(b);
        Socket half = open(b);
        half.getOutputStream().write(new byte[] {1, 0, 0});
        Socket greeted = openWithHello(b, "raw-peer");
        long start = System.nanoTime();
        assertThat(closedWithin(silent, 5000)).isTrue();
        assertThat(closedWithin(half, 5000)).isTrue();
        System.out.println("silent connection closed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                + " ms (handshakeTimeout 500 ms)");
        // after a whole frame, an idle connection is left alone
        assertThat(closedWithin(greeted, 2000)).isFalse();
    }

    @Test
    void aStalledFrameIsClosedAfterTheFrameIdleTimeout() throws Exception {
        Node b = mesh.start("b", o -> o.frameIdleTimeout(Duration.ofMillis(800)).frameTimeout(Duration.ofSeconds(30)));
        Socket stalled = openWithHello(b, "raw-stalled");
        stalled.getOutputStream().write(partialFrame(100_000, 50_000));
        Socket trickle = openWithHello(b, "raw-trickle");
        trickle.getOutputStream().write(partialFrame(100_000, 10));
        await().atMost(PATIENCE).until(() -> b.transporter().limits().bufferedBytes() > 50_000);
        long start = System.nanoTime();
        // the trickling one keeps making progress, so it stays while the stalled one goes
        boolean stalledClosed = false;
        for (int i = 0; i < 8 && !stalledClosed; i++) {
            trickle.getOutputStream().write(new byte[10]);
            stalledClosed = closedWithin(stalled, 300);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("stalled frame closed after " + millis + " ms (frameIdleTimeout 800 ms)");
        assertThat(stalledClosed).isTrue();
        assertThat(closedWithin(trickle, 100)).isFalse();
        await().atMost(PATIENCE).until(() -> b.transporter().limits().bufferedBytes() < 50_000);
    }

    @Test
    void aFrameTakingLongerThanTheFrameTimeoutIsClosedEvenWhileTrickling() throws Exception {
        Node b = mesh.start("b", o -> o.frameIdleTimeout(Duration.ofSeconds(5)).frameTimeout(Duration.ofMillis(1500)));
        Socket trickle = openWithHello(b, "raw-trickle");
        trickle.getOutputStream().write(partialFrame(100_000, 10));
        boolean closed = false;
        for (int i = 0; i < 20 && !closed; i++) {
            try {
                trickle.getOutputStream().write(new byte[10]);
            } catch (IOException e) {
                closed = true;
                break;
            }
            closed = closedWithin(trickle, 300);
        }
        assertThat(closed).isTrue();
    }

    @Test
    void partialFramesPastTheBudgetCloseTheStalestWhileTheMeshKeepsWorking() throws Exception {
        int budget = 1024 * 1024;
        Node b = mesh.start("b", o -> o.maxBufferedFrameBytes(budget).maxInboundConnectionsPerAddress(100));
        Node a = mesh.start("a", o -> o.urls(List.of(b.url())));
        await().atMost(PATIENCE).until(() -> b.context().availableNodes().contains(a.id()));
        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Socket s = openWithHello(b, "raw-" + i);
            s.getOutputStream().write(partialFrame(1024 * 1024, 200_000));
            attackers.add(s);
            // over the budget only between a read and the closing it causes
            await().atMost(PATIENCE).until(() -> b.transporter().limits().bufferedBytes() <= budget);
        }
        await().atMost(PATIENCE)
                .until(() -> attackers.stream().filter(s -> quietlyClosed(s)).count() >= 8);
        await().atMost(PATIENCE).until(() -> b.transporter().limits().bufferedBytes() <= budget);
        assertThat(b.transporter().limits().closedByLimit()).isGreaterThanOrEqualTo(8);
        a.send(b, PacketType.REQUEST, "still there?").get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> b.context().texts(PacketType.REQUEST).contains("still there?"));
    }

    private static boolean quietlyClosed(Socket s) {
        try {
            return closedWithin(s, 50);
        } catch (IOException e) {
            return true;
        }
    }
}
