package io.mycelium.seeds;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.tcp.NettyTcpTransporter;
import io.mycelium.transport.tcp.TcpTransporterOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Brokers of this JVM in a namespace of their own, meshed over {@code memory://} or over the TCP
 * transporter on loopback (the first node is the seed the others dial; no UDP); stops them all.
 */
final class Meshes implements AutoCloseable {
    enum Kind {
        MEMORY,
        TCP
    }

    static final Duration PATIENCE = Duration.ofSeconds(15);

    private final Kind kind;
    private final String namespace = "s-" + UUID.randomUUID().toString().substring(0, 13);
    private final List<ServiceBroker> brokers = new ArrayList<>();
    private String seed = "";

    Meshes(Kind kind) {
        this.kind = kind;
    }

    ServiceBroker broker(String name, Service... services) {
        ServiceBroker.Builder b = ServiceBroker.builder()
                .nodeId(name + "-" + namespace)
                .namespace(namespace)
                .requestTimeout(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofMillis(500))
                .gracefulStopTimeout(Duration.ofSeconds(3));
        NettyTcpTransporter tcp = null;
        if (kind == Kind.MEMORY) {
            b.transporter("memory://");
        } else {
            TcpTransporterOptions.Builder o =
                    TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false);
            if (!seed.isEmpty()) {
                o.urls(List.of(seed));
            }
            tcp = NettyTcpTransporter.create(o.build());
            b.transporter(tcp);
        }
        ServiceBroker broker = b.build();
        for (Service s : services) {
            broker.register(s);
        }
        brokers.add(broker);
        broker.start();
        if (tcp != null && seed.isEmpty()) {
            seed = "127.0.0.1:" + tcp.port() + "/" + broker.nodeId();
        }
        return broker;
    }

    static void await(ServiceBroker b, String... services) {
        b.waitForServices(PATIENCE, services).join();
    }

    @Override
    public void close() {
        for (int i = brokers.size() - 1; i >= 0; i--) {
            brokers.get(i).stop();
        }
    }
}
