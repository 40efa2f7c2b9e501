package io.mycelium.transport.testkit;

import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.concurrent.CompletableFuture;

/**
 * A real transporter whose node can be made deaf to INFO packets, to stage the race where a peer has not yet
 * heard that a service was disabled and still routes a call to it. Everything else passes through.
 * Thread-safe.
 */
public final class InfoDeafTransporter implements Transporter {
    private final Transporter inner;
    private volatile boolean deaf;

    public InfoDeafTransporter(Transporter inner) {
        this.inner = inner;
    }

    /** From now on INFO packets (and INFO learned through gossip) do not reach the broker, or do again. */
    public void deaf(boolean deaf) {
        this.deaf = deaf;
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        return inner.connect(new Filter(context));
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        return inner.send(type, destination, payload);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return inner.disconnect();
    }

    @Override
    public boolean handlesDiscovery() {
        return inner.handlesDiscovery();
    }

    @Override
    public boolean supportsBrokerBalancing() {
        return inner.supportsBrokerBalancing();
    }

    @Override
    public int maxPayloadSize() {
        return inner.maxPayloadSize();
    }

    private final class Filter extends ForwardingTransportContext {
        Filter(TransportContext ctx) {
            super(ctx);
        }

        @Override
        public void receive(PacketType type, byte[] payload) {
            if (!(deaf && type == PacketType.INFO)) {
                super.receive(type, payload);
            }
        }

        @Override
        public void receive(Packet packet) {
            if (!(deaf && packet instanceof InfoPacket)) {
                super.receive(packet);
            }
        }
    }
}
