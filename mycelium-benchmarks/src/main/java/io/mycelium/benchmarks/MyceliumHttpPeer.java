package io.mycelium.benchmarks;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.gateway.Gateway;
import io.mycelium.gateway.GatewayOptions;

/**
 * The Mycelium side of the HTTP row: one node without a transporter serving {@code bench.echo} and a gateway
 * on {@code 127.0.0.1:<port>} with the alias {@code POST /api/bench/echo}, as {@code http.js} sets up
 * moleculer-web.
 */
final class MyceliumHttpPeer implements Peer.PeerServer {
    private final ServiceBroker broker;
    private final Gateway gateway;

    MyceliumHttpPeer(String namespace, int port) {
        this.broker = ServiceBroker.builder()
                .nodeId("bench-http")
                .namespace(namespace)
                .build();
        broker.register(Service.named(MyceliumPeer.SERVICE).action("echo", ctx -> ctx.params()));
        this.gateway = Gateway.builder(broker)
                .options(GatewayOptions.builder()
                        .host("127.0.0.1")
                        .port(port)
                        .allowActions(MyceliumPeer.ACTION)
                        .alias("POST /bench/echo", MyceliumPeer.ACTION)
                        .build())
                .build();
        broker.start();
        gateway.start();
    }

    @Override
    public int port() {
        return gateway.port();
    }

    @Override
    public void close() {
        gateway.close();
        broker.stop();
    }
}
