package io.mycelium.transport.tcp;

import io.mycelium.protocol.Packet;
import java.util.concurrent.CompletableFuture;

/** What {@link Gossip} needs from the connections; called on the control event loop. */
interface GossipLink {

    /**
     * Serializes and sends a gossip packet to a node, dialling it if needed; failures come back as events.
     * The future completes (never exceptionally) once the frame was written or could not be.
     */
    CompletableFuture<Void> sendGossip(String nodeId, Packet packet);

    /**
     * Sends a gossip packet back on the connection it answers rather than to the node id (used when that
     * connection comes from a second instance of a live node id, which dialling the id would not reach).
     */
    void replyOn(io.netty.channel.Channel channel, Packet packet);

    /** Whether an outgoing connection to the node is open. */
    boolean hasOpenConnection(String nodeId);

    /**
     * Whether dialling one more node would close the least recently used outgoing connection (the mesh is
     * larger than {@code maxConnections}).
     */
    boolean outboundFull();

    /** Closes the outgoing connection to a node, if any, without reporting it as lost. */
    void closeConnection(String nodeId);

    /** The TCP port this node listens on. */
    int port();
}
