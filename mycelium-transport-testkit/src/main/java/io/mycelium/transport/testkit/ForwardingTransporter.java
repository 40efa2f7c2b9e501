package io.mycelium.transport.testkit;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Transporter} that hands every call to another one; test wrappers override {@link #connect} to give
 * the real transporter a context of their own.
 */
abstract class ForwardingTransporter implements Transporter {
    private final Transporter inner;

    ForwardingTransporter(Transporter inner) {
        this.inner = inner;
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        return inner.connect(context);
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
}
