package io.mycelium.transport.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.TransportContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** A small TransportContext for transporter-level tests: records what arrives, echoes on demand. */
public final class RecordingContext implements TransportContext {
    public record Received(PacketType type, String payload) {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().factory());

    public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    public final AtomicInteger lost = new AtomicInteger();
    public final AtomicInteger restored = new AtomicInteger();
    private final String nodeId;
    private final String namespace;
    private final boolean brokerBalancing;
    private volatile InfoPacket info;
    private volatile BiConsumer<PacketType, String> onReceive = (t, p) -> {};

    public RecordingContext(String nodeId, String namespace, boolean brokerBalancing) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.brokerBalancing = brokerBalancing;
        this.info = info(0, JSON.arrayNode());
    }

    public RecordingContext(String nodeId, String namespace) {
        this(nodeId, namespace, false);
    }

    public void onReceive(BiConsumer<PacketType, String> hook) {
        this.onReceive = hook;
    }

    /** Publishes a local INFO listing one service with the given actions and events (group = service). */
    public synchronized void services(String service, List<String> actions, List<String> events) {
        ObjectNode svc = JSON.objectNode().put("name", service).put("fullName", service);
        ObjectNode acts = svc.putObject("actions");
        actions.forEach(a -> acts.putObject(a).put("name", a));
        ObjectNode evs = svc.putObject("events");
        events.forEach(e -> evs.putObject(e).put("name", e));
        ArrayNode services = JSON.arrayNode().add(svc);
        info = info(info.seq() + 1, services);
    }

    private InfoPacket info(long seq, ArrayNode services) {
        return new InfoPacket(
                nodeId,
                services,
                List.of("127.0.0.1"),
                "localhost",
                JSON.objectNode().put("type", "java"),
                JSON.objectNode(),
                "i-" + nodeId,
                JSON.objectNode(),
                seq,
                JSON.objectNode());
    }

    public List<String> payloads(PacketType type) {
        return received.stream()
                .filter(r -> r.type() == type)
                .map(Received::payload)
                .toList();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    /** The core's JSON serializer: the transporter serializes its last will (a DISCONNECT) with it. */
    @Override
    public Serializer serializer() {
        return java.util.ServiceLoader.load(io.mycelium.spi.SerializerProvider.class).stream()
                .map(java.util.ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("json"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JSON SerializerProvider registered"))
                .create();
    }

    @Override
    public void receive(PacketType type, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        received.add(new Received(type, text));
        onReceive.accept(type, text);
    }

    @Override
    public void receive(Packet packet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void nodeCpu(String nodeId, long cpuSeq, int cpu) {}

    @Override
    public void nodeUnreachable(String nodeId, String reason) {}

    @Override
    public void connectionLost(Throwable cause) {
        lost.incrementAndGet();
    }

    @Override
    public void connectionRestored() {
        restored.incrementAndGet();
    }

    @Override
    public InfoPacket localInfo() {
        return info;
    }

    @Override
    public List<NodeSnapshot> nodes() {
        return List.of();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return SCHEDULER;
    }

    @Override
    public boolean brokerBalancing() {
        return brokerBalancing;
    }
}
