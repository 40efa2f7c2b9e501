package io.mycelium.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Finds the nodes of the mesh and tells them about this one, in place of the DISCOVER, INFO and
 * HEARTBEAT packets a transporter would carry (Moleculer's discoverers; the Redis one keeps every node's
 * INFO and heartbeat in Redis keys with an expiry, so discovery leaves the message path). Found with
 * {@link DiscovererProvider} by URL scheme.
 *
 * <p>How a broker uses one: it calls {@link #start} after its transporter connected and its local
 * services are registered; while a discoverer runs, the broker sends no DISCOVER, INFO or HEARTBEAT over
 * the transporter (it still sends DISCONNECT when it stops, and still answers a DISCOVER that arrives).
 * The discoverer feeds the registry through the context: {@link TransportContext#receive(
 * io.mycelium.protocol.Packet)} with the {@code InfoPacket} of a new or changed node and a
 * {@code HeartbeatPacket} for every sign of life, and {@link TransportContext#nodeUnreachable} when a
 * node's entry expires or is removed. It reads this node's INFO from
 * {@link TransportContext#localInfo()} and its CPU from {@link TransportContext#nodes()}; it uses
 * {@link TransportContext#scheduler()} for its timers and never blocks that scheduler's threads.
 *
 * <p>Implementations are <b>thread-safe</b>: the broker calls {@link #localInfoChanged()} from any
 * thread.
 */
public interface Discoverer {

    /**
     * Publishes this node and starts collecting the others. The future completes once this node is
     * published (its peers can find it); it fails with a typed exception if the discovery store cannot
     * be reached within the discoverer's own connect policy.
     */
    CompletableFuture<Void> start(TransportContext context);

    /** The local services changed (the INFO {@code seq} grew): publish the new INFO soon. */
    void localInfoChanged();

    /** Removes this node's entries from the store and stops. Safe to call twice. */
    CompletableFuture<Void> stop();
}
