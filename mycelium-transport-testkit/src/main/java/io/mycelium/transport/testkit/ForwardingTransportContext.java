package io.mycelium.transport.testkit;

import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Delivery;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.TransportContext;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link TransportContext} that hands every call to another one; test wrappers override what they
 * change (what a transporter is told, or what it may pass on).
 */
abstract class ForwardingTransportContext implements TransportContext {
    private final TransportContext ctx;

    ForwardingTransportContext(TransportContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String nodeId() {
        return ctx.nodeId();
    }

    @Override
    public java.util.Optional<io.mycelium.stats.BrokerStatistics> statistics() {
        return ctx.statistics();
    }

    @Override
    public String namespace() {
        return ctx.namespace();
    }

    @Override
    public Serializer serializer() {
        return ctx.serializer();
    }

    @Override
    public void receive(PacketType type, byte[] payload) {
        ctx.receive(type, payload);
    }

    @Override
    public void receive(PacketType type, byte[] payload, Delivery delivery) {
        ctx.receive(type, payload, delivery);
    }

    @Override
    public void receive(Packet packet) {
        ctx.receive(packet);
    }

    @Override
    public void ownIdAnnounced(boolean elsewhere, String where) {
        ctx.ownIdAnnounced(elsewhere, where);
    }

    @Override
    public void nodeCpu(String nodeId, long cpuSeq, int cpu) {
        ctx.nodeCpu(nodeId, cpuSeq, cpu);
    }

    @Override
    public void nodeUnreachable(String nodeId, String reason) {
        ctx.nodeUnreachable(nodeId, reason);
    }

    @Override
    public void connectionLost(Throwable cause) {
        ctx.connectionLost(cause);
    }

    @Override
    public void connectionRestored() {
        ctx.connectionRestored();
    }

    @Override
    public InfoPacket localInfo() {
        return ctx.localInfo();
    }

    @Override
    public List<NodeSnapshot> nodes() {
        return ctx.nodes();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return ctx.scheduler();
    }

    @Override
    public boolean brokerBalancing() {
        return ctx.brokerBalancing();
    }
}
