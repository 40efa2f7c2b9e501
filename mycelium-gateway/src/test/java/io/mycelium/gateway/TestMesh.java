package io.mycelium.gateway;

import io.mycelium.ServiceBroker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Brokers on {@code memory://} in a namespace of their own, and gateways on them; closes them all. */
final class TestMesh implements AutoCloseable {
    final String namespace = "gw-" + UUID.randomUUID();
    private final List<ServiceBroker> brokers = new ArrayList<>();
    private final List<Gateway> gateways = new ArrayList<>();

    ServiceBroker broker(String nodeId) {
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter("memory://")
                .heartbeatInterval(Duration.ofMillis(200))
                .heartbeatTimeout(Duration.ofSeconds(2))
                .gracefulStopTimeout(Duration.ofSeconds(2))
                .build();
        brokers.add(b);
        return b;
    }

    Gateway gateway(ServiceBroker broker, GatewayOptions options) {
        Gateway g = Gateway.builder(broker).options(options).build();
        gateways.add(g);
        return g;
    }

    static URI uri(Gateway g, String path) {
        return URI.create("ws://127.0.0.1:" + g.port() + path);
    }

    @Override
    public void close() {
        gateways.forEach(Gateway::close);
        for (ServiceBroker b : brokers) {
            try {
                b.stop();
            } catch (RuntimeException e) {
                // best effort in teardown
            }
        }
    }
}
