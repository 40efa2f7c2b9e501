package io.mycelium;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Several brokers in one JVM on {@code memory://}, in a namespace of their own; closes them all. */
final class Mesh implements AutoCloseable {
    final String namespace = "t-" + UUID.randomUUID();
    private final List<ServiceBroker> brokers = new ArrayList<>();

    ServiceBroker.Builder builder(String nodeId) {
        return ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter("memory://")
                .heartbeatInterval(Duration.ofMillis(200))
                .heartbeatTimeout(Duration.ofSeconds(2))
                .gracefulStopTimeout(Duration.ofSeconds(3));
    }

    ServiceBroker broker(String nodeId, UnaryOperator<ServiceBroker.Builder> config, Service... services) {
        ServiceBroker b = config.apply(builder(nodeId)).build();
        for (Service s : services) {
            b.register(s);
        }
        brokers.add(b);
        b.start();
        return b;
    }

    ServiceBroker broker(String nodeId, Service... services) {
        return broker(nodeId, UnaryOperator.identity(), services);
    }

    /** Waits until every broker sees the services on some node. */
    static void await(ServiceBroker b, String... services) {
        b.waitForServices(Duration.ofSeconds(5), services).join();
    }

    @Override
    public void close() {
        for (ServiceBroker b : brokers) {
            b.stop();
        }
    }
}
