package io.mycelium.spi;

import io.mycelium.protocol.PacketType;
import java.util.concurrent.CompletableFuture;

/**
 * Moves serialized packets between nodes. One instance serves one broker for its whole life:
 * {@link #connect} once, {@link #send} from any thread, {@link #disconnect} once.
 *
 * <p>Implementations are <b>thread-safe</b>. They never block the caller of {@link #send}: a write is
 * queued (bounded) and its future completes when the bytes are handed to the network, or fails with a
 * typed exception (for example {@code BrokerDisconnectedException}) when they cannot be. Inbound packets
 * are handed to {@link TransportContext#receive} on the transporter's own threads; the context never
 * blocks them.
 */
public interface Transporter {

    /**
     * Connects and subscribes to this node's topics. The future completes once packets can flow both
     * ways. A transporter that reconnects later tells the context through
     * {@link TransportContext#connectionLost} and {@link TransportContext#connectionRestored}.
     */
    CompletableFuture<Void> connect(TransportContext context);

    /** Sends one serialized packet. The {@code payload} array is owned by the transporter afterwards. */
    CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload);

    /** Unsubscribes and closes every connection; pending sends fail. Safe to call twice. */
    CompletableFuture<Void> disconnect();

    /**
     * True when the transporter finds nodes by itself (the TCP transporter's gossip): it then ignores
     * DISCOVER, INFO, HEARTBEAT and DISCONNECT sends and feeds the registry through the context instead.
     */
    default boolean handlesDiscovery() {
        return false;
    }

    /**
     * True when {@link #connect} itself fails with {@code io.mycelium.DuplicateNodeIdException} if this
     * node's id is already connected in its namespace (a transporter that sees every member, such as
     * {@code memory://}); the broker then skips its own check, a DISCOVER followed by a short wait for an
     * INFO of another instance with this id. Default false.
     */
    default boolean detectsDuplicateIds() {
        return false;
    }

    /** True when the broker can balance {@link Destination.BalancedRequest} and {@link Destination.BalancedEvent}. */
    default boolean supportsBrokerBalancing() {
        return false;
    }

    /**
     * How many calls to one node may time out in a row before its circuit opens: the node then gets no new
     * calls or balanced events until it answers a PING (probed about every second). 0 turns the circuit
     * off. Read once when the broker starts; broker transporters take it from their options
     * ({@code circuitThreshold} in the URL query). Default 3.
     */
    default int circuitThreshold() {
        return 3;
    }

    /** The largest payload {@link #send} accepts, in bytes. */
    default int maxPayloadSize() {
        return Integer.MAX_VALUE;
    }
}
