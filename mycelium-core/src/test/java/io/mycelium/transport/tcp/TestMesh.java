package io.mycelium.transport.tcp;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Starts TCP transporters on loopback with test contexts, in one namespace; closes them all. */
final class TestMesh implements AutoCloseable {

    record Node(String id, NettyTcpTransporter transporter, TestContext context) {
        CompletableFuture<Void> send(Node to, PacketType type, String text) {
            return transporter.send(type, Destination.node(to.id()), text.getBytes(StandardCharsets.UTF_8));
        }

        String url() {
            return "127.0.0.1:" + transporter.port() + "/" + id;
        }

        void stop() throws Exception {
            transporter.disconnect().get(10, TimeUnit.SECONDS);
            context.close();
        }
    }

    final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
    private final List<Node> nodes = new ArrayList<>();

    /** Fast gossip, no UDP, loopback only; the test adjusts the rest. */
    static TcpTransporterOptions.Builder fast() {
        return TcpTransporterOptions.builder()
                .host("127.0.0.1")
                .udpDiscovery(false)
                .gossipPeriod(Duration.ofMillis(200))
                .ioThreads(1);
    }

    Node start(String name, UnaryOperator<TcpTransporterOptions.Builder> options) throws Exception {
        return startWithId(name + "-" + UUID.randomUUID().toString().substring(0, 6), options);
    }

    Node startWithId(String id, UnaryOperator<TcpTransporterOptions.Builder> options) throws Exception {
        return startIn(namespace, id, options);
    }

    Node startIn(String ns, String id, UnaryOperator<TcpTransporterOptions.Builder> options) throws Exception {
        TestContext ctx = new TestContext(id, ns);
        NettyTcpTransporter t = NettyTcpTransporter.create(options.apply(fast()).build());
        Node node = new Node(id, t, ctx);
        nodes.add(node);
        t.connect(ctx).get(10, TimeUnit.SECONDS);
        return node;
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes) {
            n.stop();
        }
    }
}
