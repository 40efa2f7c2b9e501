package io.mycelium.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a transporter knows about one inbound packet besides its bytes: which node the connection that carried
 * it proved to be, and whom to tell when the packet's work is done. Handed to
 * {@link TransportContext#receive(io.mycelium.protocol.PacketType, byte[], Delivery)} with each packet.
 *
 * <p>Implementations are <b>thread-safe</b>: {@link #settled} may be called from any thread.
 */
public interface Delivery {

    /** A packet whose sender the transport proves nothing about, and that needs no acknowledgement. */
    Delivery UNVERIFIED = new Delivery() {};

    /**
     * The node ID the connection authenticated as (pre-shared keys, a mutual TLS certificate), or empty when
     * the transport proves nothing about who sent the packet (broker transporters, TCP without keys). When
     * present, a packet whose {@code sender} differs is dropped.
     */
    default Optional<String> authenticatedNode() {
        return Optional.empty();
    }

    /**
     * Called exactly once when the packet's work is over: for a REQUEST or EVENT when its handler has ended
     * (or the packet was dropped), for every other packet once it is dispatched. {@code handled} is false when
     * the packet was dropped or its handler failed. A transporter with acknowledgements acknowledges here, so
     * a worker that dies mid-handler leaves the packet to be redelivered. Any thread; must not block.
     */
    default void settled(boolean handled) {}

    /** A delivery over a connection authenticated as {@code nodeId}, needing no acknowledgement. */
    static Delivery authenticatedAs(String nodeId) {
        Objects.requireNonNull(nodeId);
        Optional<String> node = Optional.of(nodeId);
        return new Delivery() {
            @Override
            public Optional<String> authenticatedNode() {
                return node;
            }
        };
    }
}
