package io.mycelium.internal.transit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.BrokerDisconnectedException;
import io.mycelium.MyceliumException;
import io.mycelium.PingResult;
import io.mycelium.RequestTimeoutException;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.StreamSettings;
import io.mycelium.internal.registry.NodeEntry;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.stats.PacketCounters;
import io.mycelium.internal.stream.InboundStream;
import io.mycelium.internal.stream.StreamPackets;
import io.mycelium.internal.stream.Streams;
import io.mycelium.internal.util.Ids;
import io.mycelium.protocol.DisconnectPacket;
import io.mycelium.protocol.DiscoverPacket;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.GossipRequestPacket;
import io.mycelium.protocol.GossipResponsePacket;
import io.mycelium.protocol.HeartbeatPacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.PingPacket;
import io.mycelium.protocol.PongPacket;
import io.mycelium.protocol.RequestPacket;
import io.mycelium.protocol.ResponsePacket;
import io.mycelium.spi.Delivery;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Discoverer;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import io.mycelium.stats.BrokerStatistics;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packets in and out: serializes through the {@link Serializer}, sends through the {@link Transporter},
 * dispatches what arrives, and owns the calls waiting for a response. It is the broker as the transporter
 * sees it ({@link TransportContext}); every method is thread-safe and never blocks.
 */
public final class Transit implements TransportContext {
    private static final Logger LOG = LoggerFactory.getLogger(Transit.class);

    private final String nodeId;
    private final String namespace;
    private final Serializer serializer;
    private final Transporter transporter;
    private final Registry registry;
    private final ScheduledExecutorService scheduler;
    private final InboundHandler inbound;
    private final PendingRequests pending;
    private final RedeliveredRequests redelivered = new RedeliveredRequests();
    private final Map<String, Ping> pings = new ConcurrentHashMap<>();
    private final DroppedPackets dropped = new DroppedPackets();
    private final NodeCircuits circuits;
    private final Ids ids;
    private final StreamCalls streamCalls;
    private final Streams streams;
    private final boolean brokerBalancing;
    private final DuplicateGuard duplicates;
    private final OwnDiscovers ownDiscovers = new OwnDiscovers();
    /** When set, discovery goes through it (a registry store) and no DISCOVER, INFO or HEARTBEAT is sent. */
    private final @Nullable Discoverer discoverer;

    private volatile boolean discovererStarted;
    private volatile boolean connected;
    /** Nodes held back at the last reconnect (0: nothing to check per packet); a hint, never decremented. */
    private volatile int awaitingReturn;

    private static final int CHASE_ROUNDS = 20;
    private static final long CHASE_EVERY_MS = 250;

    /** A PING in flight: only {@code target} may answer it. */
    private record Ping(String target, CompletableFuture<PongPacket> pong) {}

    private final PacketCounters packets = new PacketCounters(); // STATS
    /** The broker's statistics, set once it is built (the broker is made after its transit). */
    private volatile @Nullable Supplier<BrokerStatistics> statistics;

    public Transit(
            String nodeId,
            String namespace,
            Serializer serializer,
            Transporter transporter,
            Registry registry,
            ScheduledExecutorService scheduler,
            InboundHandler inbound,
            Ids ids,
            StreamSettings streamSettings,
            boolean disableBalancer,
            @Nullable Discoverer discoverer) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.serializer = serializer;
        this.transporter = transporter;
        this.registry = registry;
        this.scheduler = scheduler;
        this.inbound = inbound;
        this.circuits = new NodeCircuits(
                transporter.circuitThreshold(), registry, scheduler, id -> ping(id, NodeCircuits.PROBE_EVERY));
        this.pending = new PendingRequests(scheduler, circuits::timedOut);
        this.ids = ids;
        this.brokerBalancing = disableBalancer && transporter.supportsBrokerBalancing();
        this.streamCalls = new StreamCalls(nodeId, registry, pending, streamSettings, this::send);
        this.streams = streamCalls.streams();
        this.duplicates =
                new DuplicateGuard(nodeId, namespace, registry.localInfo().instanceId());
        this.discoverer = discoverer;
    }

    /** Packets and bytes through the transporter (statistics; counted whether or not statistics are on). */
    public PacketCounters packets() {
        return packets;
    }

    public Transporter transporter() {
        return transporter;
    }

    public CompletableFuture<Void> connect() {
        streams.start(scheduler);
        return transporter.connect(this).thenRun(() -> connected = true);
    }

    /** Stops the discoverer, if any (its entries leave the store first), then the transporter. */
    public CompletableFuture<Void> disconnect() {
        connected = false;
        streams.stop();
        Discoverer d = discoverer;
        if (d == null) {
            return transporter.disconnect();
        }
        return d.stop()
                .handle((ok, e) -> {
                    if (e != null) {
                        LOG.warn("Discoverer did not stop cleanly: {}", e.toString());
                    }
                    return null;
                })
                .thenCompose(v -> transporter.disconnect());
    }

    /** Serializes and sends one packet; the future fails when the transporter cannot take it. */
    public CompletableFuture<Void> send(Packet packet, Destination destination) {
        byte[] bytes;
        try {
            bytes = serializer.serialize(packet);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new MyceliumException(
                    "Cannot serialize " + packet.type() + ": " + e.getMessage(),
                    500,
                    "SERIALIZATION_ERROR",
                    io.mycelium.internal.util.Json.nodes().nullNode(),
                    e));
        }
        if (bytes.length > transporter.maxPayloadSize()) {
            return CompletableFuture.failedFuture(new MyceliumException(
                    "Packet of " + bytes.length + " bytes exceeds the transporter's limit of "
                            + transporter.maxPayloadSize(),
                    413,
                    "PAYLOAD_TOO_LARGE",
                    io.mycelium.internal.util.Json.nodes().nullNode()));
        }
        packets.sent(packet.type(), bytes.length); // STATS
        try {
            return transporter.send(packet.type(), destination, bytes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends a REQUEST and returns its RESPONSE. {@code target} is the node expected to answer (empty when
     * the message broker balances); the future fails when it leaves, on timeout, or when the send fails.
     */
    public CompletableFuture<ResponsePacket> request(RequestPacket request, String target, Destination destination) {
        CompletableFuture<ResponsePacket> response =
                pending.add(request.id(), target, request.action(), request.timeout());
        send(request, destination).whenComplete((ok, error) -> {
            if (error != null) {
                pending.fail(request.id(), error);
            }
        });
        return response;
    }

    /**
     * Sends a REQUEST whose params are followed by a byte stream; see {@link StreamCalls#request}. The
     * call's timeout starts once the stream is fully sent.
     */
    public CompletableFuture<ResponsePacket> requestStream(
            RequestPacket first, String target, Destination destination, InputStream source, long timeoutMillis) {
        return streamCalls.request(first, target, destination, source, timeoutMillis);
    }

    /** Answers {@code request} with a byte stream; see {@link StreamCalls#respond}. */
    public void respondStream(RequestPacket request, ObjectNode meta, InputStream source) {
        streamCalls.respond(request, meta, source);
    }

    /** Takes the byte stream of a streamed response whose first packet has completed the call. */
    public Optional<InboundStream> takeResponseStream(String id) {
        return streams.takeResponseStream(id);
    }

    public CompletableFuture<PingResult> ping(String target, Duration timeout) {
        String id = ids.next();
        long sentNanos = System.nanoTime();
        long sentMillis = System.currentTimeMillis();
        CompletableFuture<PongPacket> pong = new CompletableFuture<>();
        pings.put(id, new Ping(target, pong));
        var timer = scheduler.schedule(
                () -> {
                    if (pings.remove(id) != null) {
                        pong.completeExceptionally(new RequestTimeoutException("$ping", target));
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        send(new PingPacket(nodeId, id, sentMillis), Destination.node(target)).whenComplete((ok, e) -> {
            if (e != null && pings.remove(id) != null) {
                pong.completeExceptionally(e);
            }
        });
        return pong.thenApply(p -> {
            timer.cancel(false);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - sentNanos);
            long diff = p.arrived() - (p.time() + elapsed.toMillis() / 2);
            registry.node(target).ifPresent(n -> n.latency(elapsed));
            return new PingResult(target, elapsed, Duration.ofMillis(diff));
        });
    }

    public CompletableFuture<Void> discover() {
        if (discoverer != null) {
            return CompletableFuture.completedFuture(null);
        }
        ownDiscovers.sent();
        return send(new DiscoverPacket(nodeId), Destination.BROADCAST);
    }

    /**
     * Asks the mesh who is there (a broadcast DISCOVER) and watches for at most {@code window} for an
     * INFO carrying this node's id from another instance: every live node answers a DISCOVER with its
     * INFO, and a live instance with this id answers one from its own id too (both instances receive
     * what is sent to the id). The future fails with {@link io.mycelium.DuplicateNodeIdException} when
     * one answers, and completes normally at the end of the window, or sooner once the mesh has answered
     * (this node's own DISCOVER echoed, another node's INFO) and a short grace passed. While it runs,
     * this node sends no INFO (a Moleculer node that sees its id with another {@code instanceID} stops
     * itself) and ignores requests, events and pings, which are meant for the live instance; news of
     * another instance heard since this transit was made counts too. A zero {@code window}, or a
     * transporter that {@linkplain Transporter#detectsDuplicateIds() checks at connect}, only sends the
     * DISCOVER.
     */
    public CompletableFuture<Void> checkUniqueId(Duration window) {
        if (discoverer != null) {
            // the discoverer checks its store for a live entry of this id when it starts
            duplicates.skip();
            return CompletableFuture.completedFuture(null);
        }
        if (window.isZero() || transporter.detectsDuplicateIds()) {
            duplicates.skip();
            discover();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> verdict = duplicates.probe(window, scheduler);
        discover().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("DISCOVER of the node id check not sent: {}", e.toString());
            }
        });
        return verdict;
    }

    /**
     * Makes this node known once its services are registered: starts the discoverer (the future completes
     * once the node is published in the store, and fails when the store cannot be reached), or broadcasts
     * the INFO (the future is then already complete: a lost broadcast is made good by the peers' DISCOVER).
     */
    public CompletableFuture<Void> announce() {
        Discoverer d = discoverer;
        if (d == null) {
            broadcastInfo();
            return CompletableFuture.completedFuture(null);
        }
        return d.start(this).thenRun(() -> discovererStarted = true);
    }

    public CompletableFuture<Void> broadcastInfo() {
        if (duplicates.checking()) {
            return CompletableFuture.completedFuture(null);
        }
        Discoverer d = discoverer;
        if (d != null) {
            if (discovererStarted) {
                d.localInfoChanged();
            }
            return CompletableFuture.completedFuture(null);
        }
        return send(registry.localInfo(), Destination.BROADCAST);
    }

    public CompletableFuture<Void> heartbeat(int cpu) {
        if (discoverer != null) {
            return CompletableFuture.completedFuture(null); // the discoverer writes the heartbeats
        }
        return send(new HeartbeatPacket(nodeId, cpu), Destination.BROADCAST);
    }

    public CompletableFuture<Void> sendDisconnect() {
        return send(new DisconnectPacket(nodeId), Destination.BROADCAST);
    }

    /** Fails every call in flight (used when the broker stops). */
    public void failAll(MyceliumException error) {
        pending.failAll(p -> error);
        streams.failAll(String.valueOf(error.getMessage()));
        pings.values().forEach(p -> p.pong().completeExceptionally(error));
        pings.clear();
    }

    /** Streams in flight, received and sent. */
    public int streamCount() {
        return streams.size();
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Inbound packets dropped as spoofed or forged, by reason (for tests and metrics). */
    public DroppedPackets dropped() {
        return dropped;
    }

    // ---- TransportContext

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Serializer serializer() {
        return serializer;
    }

    @Override
    public void receive(PacketType type, byte[] payload) {
        receive(type, payload, Delivery.UNVERIFIED);
    }

    @Override
    public void receive(PacketType type, byte[] payload, Delivery delivery) {
        packets.received(type, payload.length); // STATS
        Packet packet;
        try {
            packet = serializer.deserialize(type, payload);
        } catch (RuntimeException e) {
            LOG.warn("Dropped an invalid {} packet ({} bytes): {}", type, payload.length, e.getMessage());
            delivery.settled(false);
            return;
        }
        Optional<String> authenticated = delivery.authenticatedNode();
        if (authenticated.isPresent() && !authenticated.get().equals(packet.sender())) {
            dropped.drop(
                    DroppedPackets.Reason.SPOOFED_SENDER,
                    type + " claiming sender '" + packet.sender() + "' over a connection authenticated as '"
                            + authenticated.get() + "'");
            delivery.settled(false);
            return;
        }
        receive(packet, Settlement.of(delivery));
    }

    @Override
    public void receive(Packet packet) {
        receive(packet, Settlement.none());
    }

    /**
     * Dispatches one packet and settles it: a REQUEST or EVENT when its handler ends (the receiver settles),
     * any other packet once dispatched. A packet that fails to dispatch is settled as dropped.
     */
    private void receive(Packet packet, Settlement settlement) {
        if (packet.sender().equals(nodeId) && isDiscovery(packet.type())) {
            settlement.handled();
            fromOwnId(packet);
            return;
        }
        if (duplicates.checking()) {
            if (packet instanceof InfoPacket && transporter.handlesDiscovery()) {
                // gossip: an INFO comes in answer to this node's request (a broker's may be anyone's news)
                duplicates.meshAnswered();
            } else if (packet instanceof RequestPacket
                    || packet instanceof DiscoverPacket
                    || packet instanceof EventPacket
                    || packet instanceof PingPacket) {
                LOG.debug(
                        "Ignored a {} from {} while checking that node id {} is free",
                        packet.type(),
                        packet.sender(),
                        nodeId);
                settlement.dropped();
                return;
            }
        }
        heardFrom(packet.sender());
        boolean handedOver;
        try {
            handedOver = dispatch(packet, settlement);
        } catch (RuntimeException e) {
            LOG.error("Failed to handle a {} packet from {}", packet.type(), packet.sender(), e);
            settlement.dropped(); // ignored if the receiver already settled it
            return;
        }
        if (!handedOver) {
            settlement.handled();
        }
    }

    /**
     * A discovery packet carrying this node's id: this node's own broadcast echoed by the broker, or
     * another instance using the same id. Only INFO tells them apart, by its {@code instanceID}.
     */
    private void fromOwnId(Packet packet) {
        switch (packet) {
            case DiscoverPacket p -> {
                // A transporter that refuses a taken id at connect never echoes: any such DISCOVER is foreign.
                boolean echo = !transporter.detectsDuplicateIds() && ownDiscovers.echoed();
                if (duplicates.checking()) {
                    duplicates.meshAnswered();
                    return;
                }
                // Answered to our own id even when it is our own echo: a starting instance with this id
                // hears it too, and learns from the instanceID that the id is taken. Answered first: that
                // instance waits only so long.
                send(registry.localInfo(), Destination.node(nodeId));
                if (!echo && ownDiscovers.reportForeign()) {
                    LOG.error(
                            "Another instance announces itself with this node's ID '{}'{} (a DISCOVER this node did"
                                    + " not send). This node keeps its identity and answers with its INFO, so the"
                                    + " other instance refuses to start; give every node a unique ID.",
                            nodeId,
                            namespace.isEmpty() ? "" : " in namespace '" + namespace + "'");
                }
            }
            case InfoPacket p -> sightedOwnId(p);
            default -> {}
        }
    }

    private void sightedOwnId(InfoPacket info) {
        switch (duplicates.sighted(info)) {
            case ECHO -> {
                if (duplicates.checking()) {
                    duplicates.meshAnswered();
                }
            }
            case REFUSED -> duplicates.refuse(info);
            case IMPOSTOR -> {
                LOG.error(
                        "Another instance is using this node's ID '{}'{}: {}. This node keeps running with its"
                                + " identity; stop the other instance or give it a unique node ID.",
                        nodeId,
                        namespace.isEmpty() ? "" : " in namespace '" + namespace + "'",
                        DuplicateGuard.describe(info));
                send(registry.localInfo(), Destination.node(nodeId));
            }
            case KNOWN_IMPOSTOR -> {}
        }
    }

    private static boolean isDiscovery(PacketType type) {
        return type == PacketType.DISCOVER
                || type == PacketType.INFO
                || type == PacketType.HEARTBEAT
                || type == PacketType.DISCONNECT;
    }

    /** Dispatches a packet; true when its settlement went along with it (to a request or event handler). */
    private boolean dispatch(Packet packet, Settlement settlement) {
        switch (packet) {
            case DiscoverPacket p -> send(registry.localInfo(), Destination.node(p.sender()));
            case InfoPacket p -> info(p);
            case HeartbeatPacket p -> {
                if (!registry.heartbeat(p.sender(), p.cpu()) && discoverer == null) {
                    send(new DiscoverPacket(nodeId), Destination.node(p.sender()));
                }
            }
            case DisconnectPacket p -> nodeLeft(p.sender(), false, "it disconnected");
            case RequestPacket p -> {
                return request(p, settlement);
            }
            case ResponsePacket p -> response(p, settlement);
            case EventPacket p -> {
                inbound.event(p, settlement);
                return true;
            }
            case PingPacket p ->
                send(
                        new PongPacket(nodeId, p.id(), p.time(), System.currentTimeMillis()),
                        Destination.node(p.sender()));
            case PongPacket p -> pong(p);
            case GossipHelloPacket p -> LOG.debug("Ignored GOSSIP_HELLO from {}", p.sender());
            case GossipRequestPacket p -> LOG.debug("Ignored GOSSIP_REQ from {}", p.sender());
            case GossipResponsePacket p -> LOG.debug("Ignored GOSSIP_RES from {}", p.sender());
        }
        return false;
    }

    /** A REQUEST: stream control and chunks are done once dispatched; a call runs its handler. */
    private boolean request(RequestPacket p, Settlement settlement) {
        if (StreamPackets.isCancel(p)) {
            streams.cancelSending(p.sender(), p.id());
            return false;
        }
        if (StreamPackets.isAck(p)) {
            streams.ack(
                    p.sender(),
                    p.id(),
                    p.headers().path(StreamPackets.STREAM_ACK).asLong(),
                    p.headers().path(StreamPackets.STREAM_WINDOW).asLong());
            return false;
        }
        if (StreamPackets.isStream(p)) {
            // The packet that opens the stream (seq 0, released in order) starts the handler, which settles
            // it when it ends; chunks and the closing packet are done once they are in the stream.
            boolean[] started = {false};
            streams.onRequest(p, settlement.pushBack(), (first, stream) -> {
                started[0] = true;
                inbound.streamRequest(first, stream, settlement);
            });
            return started[0];
        }
        redelivered.accept(p, settlement, s -> inbound.request(p, s));
        return true;
    }

    /**
     * A RESPONSE completes its call only when it comes from the node the call was sent to. The first packet
     * of a response stream is checked before the stream is set up, so a forged one never takes the place of
     * the real stream; later chunks are keyed by their sender and id, so forged ones never join it.
     */
    private void response(ResponsePacket p, Settlement settlement) {
        if (!StreamPackets.isStream(p)) {
            afterResponse(p, pending.complete(p));
            return;
        }
        if (p.seq().orElse(0) == 0) {
            PendingRequests.Outcome check = pending.check(p.id(), p.sender());
            if (check == PendingRequests.Outcome.WRONG_SENDER) {
                afterResponse(p, check);
                return;
            }
            if (check == PendingRequests.Outcome.COMPLETED) {
                circuits.answered(p.sender());
            }
        }
        streams.onResponse(p, settlement.pushBack(), r -> pending.complete(r) == PendingRequests.Outcome.COMPLETED);
    }

    private void afterResponse(ResponsePacket p, PendingRequests.Outcome outcome) {
        switch (outcome) {
            // only an answer to a call made to that node shows it is back: a claimed sender proves nothing
            case COMPLETED -> circuits.answered(p.sender());
            case UNKNOWN_ID ->
                dropped.drop(
                        DroppedPackets.Reason.UNKNOWN_REQUEST, "RESPONSE " + p.id() + " from '" + p.sender() + "'");
            case WRONG_SENDER ->
                dropped.drop(
                        DroppedPackets.Reason.WRONG_RESPONDER, "RESPONSE " + p.id() + " from '" + p.sender() + "'");
        }
    }

    private void pong(PongPacket p) {
        Ping ping = pings.get(p.id());
        if (ping == null && PingPacket.isProbe(p.id())) {
            LOG.trace("PONG {} from {} answers a transporter's liveness probe", p.id(), p.sender());
        } else if (ping == null) {
            dropped.drop(DroppedPackets.Reason.UNKNOWN_REQUEST, "PONG " + p.id() + " from '" + p.sender() + "'");
        } else if (!ping.target().equals(p.sender())) {
            dropped.drop(DroppedPackets.Reason.WRONG_RESPONDER, "PONG " + p.id() + " from '" + p.sender() + "'");
        } else if (pings.remove(p.id(), ping)) {
            ping.pong().complete(p);
        }
    }

    private void info(InfoPacket info) {
        switch (registry.processInfo(info)) {
            case CONNECTED -> {
                registry.node(info.sender()).ifPresent(n -> inbound.nodeConnected(n, false));
                inbound.servicesChanged(false);
            }
            case RECONNECTED -> {
                pending.failNode(info.sender(), p -> new ServiceNotAvailableException(p.action(), p.nodeId()));
                registry.node(info.sender()).ifPresent(n -> inbound.nodeConnected(n, true));
                inbound.servicesChanged(false);
            }
            case UPDATED -> inbound.servicesChanged(false);
            case UNCHANGED -> {}
        }
    }

    /**
     * Any packet from a node held back since a broker reconnect shows it is subscribed again: it gets work
     * again. (A packet from the node proves its connection is back; it resubscribes before it sends.)
     */
    private void heardFrom(String sender) {
        if (awaitingReturn == 0) {
            return;
        }
        NodeEntry node = registry.node(sender).orElse(null);
        if (node != null && node.awaitingReturn()) {
            node.awaitingReturn(false);
            LOG.debug("Node {} is back after the reconnect", sender);
        }
    }

    /** A node left (DISCONNECT, heartbeat timeout, or unreachable): its calls in flight fail at once. */
    public void nodeLeft(String id, boolean unexpected, String reason) {
        var left = registry.disconnected(id);
        circuits.forget(id);
        int failed = pending.failNode(id, p -> new ServiceNotAvailableException(p.action(), p.nodeId()));
        streams.nodeLeft(id);
        if (left.isPresent()) {
            // Over TCP no DISCONNECT travels: a node that stops announces an empty service list, then its
            // connections close. That is a leave, not a failure worth a warning.
            boolean announcedStop =
                    left.get().info().map(i -> i.services().isEmpty()).orElse(false);
            if (unexpected && !announcedStop) {
                LOG.warn("Node {} is unreachable ({}); {} call(s) in flight failed", id, reason, failed);
            } else if (unexpected) {
                LOG.info("Node {} left ({}, after announcing its stop)", id, reason);
            } else {
                LOG.info("Node {} left ({})", id, reason);
            }
            NodeEntry node = left.get();
            inbound.nodeDisconnected(node, unexpected);
            inbound.servicesChanged(false);
        }
    }

    @Override
    public void nodeCpu(String id, long cpuSeq, int cpu) {
        registry.nodeCpu(id, cpuSeq, cpu);
    }

    @Override
    public void nodeUnreachable(String id, String reason) {
        nodeLeft(id, true, reason);
    }

    @Override
    public void ownIdAnnounced(boolean elsewhere, String where) {
        if (!elsewhere) {
            if (duplicates.checking()) {
                duplicates.meshAnswered();
            }
        } else if (duplicates.checking()) {
            duplicates.refuse("announced at " + where);
        } else if (!duplicates.refused() && ownDiscovers.reportForeign()) {
            LOG.error(
                    "Another instance announces this node's ID '{}'{} at {}. This node keeps its identity; stop"
                            + " the other instance or give it a unique node ID.",
                    nodeId,
                    namespace.isEmpty() ? "" : " in namespace '" + namespace + "'",
                    where);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (connected) {
            LOG.warn("Transporter connection lost: {}", cause.toString());
        }
        connected = false;
        holdRemoteNodes();
        pending.failAll(p -> new BrokerDisconnectedException());
        streams.failAll("the connection to the message broker was lost");
    }

    @Override
    public void connectionRestored() {
        connected = true;
        LOG.info("Transporter connection restored");
        holdRemoteNodes();
        scheduleChase(1);
        discover();
        broadcastInfo();
    }

    /**
     * After a lost broker connection, peers may not have resubscribed when ours is back: a call published
     * then would reach nobody and wait for its timeout. So from the loss on, no remote node gets new calls
     * until it is heard from again (its answer to the DISCOVER sent on restore, its own INFO or HEARTBEAT
     * after its reconnect). Done again on restore, in case a packet of before the loss came in between.
     */
    private void holdRemoteNodes() {
        if (transporter.handlesDiscovery()) {
            return;
        }
        int held = 0;
        for (NodeEntry node : registry.nodes()) {
            if (!node.local() && node.available()) {
                node.awaitingReturn(true);
                held++;
            }
        }
        awaitingReturn = held;
    }

    /**
     * Peers reconnect at about the same time, so the broadcasts each sends on its restore (DISCOVER, INFO)
     * can reach the broker before the other has resubscribed, and be lost. A node still held back is asked
     * directly (a DISCOVER sent to it, which it answers with its INFO) every quarter second, for a few
     * seconds; after that its next HEARTBEAT brings it back.
     */
    private void scheduleChase(int round) {
        if (round > CHASE_ROUNDS || awaitingReturn == 0) {
            return;
        }
        try {
            scheduler.schedule(() -> chase(round), CHASE_EVERY_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the broker is stopping
        }
    }

    private void chase(int round) {
        if (!connected) {
            return;
        }
        boolean anyHeld = false;
        for (NodeEntry node : registry.nodes()) {
            if (!node.local() && node.available() && node.awaitingReturn()) {
                anyHeld = true;
                send(new DiscoverPacket(nodeId), Destination.node(node.id()));
            }
        }
        if (anyHeld) {
            scheduleChase(round + 1);
        }
    }

    /**
     * The error of a call or emit that found only nodes held back from new work: the broker connection is
     * down (retryable {@link BrokerDisconnectedException}), or the nodes are not available for now.
     */
    public MyceliumException noRoutableNode(String name, @Nullable String target) {
        return connected ? new ServiceNotAvailableException(name, target) : new BrokerDisconnectedException();
    }

    public boolean connected() {
        return connected;
    }

    /** Where {@link #statistics()} reads from: the broker's snapshot. */
    public void statisticsSource(Supplier<BrokerStatistics> source) {
        this.statistics = source;
    }

    @Override
    public Optional<BrokerStatistics> statistics() {
        Supplier<BrokerStatistics> s = statistics;
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    @Override
    public InfoPacket localInfo() {
        return registry.localInfo();
    }

    @Override
    public boolean brokerBalancing() {
        return brokerBalancing;
    }

    @Override
    public List<NodeSnapshot> nodes() {
        return registry.snapshots();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
