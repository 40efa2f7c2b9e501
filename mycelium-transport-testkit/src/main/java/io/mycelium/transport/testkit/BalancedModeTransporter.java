package io.mycelium.transport.testkit;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.concurrent.CompletableFuture;

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

    private static final class Balancing extends ForwardingTransportContext {
        Balancing(TransportContext c) {
            super(c);
        }

        @Override
        public boolean brokerBalancing() {
            return true;
        }
    }
}
