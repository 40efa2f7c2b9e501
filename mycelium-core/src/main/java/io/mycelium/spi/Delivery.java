package io.mycelium.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a transporter knows about one inbound packet besides its bytes: which node the connection that carried
 * it proved to be, whom to tell when the packet's work is done, and how a slow stream reader pushes back on
 * that connection. Handed to
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
     * Called exactly once when the packet's work is over. For a REQUEST: once it is answered, with the
     * handler's result or with an error (a handler that throws, an unknown action, a node that is stopping:
     * the error response is the answer, as in Moleculer), or needs no answer any more (one-way, or the
     * caller's deadline passed, even with the handler still running). For an EVENT: once every local handler it reached has ended (one that threw counts: its
     * failure is logged, as in Moleculer). For every other packet: once it is dispatched.
     *
     * <p>{@code handled} is false when this node did not do the work and another attempt may: the packet
     * could not be read, no local handler took the event, the event could not start because the node is
     * stopping, or the answer could not be sent. A transporter with acknowledgements acknowledges here, so a
     * worker that dies mid-handler leaves the packet to be redelivered. Any thread; must not block.
     */
    default void settled(boolean handled) {}

    /**
     * True when the transport redelivers the packet if this node never settles it (a message broker queue
     * with acknowledgements). The node then remembers the request for a while, so that a copy redelivered
     * to it (after its connection to the broker dropped mid-handler, say) is not run a second time.
     */
    default boolean redeliverable() {
        return false;
    }

    /** True when the transport says this packet may have been delivered before, to this node or another. */
    default boolean redelivered() {
        return false;
    }

    /**
     * How a stream this packet feeds pauses reading from the connection that carried it (see {@link PushBack}).
     * Default: {@link PushBack#NONE}, for transports that cannot push back.
     */
    default PushBack pushBack() {
        return PushBack.NONE;
    }

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
