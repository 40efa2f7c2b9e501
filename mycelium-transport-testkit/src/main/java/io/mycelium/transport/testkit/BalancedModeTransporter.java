package io.mycelium.transport.testkit;

import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.concurrent.CompletableFuture;

/**
 * Connects a transporter as a broker with the built-in balancer disabled would: its context answers
 * {@code brokerBalancing() == true} (the contract suite's recording context keeps the default, false).
 */
public final class BalancedModeTransporter extends ForwardingTransporter {

    public BalancedModeTransporter(Transporter delegate) {
        super(delegate);
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        return super.connect(new Balancing(context));
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
