package io.mycelium.internal.transit;

import io.mycelium.internal.memory.MemoryTransporter;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.spi.Delivery;
import io.mycelium.spi.Destination;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The memory transporter, handing every inbound packet over with a {@link Delivery} that records how it is
 * settled, as a transporter with acknowledgements would see it.
 */
final class SettlingTransporter implements Transporter {

    /** One inbound packet and what the node said of it. */
    static final class Received implements Delivery {
        final PacketType type;
        final String id;
        final String name;
        final AtomicInteger settlements = new AtomicInteger();
        volatile @Nullable Boolean handled;
        volatile boolean redeliverable;
        volatile boolean redelivered;

        Received(PacketType type, String id, String name) {
            this.type = type;
            this.id = id;
            this.name = name;
        }

        @Override
        public boolean redeliverable() {
            return redeliverable;
        }

        @Override
        public boolean redelivered() {
            return redelivered;
        }

        @Override
        public void settled(boolean handled) {
            this.handled = handled;
            settlements.incrementAndGet();
        }

        @Override
        public String toString() {
            return type + " " + name + " " + id + ": settled " + settlements + " time(s), handled " + handled;
        }
    }

    private final MemoryTransporter memory = new MemoryTransporter();
    final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile @Nullable TransportContext context;

    /** Hands {@code packet} to the node as if it had arrived on the wire. */
    Received inject(Packet packet) {
        return inject(packet, false, false);
    }

    /** Hands {@code packet} over as a broker queue with acknowledgements would (maybe a redelivered copy). */
    Received inject(Packet packet, boolean redeliverable, boolean redelivered) {
        TransportContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("not connected");
        }
        Received r = record(packet);
        r.redeliverable = redeliverable;
        r.redelivered = redelivered;
        ctx.receive(packet.type(), ctx.serializer().serialize(packet), r);
        return r;
    }

    /** Everything received for the REQUEST of {@code action} or the EVENT {@code event}. */
    List<Received> of(String name) {
        return received.stream().filter(r -> r.name.equals(name)).toList();
    }

    private Received record(Packet packet) {
        Received r =
                switch (packet) {
                    case RequestPacket p -> new Received(p.type(), p.id(), p.action());
                    case EventPacket p -> new Received(p.type(), p.id(), p.event());
                    default -> new Received(packet.type(), "", "");
                };
        received.add(r);
        return r;
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext ctx) {
        Recording recording = new Recording(ctx);
        context = ctx;
        return memory.connect(recording);
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        return memory.send(type, destination, payload);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return memory.disconnect();
    }

    /** The node's context, with a recording delivery added to each packet the memory transporter hands in. */
    private final class Recording implements TransportContext {
        private final TransportContext node;

        Recording(TransportContext node) {
            this.node = node;
        }

        @Override
        public void receive(PacketType type, byte[] payload) {
            node.receive(type, payload, record(node.serializer().deserialize(type, payload)));
        }

        @Override
        public void receive(Packet packet) {
            node.receive(packet);
        }

        @Override
        public String nodeId() {
            return node.nodeId();
        }

        @Override
        public String namespace() {
            return node.namespace();
        }

        @Override
        public Serializer serializer() {
            return node.serializer();
        }

        @Override
        public void nodeCpu(String nodeId, long cpuSeq, int cpu) {
            node.nodeCpu(nodeId, cpuSeq, cpu);
        }

        @Override
        public void nodeUnreachable(String nodeId, String reason) {
            node.nodeUnreachable(nodeId, reason);
        }

        @Override
        public void connectionLost(Throwable cause) {
            node.connectionLost(cause);
        }

        @Override
        public void connectionRestored() {
            node.connectionRestored();
        }

        @Override
        public InfoPacket localInfo() {
            return node.localInfo();
        }

        @Override
        public List<NodeSnapshot> nodes() {
            return node.nodes();
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return node.scheduler();
        }
    }
}
