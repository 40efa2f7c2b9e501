package io.mycelium.interop;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.testkit.BrokerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Java broker and one Moleculer node on a fresh namespace, configured for one {@link Cell}, each seeing
 * the other's services; more nodes of either kind can join ({@link #startJava}, {@link #startNode}).
 * Both sides use short heartbeats (1 s, silent for {@link #HEARTBEAT_TIMEOUT} = unavailable) so that failure detection fits a
 * test. {@link #close} stops everything it started, whatever happened.
 */
final class Mesh implements AutoCloseable {
    static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Silence after which a node counts as gone, on both sides. 3 s lost nodes in the middle of the
     * 1,000-event bursts when the 2-core machine was loaded (load ~12): heartbeats queued behind the burst.
     */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    static final String NODE_SERVICES = "math,v2,events,stream";

    final Cell cell;
    final String namespace;
    final JavaServices javaServices;
    final ServiceBroker java;
    final NodePeer node;
    private final List<Transport.Member> seeds;
    private final List<AutoCloseable> extras = Collections.synchronizedList(new ArrayList<>());

    private Mesh(
            Cell cell,
            String namespace,
            List<Transport.Member> seeds,
            JavaServices javaServices,
            ServiceBroker java,
            NodePeer node) {
        this.cell = cell;
        this.javaServices = javaServices;
        this.namespace = namespace;
        this.seeds = seeds;
        this.java = java;
        this.node = node;
    }

    /**
     * Starts the Java broker (with {@link JavaServices#main}), then the Moleculer node (with
     * {@link #NODE_SERVICES}), and waits until each sees the other's services.
     */
    static Mesh start(Cell cell) {
        String ns = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String javaId = "java-" + ns;
        String nodeId = "node-" + ns;
        Transport.Member javaMember = new Transport.Member(javaId, BrokerProcess.freePort());
        Transport.Member nodeMember = new Transport.Member(nodeId, BrokerProcess.freePort());
        List<Transport.Member> seeds = List.of(javaMember, nodeMember);
        JavaServices services = new JavaServices();
        ServiceBroker java = javaBroker(cell, ns, javaMember, seeds);
        NodePeer node = null;
        try {
            services.main(javaId).forEach(java::register);
            java.start();
            node = NodePeer.start(nodeEnv(cell, ns, nodeMember, seeds, NODE_SERVICES));
            Mesh mesh = new Mesh(cell, ns, seeds, services, java, node);
            mesh.awaitSeen(node, javaId, "java-math", "v2.java-svc", "java-stream");
            java.waitForServices(DISCOVERY_TIMEOUT, "node-math", "v2.node-svc", "node-stream")
                    .join();
            return mesh;
        } catch (RuntimeException | Error e) {
            if (node != null) {
                node.close();
            }
            java.stop();
            throw e;
        }
    }

    /** Waits until {@code peer} knows {@code javaNodeId} as available and sees the given services. */
    void awaitSeen(NodePeer peer, String javaNodeId, String... services) {
        peer.command("waitForNodes", Map.of("nodes", List.of(javaNodeId), "timeout", DISCOVERY_TIMEOUT.toMillis()));
        if (services.length > 0) {
            peer.command(
                    "waitForServices", Map.of("services", List.of(services), "timeout", DISCOVERY_TIMEOUT.toMillis()));
        }
    }

    /** Starts another Java broker in this mesh with the given services; closed with the mesh. */
    ServiceBroker startJava(String nodeId, Service... services) {
        Transport.Member self = new Transport.Member(nodeId, BrokerProcess.freePort());
        ServiceBroker b = javaBroker(cell, namespace, self, withSelf(self));
        for (Service s : services) {
            b.register(s);
        }
        extras.add(b);
        b.start();
        return b;
    }

    /** Starts another Moleculer node in this mesh with peer.js's service sets ({@code math,v2,events,shared}). */
    NodePeer startNode(String nodeId, String services) {
        Transport.Member self = new Transport.Member(nodeId, BrokerProcess.freePort());
        NodePeer p = NodePeer.start(nodeEnv(cell, namespace, self, withSelf(self), services));
        extras.add(p);
        return p;
    }

    private List<Transport.Member> withSelf(Transport.Member self) {
        List<Transport.Member> all = new ArrayList<>(seeds);
        all.add(self);
        return all;
    }

    static ServiceBroker javaBroker(Cell cell, String ns, Transport.Member self, List<Transport.Member> seeds) {
        return ServiceBroker.builder()
                .nodeId(self.nodeId())
                .namespace(ns)
                .transporter(cell.transport().myceliumUrl(self, seeds))
                .serializer(cell.wire().myceliumName())
                .heartbeatInterval(Duration.ofSeconds(1))
                .heartbeatTimeout(HEARTBEAT_TIMEOUT)
                .requestTimeout(Duration.ofSeconds(10))
                .preferLocal(false)
                .gracefulStopTimeout(Duration.ofSeconds(2))
                .build();
    }

    static Map<String, String> nodeEnv(
            Cell cell, String ns, Transport.Member self, List<Transport.Member> seeds, String services) {
        Map<String, String> env = new HashMap<>();
        env.put("MOL_NAMESPACE", ns);
        env.put("MOL_NODE_ID", self.nodeId());
        env.put("MOL_TRANSPORTER", cell.transport().moleculerTransporter());
        env.put("MOL_TRANSPORTER_OPTIONS", cell.transport().moleculerOptions(self, seeds));
        env.put("MOL_SERIALIZER", cell.wire().moleculerName());
        env.put("MOL_HEARTBEAT_INTERVAL", "1");
        env.put("MOL_HEARTBEAT_TIMEOUT", String.valueOf(HEARTBEAT_TIMEOUT.toSeconds()));
        env.put("MOL_PREFER_LOCAL", "false");
        env.put("MOL_SERVICES", services);
        return env;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(extras);
        Collections.reverse(all);
        all.add(node);
        all.add(java);
        RuntimeException failure = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing the mesh of " + cell + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
