package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.SerializerProvider;
import io.mycelium.spi.TransportContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The broker as the transporter sees it, for transporter-level tests: records packets, learned INFOs
 * and unreachable reports; uses the real JSON serializer of the core.
 */
final class TestContext implements TransportContext, AutoCloseable {

    record Received(PacketType type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String nodeId;
    private final String namespace;
    private final Serializer serializer;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, InfoPacket> infos = new ConcurrentHashMap<>();
    private final Map<String, Boolean> available = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unreachable = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private volatile long seq = 1;
    private volatile ArrayNode services = F.arrayNode();

    TestContext(String nodeId, String namespace) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.serializer = ServiceLoader.load(SerializerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("json"))
                .findFirst()
                .orElseThrow()
                .create();
    }

    /** Adds a service to the local INFO and bumps its seq. */
    synchronized void addService(String name) {
        ArrayNode copy = services.deepCopy();
        ObjectNode s = copy.addObject().put("name", name).put("fullName", name);
        s.putObject("actions").putObject(name + ".act").put("name", name + ".act");
        s.putObject("events");
        services = copy;
        seq++;
    }

    List<Received> received(PacketType type) {
        return received.stream().filter(r -> r.type() == type).toList();
    }

    List<String> texts(PacketType type) {
        return received(type).stream().map(Received::text).toList();
    }

    /** Nodes whose INFO arrived and that were not reported unreachable since. */
    List<String> availableNodes() {
        return available.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    Optional<InfoPacket> info(String node) {
        return Optional.ofNullable(infos.get(node));
    }

    List<String> unreachable() {
        return new ArrayList<>(unreachable);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Serializer serializer() {
        return serializer;
    }

    @Override
    public void receive(PacketType type, byte[] payload) {
        received.add(new Received(type, payload));
    }

    @Override
    public void receive(Packet packet) {
        if (packet instanceof InfoPacket info) {
            infos.put(info.sender(), info);
            available.put(info.sender(), true);
        }
    }

    @Override
    public void nodeCpu(String nodeId, long cpuSeq, int cpu) {}

    @Override
    public void nodeUnreachable(String nodeId, String reason) {
        unreachable.add(nodeId + ": " + reason);
        available.put(nodeId, false);
    }

    @Override
    public void connectionLost(Throwable cause) {}

    @Override
    public void connectionRestored() {}

    @Override
    public InfoPacket localInfo() {
        ObjectNode client =
                F.objectNode().put("type", "java").put("version", "test").put("langVersion", "21");
        return new InfoPacket(
                nodeId,
                services,
                List.of("127.0.0.1"),
                "localhost",
                client,
                F.objectNode(),
                nodeId + "-instance",
                F.objectNode(),
                seq,
                F.objectNode());
    }

    @Override
    public List<NodeSnapshot> nodes() {
        return List.of();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
