package io.mycelium.spi;

import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.stats.BrokerStatistics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The broker as a transporter sees it. Every method is <b>thread-safe</b>, cheap and never blocks, so a
 * transporter may call it from its I/O threads.
 */
public interface TransportContext {

    /** This node's id. */
    String nodeId();

    /** The namespace, empty for none. Broker topics start with {@code MOL} or {@code MOL-<namespace>}. */
    String namespace();

    /** The mesh-wide serializer, for transporters that decode packets of their own (gossip). */
    Serializer serializer();

    /**
     * Hands over the bytes of one inbound packet. Decoding errors are logged and the packet dropped; this
     * method never throws.
     */
    void receive(PacketType type, byte[] payload);

    /**
     * Hands over the bytes of one inbound packet with what the transport knows about it: the node its
     * connection authenticated as, and the callback to run once its work is done ({@link Delivery#settled},
     * always called exactly once, also when the packet is dropped). Never throws.
     */
    default void receive(PacketType type, byte[] payload, Delivery delivery) {
        receive(type, payload);
        delivery.settled(true);
    }

    /** Hands over an already decoded packet (an INFO learned through gossip, for example). */
    void receive(Packet packet);

    /** The CPU of a node changed (learned through gossip); it also counts as a sign of life. */
    void nodeCpu(String nodeId, long cpuSeq, int cpu);

    /**
     * A node can no longer be reached (its connection is lost, or gossip says it left): it is marked
     * unavailable and calls in flight to it fail at once with a typed exception.
     */
    void nodeUnreachable(String nodeId, String reason);

    /**
     * The transport heard this node's id announced outside any packet (the TCP transporter's UDP discovery
     * beacons): {@code elsewhere} false when it is this node's own announcement coming back, true when it
     * names another address or port ({@code where}), that is a second instance of this id (or a forged
     * beacon). While the broker checks its id at start, the first ends the wait sooner and the second
     * fails the start with {@code io.mycelium.DuplicateNodeIdException}; once running, the second is
     * logged as an error. Thread-safe, never blocks. Default: ignored.
     */
    default void ownIdAnnounced(boolean elsewhere, String where) {}

    /** The connection to the broker is lost: calls in flight fail fast, new sends fail until restored. */
    void connectionLost(Throwable cause);

    /** The connection is back and subscriptions are restored: the broker announces itself again. */
    void connectionRestored();

    /** This node's current INFO (its {@code seq} grows whenever the local services change). */
    InfoPacket localInfo();

    /** Every node the registry knows, this one included. */
    List<NodeSnapshot> nodes();

    /** The broker's scheduler, for timers (gossip, reconnect back-off); tasks must not block. */
    ScheduledExecutorService scheduler();

    /**
     * True when the built-in balancer is disabled and the broker balances instead: a transporter that
     * {@link Transporter#supportsBrokerBalancing() supports it} then also consumes the balanced topics
     * ({@code PREFIX.REQB.<action>}, {@code PREFIX.EVENTB.<group>.<event>}) of the local actions and events
     * listed in {@link #localInfo()}, and refreshes them whenever it sends an INFO (as Moleculer does).
     */
    default boolean brokerBalancing() {
        return false;
    }

    /**
     * A snapshot of the broker's request statistics ({@code ServiceBroker.statistics()}), for transporters
     * that publish them in their own protocol (the NATS transporter answers NATS's {@code $SRV.STATS}).
     * Costs a snapshot per call: call it when asked, not per packet. Default: empty (none available).
     */
    default Optional<BrokerStatistics> statistics() {
        return Optional.empty();
    }
}
