package io.mycelium.transport.zmq;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import io.mycelium.transport.tcp.BeaconDiscovery;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The brokerless ZeroMQ transporter. Inbound: one ROUTER socket, read by one thread of its own that hands
 * each frame to the context. Outbound: one DEALER socket per peer found by the UDP beacons; a broadcast
 * goes to every peer. A send never blocks: it fails with {@link ZmqTransportException} when the peer is
 * unknown or its queue is at the high-water mark. The broker's DISCOVER, INFO and HEARTBEAT packets
 * travel like any other. A peer whose connection closes (or stays silent past the ZMTP heartbeat timeout)
 * is reported unreachable at once ({@link PeerWatch}); the broker's heartbeat timeout stays the backstop.
 */
final class ZmqTransporter implements Transporter {

    private static final Logger LOG = LoggerFactory.getLogger(ZmqTransporter.class);
    private static final long OWN_ID_REPLY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ZmqOptions options;
    private final @Nullable MeshCurve curve;
    private final Map<String, ZmqPeer> peers = new ConcurrentHashMap<>();
    private final Map<String, Long> ownIdReplies = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private @Nullable ZContext zmq;
    private @Nullable Thread reader;
    private @Nullable PeerWatch watch;
    private @Nullable Thread watcher;
    private @Nullable BeaconDiscovery beacons;
    private volatile @Nullable TransportContext context;
    private volatile boolean stopped;
    private volatile int port;

    ZmqTransporter(ZmqOptions options) {
        this.options = options;
        var keys = options.beacons().keys();
        this.curve = keys.isEmpty()
                ? null
                : MeshCurve.derive(keys.values().iterator().next());
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext ctx) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual().name("mycelium-zmq-start").start(() -> {
            try {
                start(ctx);
                ctx.scheduler()
                        .schedule(
                                () -> result.complete(null),
                                options.discoveryWait().toMillis(),
                                TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                disconnect();
                result.completeExceptionally(
                        e instanceof ZmqTransportException ? e : new ZmqTransportException("cannot start: " + e, e));
            }
        });
        return result;
    }

    private void start(TransportContext ctx) {
        synchronized (lifecycle) {
            if (stopped || context != null) {
                throw new ZmqTransportException("a zmq:// transporter connects once");
            }
            context = ctx;
            ZContext z = new ZContext(1);
            zmq = z;
            ZMQ.Socket router = z.createSocket(SocketType.ROUTER);
            ZmqSockets.bound(router, options);
            ZmqSockets.server(router, curve);
            router.setReceiveTimeOut(200);
            String endpoint = "tcp://" + options.host() + ":" + (options.port() == 0 ? "*" : options.port());
            try {
                router.bind(endpoint);
            } catch (RuntimeException e) {
                throw new ZmqTransportException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
            }
            String bound = Objects.requireNonNull(router.getLastEndpoint(), "bound endpoint");
            port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
            LOG.info("ZeroMQ transporter of '{}' listening on {}", ctx.nodeId(), bound);
            Thread t = Thread.ofPlatform()
                    .daemon()
                    .name("mycelium-zmq-" + ctx.nodeId())
                    .start(new Reader(router, ctx));
            reader = t;
            PeerWatch w = new PeerWatch(z, this::connectionClosed);
            watch = w;
            watcher = Thread.ofPlatform()
                    .daemon()
                    .name("mycelium-zmq-watch-" + ctx.nodeId())
                    .start(w);
            beacons = BeaconDiscovery.start(options.beacons(), ctx.namespace(), ctx.nodeId(), port, this::discovered);
        }
    }

    /** A beacon: a new peer gets a DEALER, a known one keeps its socket. Runs on the discovery thread. */
    private boolean discovered(String nodeId, String address, int peerPort) {
        TransportContext ctx = context;
        ZContext z = zmq;
        if (ctx == null || z == null || stopped) {
            return false;
        }
        if (nodeId.equals(ctx.nodeId())) {
            return ownId(ctx, address, peerPort);
        }
        ZmqPeer known = peers.get(nodeId);
        if (known != null) {
            if (known.at(address, peerPort)) {
                return false;
            }
            if (available(ctx, nodeId)) {
                // a second instance of a live node (or a forged beacon): the live one keeps the traffic
                LOG.warn(
                        "Node '{}' announces itself at {}:{} but is live at {}: ignored",
                        nodeId,
                        address,
                        peerPort,
                        known.endpoint());
                return false;
            }
        } else if (peers.size() >= options.maxPeers()) {
            LOG.warn(
                    "Ignoring the beacon of '{}' at {}:{}: {} peers already (maxPeers)",
                    nodeId,
                    address,
                    peerPort,
                    peers.size());
            return false;
        }
        ZmqPeer peer;
        synchronized (lifecycle) {
            if (stopped) {
                return false;
            }
            ZMQ.Socket dealer = z.createSocket(SocketType.DEALER);
            ZmqSockets.bound(dealer, options);
            ZmqSockets.client(dealer, curve);
            peer = new ZmqPeer(nodeId, address, peerPort, dealer);
            PeerWatch w = watch;
            if (w != null) {
                w.watch(peer, dealer);
            }
            dealer.connect("tcp://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + peerPort);
        }
        ZmqPeer old = peers.put(nodeId, peer);
        if (old != null) {
            LOG.info("Node '{}' moved from {} to {}", nodeId, old.endpoint(), peer.endpoint());
            old.close();
        } else {
            LOG.debug("Discovered node '{}' at {}", nodeId, peer.endpoint());
        }
        return true;
    }

    /** A peer's connection closed: it is reported unreachable unless a newer socket has replaced it. */
    private void connectionClosed(ZmqPeer peer, String reason) {
        TransportContext ctx = context;
        if (ctx != null && !stopped && peers.get(peer.nodeId()) == peer) {
            LOG.debug("Node '{}' at {}: {}", peer.nodeId(), peer.endpoint(), reason);
            ctx.nodeUnreachable(peer.nodeId(), reason);
        }
    }

    private boolean ownId(TransportContext ctx, String address, int peerPort) {
        if (peerPort == port && local(address)) {
            ctx.ownIdAnnounced(false, address + ":" + peerPort);
            return false;
        }
        ctx.ownIdAnnounced(true, address + ":" + peerPort + " (UDP beacon; this node listens on port " + port + ")");
        // answer once in a while, so that a starting instance with this id hears of the live one and refuses
        String where = address + ":" + peerPort;
        long now = System.nanoTime();
        Long last = ownIdReplies.get(where);
        if (last != null && now - last < OWN_ID_REPLY_NANOS) {
            return false;
        }
        if (ownIdReplies.size() > 1024) {
            ownIdReplies.clear();
        }
        ownIdReplies.put(where, now);
        return true;
    }

    private static boolean available(TransportContext ctx, String nodeId) {
        for (NodeSnapshot n : ctx.nodes()) {
            if (n.nodeId().equals(nodeId)) {
                return n.available();
            }
        }
        return false;
    }

    private static boolean local(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        if (stopped || context == null) {
            return CompletableFuture.failedFuture(new ZmqTransportException("the zmq:// transporter is not connected"));
        }
        if (payload.length > maxPayloadSize()) {
            return CompletableFuture.failedFuture(new ZmqTransportException("packet of " + payload.length
                    + " bytes is larger than maxPayload " + options.maxPayload() + " (one byte is the header)"));
        }
        return switch (destination) {
            case Destination.Node node -> toNode(node.nodeId(), Frames.encode(type, payload));
            case Destination.Broadcast b -> broadcast(Frames.encode(type, payload));
            case Destination.BalancedRequest r ->
                CompletableFuture.failedFuture(new ZmqTransportException("zmq:// has no broker to balance requests"));
            case Destination.BalancedEvent e ->
                CompletableFuture.failedFuture(new ZmqTransportException("zmq:// has no broker to balance events"));
        };
    }

    private CompletableFuture<Void> toNode(String nodeId, byte[] frame) {
        ZmqPeer peer = peers.get(nodeId);
        if (peer == null) {
            return CompletableFuture.failedFuture(
                    new ZmqTransportException("no beacon of node '" + nodeId + "' heard yet"));
        }
        if (!peer.send(frame)) {
            return CompletableFuture.failedFuture(new ZmqTransportException(
                    "the send queue to '" + nodeId + "' is full (sendQueue " + options.sendQueue() + ") or closed"));
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> broadcast(byte[] frame) {
        List<String> full = new ArrayList<>();
        for (ZmqPeer peer : peers.values()) {
            if (!peer.send(frame)) {
                full.add(peer.nodeId());
            }
        }
        if (!full.isEmpty()) {
            LOG.debug("Broadcast not queued to {}: send queue full", full);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        Thread t;
        Thread wt;
        BeaconDiscovery b;
        synchronized (lifecycle) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            stopped = true;
            t = reader;
            wt = watcher;
            b = beacons;
            PeerWatch w = watch;
            if (w != null) {
                w.stop();
            }
        }
        return CompletableFuture.runAsync(
                () -> {
                    if (b != null) {
                        b.close();
                    }
                    join(t);
                    join(wt);
                    peers.values().forEach(ZmqPeer::close);
                    peers.clear();
                    ZContext z;
                    synchronized (lifecycle) {
                        z = zmq;
                    }
                    if (z != null) {
                        z.close();
                    }
                },
                r -> Thread.ofVirtual().name("mycelium-zmq-stop").start(r));
    }

    private static void join(@Nullable Thread thread) {
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int circuitThreshold() {
        return options.circuitThreshold();
    }

    @Override
    public int maxPayloadSize() {
        return options.maxPayload() - 1;
    }

    /** The port the ROUTER socket listens on, once connected. */
    int port() {
        return port;
    }

    /** Reads the ROUTER socket until the transporter stops: [routing id][frame] per message. */
    private final class Reader implements Runnable {
        private final ZMQ.Socket router;
        private final TransportContext ctx;
        private long malformed;

        Reader(ZMQ.Socket router, TransportContext ctx) {
            this.router = router;
            this.ctx = ctx;
        }

        @Override
        public void run() {
            while (!stopped) {
                byte[] identity;
                try {
                    identity = router.recv(0);
                } catch (RuntimeException e) {
                    if (!stopped) {
                        LOG.warn("ZeroMQ receive failed: {}", e.toString());
                    }
                    break;
                }
                if (identity == null) {
                    continue; // receive timeout: look at the stop flag again
                }
                List<byte[]> parts = new ArrayList<>(1);
                while (router.hasReceiveMore()) {
                    byte[] part = router.recv(0);
                    if (part == null) {
                        break;
                    }
                    if (parts.size() < 2) {
                        parts.add(part);
                    }
                }
                PacketType type = parts.size() == 1 ? Frames.type(parts.get(0)) : null;
                if (type == null) {
                    if (malformed++ % 1000 == 0) {
                        LOG.warn("Dropped a malformed ZeroMQ message ({} so far)", malformed);
                    }
                    continue;
                }
                ctx.receive(type, Frames.payload(parts.get(0)));
            }
        }
    }
}
