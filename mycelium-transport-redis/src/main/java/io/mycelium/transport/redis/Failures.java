package io.mycelium.transport.redis;

import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.BrokerDisconnectedException;
import io.mycelium.MyceliumException;

/** The typed errors this module fails with. */
final class Failures {

    private Failures() {}

    /** The Redis connection is down: retryable. */
    static RuntimeException disconnected(String why) {
        BrokerDisconnectedException e = new BrokerDisconnectedException();
        e.initCause(new java.io.IOException("Redis connection is down: " + why));
        return e;
    }

    static RuntimeException tooLarge(int size, int max) {
        return new MyceliumException(
                "packet of " + size + " bytes exceeds the Redis transporter's maxPayload of " + max + " bytes",
                413,
                "PACKET_TOO_LARGE",
                NullNode.getInstance());
    }

    static RuntimeException balancingUnsupported() {
        return new UnsupportedOperationException(
                "Redis pub/sub cannot balance: use the built-in balancer with the Redis transporter");
    }
}
