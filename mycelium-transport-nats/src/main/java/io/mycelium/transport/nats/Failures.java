package io.mycelium.transport.nats;

import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.BrokerDisconnectedException;
import io.mycelium.MyceliumException;

/** The typed errors this transporter fails sends with. */
final class Failures {

    private Failures() {}

    /** The broker connection is down: retryable. */
    static RuntimeException disconnected(String why) {
        BrokerDisconnectedException e = new BrokerDisconnectedException();
        e.initCause(new java.io.IOException("NATS connection is down: " + why));
        return e;
    }

    static RuntimeException tooLarge(int size, int max) {
        return new MyceliumException(
                "packet of " + size + " bytes exceeds the NATS server's max_payload of " + max + " bytes",
                413,
                "PACKET_TOO_LARGE",
                NullNode.getInstance());
    }
}
