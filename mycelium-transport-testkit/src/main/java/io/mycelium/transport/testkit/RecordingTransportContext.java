package io.mycelium.transport.testkit;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TransportContext} for transporter-level tests: it records every packet and connection event a
 * transporter reports, and serves a local INFO whose services the test chooses (so a transporter that
 * balances through its broker learns the local actions and event groups). It stands in for the broker
 * only where the test drives the transporter directly. All methods are thread-safe.
 */
public final class RecordingTransportContext implements TransportContext, AutoCloseable {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String nodeId;
    private final String namespace;
    private final ConcurrentLinkedQueue<ReceivedPacket> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Packet> decoded = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger restored = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> unreachable = new ConcurrentLinkedQueue<>();
    private volatile InfoPacket localInfo;
    private final AtomicLong seq = new AtomicLong(1);
    private final ArrayNode services = JSON.arrayNode();
    private final ScheduledExecutorService scheduler;

    public RecordingTransportContext(String nodeId, String namespace) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.localInfo = info();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-context-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds a service with the given full action names and events ({@code event -> group}) to the local
     * INFO and bumps its {@code seq}.
     */
    public synchronized RecordingTransportContext addService(
            String name, List<String> actions, java.util.Map<String, String> events) {
        ObjectNode service = services.addObject();
        service.put("name", name).put("fullName", name);
        service.putObject("settings");
        service.putObject("metadata");
        ObjectNode actionMap = service.putObject("actions");
        actions.forEach(a -> actionMap.putObject(a).put("name", a).put("rawName", a.substring(a.lastIndexOf('.') + 1)));
        ObjectNode eventMap = service.putObject("events");
        events.forEach(
                (event, group) -> eventMap.putObject(event).put("name", event).put("group", group));
        seq.incrementAndGet();
        localInfo = info();
        return this;
    }

    private synchronized InfoPacket info() {
        ObjectNode client =
                JSON.objectNode().put("type", "java").put("version", "test").put("langVersion", "21");
        return new InfoPacket(
                nodeId,
                services.deepCopy(),
                List.of("127.0.0.1"),
                "localhost",
                client,
                JSON.objectNode(),
                nodeId + "-instance",
                JSON.objectNode(),
                seq.get(),
                JSON.objectNode());
    }

    /** Every packet received so far, in arrival order. */
    public List<ReceivedPacket> received() {
        return new ArrayList<>(received);
    }

    /** The packets of one type received so far, in arrival order. */
    public List<ReceivedPacket> received(PacketType type) {
        return received.stream().filter(p -> p.type() == type).toList();
    }

    /** The UTF-8 payloads of one type received so far, in arrival order. */
    public List<String> texts(PacketType type) {
        return received.stream()
                .filter(p -> p.type() == type)
                .map(ReceivedPacket::text)
                .toList();
    }

    /** Already decoded packets handed over through {@link #receive(Packet)}. */
    public List<Packet> decoded() {
        return new ArrayList<>(decoded);
    }

    /** How many times the transporter reported a lost connection. */
    public int connectionLostCount() {
        return lost.get();
    }

    /** How many times the transporter reported a restored connection. */
    public int connectionRestoredCount() {
        return restored.get();
    }

    /** Nodes the transporter (or discoverer) reported unreachable, in order. */
    public List<String> unreachableNodes() {
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

    /** The JSON serializer of the core when one is registered through {@link ServiceLoader}. */
    @Override
    public Serializer serializer() {
        Optional<SerializerProvider> json = ServiceLoader.load(SerializerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("json"))
                .findFirst();
        return json.orElseThrow(() -> new IllegalStateException("no JSON SerializerProvider registered"))
                .create();
    }

    @Override
    public void receive(PacketType type, byte[] payload) {
        received.add(new ReceivedPacket(type, payload));
    }

    @Override
    public void receive(Packet packet) {
        decoded.add(packet);
    }

    @Override
    public void nodeCpu(String nodeId, long cpuSeq, int cpu) {}

    @Override
    public void nodeUnreachable(String nodeId, String reason) {
        unreachable.add(nodeId);
    }

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
        return localInfo;
    }

    @Override
    public List<NodeSnapshot> nodes() {
        InfoPacket info = localInfo;
        return List.of(new NodeSnapshot(nodeId, true, true, info.seq(), 0, 0, Optional.of(info)));
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
