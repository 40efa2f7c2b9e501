package io.mycelium.transport.testkit;

import io.mycelium.ServiceBroker;
import io.mycelium.spi.Transporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The {@link ServiceBroker}s of one test: real brokers on the transporter under test, in the test's own
 * namespace, with short heartbeats so leaving and crashed nodes are noticed within seconds. Stops them
 * all at the end. Not thread-safe: the test thread drives it.
 */
public final class MeshNodes implements AutoCloseable {

    /** Heartbeat interval of the test brokers. */
    public static final Duration HEARTBEAT = Duration.ofMillis(250);

    /** Heartbeat timeout of the test brokers: a silent node is unavailable after it. */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(1500);

    private final String namespace;
    private final BiFunction<String, Integer, Transporter> transporters;
    private final List<ServiceBroker> brokers = new ArrayList<>();
    private final List<Transporter> transporterOf = new ArrayList<>();

    /** {@code transporters} makes the transporter of a node from its node id and index in this test. */
    public MeshNodes(String namespace, BiFunction<String, Integer, Transporter> transporters) {
        this.namespace = namespace;
        this.transporters = transporters;
    }

    /** A random node id starting with {@code name}. */
    public static String nodeId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Builds and starts a broker with the given id; {@code setup} adds services and options. */
    public ServiceBroker start(
            String nodeId, Consumer<ServiceBroker.Builder> options, Consumer<ServiceBroker> services) {
        Transporter transporter = transporters.apply(nodeId, brokers.size());
        ServiceBroker.Builder builder = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .heartbeatInterval(HEARTBEAT)
                .heartbeatTimeout(HEARTBEAT_TIMEOUT)
                .requestTimeout(Duration.ofSeconds(5))
                .gracefulStopTimeout(Duration.ofSeconds(2));
        options.accept(builder);
        ServiceBroker broker = builder.build();
        services.accept(broker);
        brokers.add(broker);
        transporterOf.add(transporter);
        broker.start();
        return broker;
    }

    /** Starts a broker with default options. */
    public ServiceBroker start(String name, Consumer<ServiceBroker> services) {
        return start(nodeId(name), b -> {}, services);
    }

    /** The transporter a started broker was built with (to kill it without a goodbye). */
    public Transporter transporterOf(ServiceBroker broker) {
        int i = brokers.indexOf(broker);
        if (i < 0) {
            throw new IllegalArgumentException("not a broker of this test: " + broker.nodeId());
        }
        return transporterOf.get(i);
    }

    @Override
    public void close() {
        for (ServiceBroker b : brokers) {
            try {
                b.stop();
            } catch (RuntimeException e) {
                // a crashed node may not stop cleanly; the test already has its verdict
            }
        }
        brokers.clear();
        transporterOf.clear();
    }
}
