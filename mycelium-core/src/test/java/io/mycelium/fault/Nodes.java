package io.mycelium.fault;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.internal.memory.MemoryBus;
import io.mycelium.transport.tcp.NettyTcpTransporter;
import io.mycelium.transport.tcp.TcpTransporterOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Brokers of this JVM meshed over {@code memory://} or over the TCP transporter on loopback (the first
 * node is the others' seed; no UDP), in a namespace of their own; {@link #kill} ends a node without a
 * goodbye. Closes them all.
 */
final class Nodes implements AutoCloseable {
    final String transport;
    final String namespace = "ft-" + UUID.randomUUID().toString().substring(0, 13);
    private final List<ServiceBroker> brokers = new ArrayList<>();
    private final Map<String, NettyTcpTransporter> tcp = new LinkedHashMap<>();
    private String seed = "";

    Nodes(String transport) {
        this.transport = transport;
    }

    ServiceBroker start(String name, UnaryOperator<ServiceBroker.Builder> config, Service... services) {
        ServiceBroker.Builder b = ServiceBroker.builder()
                .nodeId(name)
                .namespace(namespace)
                .heartbeatInterval(Duration.ofMillis(300))
                .heartbeatTimeout(Duration.ofSeconds(3))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .duplicateIdCheck(Duration.ZERO);
        if (transport.equals("tcp")) {
            var options = TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false);
            if (!seed.isEmpty()) {
                options.urls(List.of(seed));
            }
            NettyTcpTransporter t = NettyTcpTransporter.create(options.build());
            tcp.put(name, t);
            b.transporter(t);
        } else {
            b.transporter("memory://");
        }
        ServiceBroker broker = config.apply(b).build();
        for (Service s : services) {
            broker.register(s);
        }
        brokers.add(broker);
        broker.start();
        if (seed.isEmpty() && transport.equals("tcp")) {
            seed = "127.0.0.1:" + tcp.get(name).port() + "/" + name;
        }
        return broker;
    }

    ServiceBroker start(String name, Service... services) {
        return start(name, UnaryOperator.identity(), services);
    }

    /** Ends {@code name} as a crash would: no DISCONNECT, its connections just go. */
    void kill(String name) {
        if (transport.equals("tcp")) {
            tcp.get(name).disconnect().join();
        } else {
            MemoryBus.find(namespace, name).orElseThrow().crash(true);
        }
    }

    @Override
    public void close() {
        for (ServiceBroker b : brokers) {
            b.stop();
        }
    }
}
