package io.mycelium.transport.testkit;

import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.concurrent.CompletableFuture;

/**
 * A real transporter whose node can be made deaf to INFO packets, to stage the race where a peer has not yet
 * heard that a service was disabled and still routes a call to it. Everything else passes through.
 * Thread-safe.
 */
public final class InfoDeafTransporter extends ForwardingTransporter {
    private volatile boolean deaf;

    public InfoDeafTransporter(Transporter inner) {
        super(inner);
    }

    /** From now on INFO packets (and INFO learned through gossip) do not reach the broker, or do again. */
    public void deaf(boolean deaf) {
        this.deaf = deaf;
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        return super.connect(new Filter(context));
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
