package io.mycelium.transport.testkit;

import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Connects a transporter as a broker with the built-in balancer disabled would: its context answers
 * {@code brokerBalancing() == true} (the contract suite's recording context keeps the default, false).
 */
public final class BalancedModeTransporter implements Transporter {
    private final Transporter delegate;

    public BalancedModeTransporter(Transporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        return delegate.connect(new Balancing(context));
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        return delegate.send(type, destination, payload);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return delegate.disconnect();
    }

    @Override
    public boolean supportsBrokerBalancing() {
        return delegate.supportsBrokerBalancing();
    }

    @Override
    public int maxPayloadSize() {
        return delegate.maxPayloadSize();
    }

    private record Balancing(TransportContext c) implements TransportContext {
        @Override
        public boolean brokerBalancing() {
            return true;
        }

        @Override
        public String nodeId() {
            return c.nodeId();
        }

        @Override
        public String namespace() {
            return c.namespace();
        }

        @Override
        public Serializer serializer() {
            return c.serializer();
        }

        @Override
        public void receive(PacketType type, byte[] payload) {
            c.receive(type, payload);
        }

        @Override
        public void receive(Packet packet) {
            c.receive(packet);
        }

        @Override
        public void nodeCpu(String nodeId, long cpuSeq, int cpu) {
            c.nodeCpu(nodeId, cpuSeq, cpu);
        }

        @Override
        public void nodeUnreachable(String nodeId, String reason) {
            c.nodeUnreachable(nodeId, reason);
        }

        @Override
        public void connectionLost(Throwable cause) {
            c.connectionLost(cause);
        }

        @Override
        public void connectionRestored() {
            c.connectionRestored();
        }

        @Override
        public InfoPacket localInfo() {
            return c.localInfo();
        }

        @Override
        public List<NodeSnapshot> nodes() {
            return c.nodes();
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return c.scheduler();
        }
    }
}
