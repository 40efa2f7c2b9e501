package io.mycelium.transport.tcp;

import io.mycelium.protocol.GossipHelloPacket;
import io.mycelium.protocol.GossipRequestPacket;
import io.mycelium.protocol.GossipResponsePacket;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.PingPacket;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brokerless TCP transporter on Netty, wire-compatible with Moleculer 0.15's TCP transporter: every
 * node listens on a TCP port, dials the peers it sends to, and learns who exists through UDP discovery,
 * static URLs and gossip. One event loop group per instance; one of its loops (the control loop) runs
 * gossip, timers and UDP. {@link #send} is thread-safe and never blocks.
 */
public final class NettyTcpTransporter implements Transporter, GossipLink, FrameSink {

    private static final Logger LOG = LoggerFactory.getLogger(NettyTcpTransporter.class);

    /** How long a connection claiming a node id another running node holds waits for that one to go. */
    private static final long CONTEST_MILLIS = 1000;

    private final TcpTransporterOptions options;
    private final @Nullable TlsContexts tls;
    private final @Nullable Map<String, byte[]> keys;
    private final NodeClaims claims = new NodeClaims();
    private volatile ConnectionGate.@Nullable Keys gateKeys;

    private volatile @Nullable TransportContext context;
    private volatile @Nullable EventLoopGroup group;
    private volatile @Nullable EventLoop control;
    private volatile @Nullable Gossip gossip;
    private volatile @Nullable ConnectionPool pool;
    private volatile @Nullable UdpDiscovery udp;
    private volatile @Nullable Channel server;
    private volatile @Nullable ScheduledFuture<?> gossipTimer;
    private volatile @Nullable ScheduledFuture<?> limitsTimer;
    private volatile @Nullable ScheduledFuture<?> silenceTimer;
    private final java.util.concurrent.atomic.AtomicLong probes = new java.util.concurrent.atomic.AtomicLong();
    private final ConnectionLimits limits;
    private volatile @Nullable ChannelGroup inbound;
    private volatile int port;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

    private NettyTcpTransporter(TcpTransporterOptions options) {
        this.options = options;
        this.tls = options.tls().map(TlsContexts::create).orElse(null);
        this.limits = new ConnectionLimits(options);
        if (options.keys().isEmpty()) {
            this.keys = null;
        } else {
            Map<String, byte[]> k = new LinkedHashMap<>();
            options.keys().forEach((id, secret) -> k.put(id, secret.getBytes(StandardCharsets.UTF_8)));
            this.keys = k;
        }
    }

    /**
     * A transporter with these options.
     *
     * @throws IllegalArgumentException when the TLS material cannot be loaded
     */
    public static NettyTcpTransporter create(TcpTransporterOptions options) {
        return new NettyTcpTransporter(options);
    }

    /** The options of this transporter. */
    public TcpTransporterOptions options() {
        return options;
    }

    /** The TCP port this node listens on, once connected; 0 before. */
    @Override
    public int port() {
        return port;
    }

    /** Connections refused by the TLS or key handshake so far. */
    long refusedConnections() {
        return refused.get();
    }

    /** Open connections, in either direction, authenticated by the key handshake as {@code nodeId}. */
    int authenticatedConnections(String nodeId) {
        return claims.connections(nodeId);
    }

    /** The broker this transporter serves, once connected. */
    @Nullable
    TransportContext context() {
        return context;
    }

    /** The bounds on connections and their buffers, for tests. */
    ConnectionLimits limits() {
        return limits;
    }

    /** TCP connections this node tried to open since it connected. */
    long dials() {
        ConnectionPool p = pool;
        return p == null ? 0 : p.dials();
    }

    /** Outgoing connections open or opening. */
    int openConnections() {
        ConnectionPool p = pool;
        return p == null ? 0 : (int) p.all().stream().filter(c -> !c.isClosed()).count();
    }

    /** This node's outgoing connections to {@code nodeId}: open, opening or closed. */
    java.util.List<OutboundConnection> connectionsTo(String nodeId) {
        ConnectionPool p = pool;
        return p == null
                ? java.util.List.of()
                : p.all().stream().filter(c -> c.nodeId.equals(nodeId)).toList();
    }

    /** UDP discovery, once started. */
    @Nullable
    UdpDiscovery udp() {
        return udp;
    }

    /** Nodes gossip knows of, available or not. */
    java.util.Set<String> knownNodes() {
        Gossip gs = gossip;
        return gs == null ? java.util.Set.of() : java.util.Set.copyOf(gs.peers().keySet());
    }

    /** The addresses gossip knows for {@code nodeId}: what it would dial (a dial-only node announces port 0), for tests. */
    java.util.List<InetSocketAddress> advertisedAddresses(String nodeId) {
        Gossip gs = gossip;
        Peer peer = gs == null ? null : gs.peers().get(nodeId);
        if (peer == null) {
            return java.util.List.of();
        }
        java.util.List<InetSocketAddress> out = new ArrayList<>();
        for (String h : peer.dialHosts(true)) {
            out.add(InetSocketAddress.createUnresolved(h, peer.port));
        }
        return out;
    }

    @Override
    public boolean handlesDiscovery() {
        return true;
    }

    @Override
    public int maxPayloadSize() {
        return options.maxPacketSize() - Frame.HEADER_SIZE;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public CompletableFuture<Void> connect(TransportContext ctx) {
        if (context != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("connect() was already called"));
        }
        context = ctx;
        List<StaticPeer> statics;
        try {
            statics = StaticPeer.all(options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        EventLoopGroup g = new NioEventLoopGroup(
                options.ioThreads(), new DefaultThreadFactory("mycelium-tcp-" + ctx.nodeId(), true));
        group = g;
        EventLoop loop = g.next();
        control = loop;
        inbound = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Gossip gs = new Gossip(ctx, options, this);
        gossip = gs;
        Map<String, byte[]> k = keys;
        if (k != null) {
            gateKeys = new ConnectionGate.Keys(
                    k,
                    InstanceKey.generate(),
                    claims,
                    this::probe,
                    Math.min(CONTEST_MILLIS, options.handshakeTimeout().toMillis()),
                    options.nodeTimeout().toNanos());
        }
        int listenPort = options.port();
        for (StaticPeer sp : statics) {
            if (sp.nodeId().equals(ctx.nodeId())) {
                listenPort = listenPort == 0 ? sp.port() : listenPort;
            } else {
                gs.addStatic(sp);
            }
        }
        Bootstrap client = new Bootstrap()
                .group(g)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        options.connectTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
        pool = new ConnectionPool(
                client,
                (ch, conn) -> initPipeline(ch, true, conn.nodeId, conn, limits.track(ch)),
                gs.peers(),
                options,
                (nodeId, reason) -> loop.execute(() -> gs.onConnectionLost(nodeId, reason)),
                loop,
                this::inboundLoop);
        ServerBootstrap sb = new ServerBootstrap()
                .group(g)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionMeter meter = limits.admitInbound(ch);
                        if (meter == null) {
                            ch.close();
                            return;
                        }
                        ChannelGroup in = inbound;
                        if (in != null) {
                            in.add(ch);
                        }
                        initPipeline(ch, false, null, null, meter);
                    }
                });
        InetSocketAddress bindAddress = options.host()
                .map(h -> new InetSocketAddress(h, options.port() == 0 ? 0 : options.port()))
                .orElseGet(() -> new InetSocketAddress(options.port()));
        if (options.port() == 0 && listenPort != 0) {
            bindAddress = new InetSocketAddress(bindAddress.getAddress(), listenPort);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!options.listen()) {
            // dial-only: no listening socket at all; peers answer on the connections this node opens
            LOG.info("TCP transporter of '{}' is dial-only (listen=false): it accepts no connection", ctx.nodeId());
            startTimers(ctx, gs, loop, result);
            return result;
        }
        InetSocketAddress finalBind = bindAddress;
        sb.bind(bindAddress).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new TcpTransportException("cannot listen on " + finalBind, f.cause()));
                g.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            server = ch;
            port = ((InetSocketAddress) ch.localAddress()).getPort();
            LOG.info("TCP transporter of '{}' listening on port {}", ctx.nodeId(), port);
            startTimers(ctx, gs, loop, result);
        });
        return result;
    }

    /** UDP discovery, gossip rounds and the silence watch, once the node can be reached (or is dial-only). */
    private void startTimers(TransportContext ctx, Gossip gs, EventLoop loop, CompletableFuture<Void> result) {
        limitsTimer = loop.scheduleAtFixedRate(limits::sweep, 1, 1, TimeUnit.SECONDS);
        // UDP binding waits on futures: never on an event loop
        Thread.ofVirtual().name("mycelium-tcp-start").start(() -> {
            try {
                if (options.udpDiscovery()) {
                    UdpDiscovery u = new UdpDiscovery(
                            loop,
                            options,
                            ctx.nodeId(),
                            this::port,
                            new Beacons(ctx.namespace(), keys, System::currentTimeMillis),
                            (id, address, p) -> gs.onUdp(id, address, p));
                    udp = u;
                    u.start();
                }
                long period = options.gossipPeriod().toMillis();
                gossipTimer = loop.scheduleAtFixedRate(gs::tick, 0, period, TimeUnit.MILLISECONDS);
                if (!options.silenceTimeout().isZero()) {
                    SilenceWatch watch =
                            new SilenceWatch(options.silenceTimeout().toNanos(), silenceActions(gs));
                    long tick = watch.tickNanos();
                    silenceTimer = loop.scheduleAtFixedRate(
                            () -> watch.tick(gs.peers().values(), System.nanoTime()), tick, tick, TimeUnit.NANOSECONDS);
                }
                result.complete(null);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void initPipeline(
            Channel ch,
            boolean dialer,
            @Nullable String expectedPeer,
            @Nullable OutboundConnection conn,
            ConnectionMeter meter) {
        TransportContext ctx = java.util.Objects.requireNonNull(context);
        TlsContexts t = tls;
        if (t != null) {
            SslHandler ssl = (dialer ? t.client() : t.server()).newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(options.handshakeTimeout().toMillis());
            ch.pipeline().addLast("tls", ssl);
        }
        FrameDecoder decoder = new FrameDecoder(options.maxPacketSize(), keys != null, meter);
        meter.dropBuffer = () -> {
            io.netty.channel.ChannelHandlerContext c = ch.pipeline().context(decoder);
            if (c != null) {
                decoder.drop(c);
            }
        };
        ConnectionGate.@Nullable Keys k = gateKeys;
        ch.pipeline()
                .addLast("frameDecoder", decoder)
                .addLast("frameEncoder", FrameEncoder.INSTANCE)
                .addLast(
                        "gate",
                        new ConnectionGate(
                                t != null,
                                options.certificateNodeIds(),
                                k,
                                ctx.nodeId(),
                                dialer,
                                expectedPeer,
                                options.handshakeTimeout().toMillis(),
                                decoder,
                                refused::incrementAndGet))
                .addLast("frames", new FrameHandler(this, conn));
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        if (stopped) {
            return CompletableFuture.completedFuture(null);
        }
        stopped = true;
        ScheduledFuture<?> timer = gossipTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        ScheduledFuture<?> silence = silenceTimer;
        if (silence != null) {
            silence.cancel(false);
        }
        ScheduledFuture<?> sweeper = limitsTimer;
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        UdpDiscovery u = udp;
        if (u != null) {
            u.stop();
        }
        ConnectionPool p = pool;
        if (p != null) {
            p.closeAll();
        }
        Channel s = server;
        if (s != null) {
            s.close();
        }
        ChannelGroup in = inbound;
        if (in != null) {
            in.close();
        }
        EventLoopGroup g = group;
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (g == null) {
            done.complete(null);
        } else {
            g.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).addListener(f -> done.complete(null));
        }
        return done;
    }

    // ---------------------------------------------------------------- sending

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        if (type == PacketType.INFO && destination instanceof Destination.Broadcast) {
            // Done once the new INFO is written to every online peer (at most a second): a stopping
            // node's empty service list must leave before its connections close.
            return announceInfo().completeOnTimeout(null, 1, TimeUnit.SECONDS);
        }
        if (type.tcpId() == 0) {
            return CompletableFuture.completedFuture(null); // discovery packets are replaced by gossip
        }
        return switch (destination) {
            case Destination.Node node -> {
                awaitAnswer(type, node.nodeId());
                yield sendFrame(node.nodeId(), type.tcpId(), payload, true);
            }
            case Destination.Broadcast b -> broadcast(type, payload);
            case Destination.BalancedRequest r -> unsupported();
            case Destination.BalancedEvent e -> unsupported();
        };
    }

    /**
     * The broker announces a new service list (a service registered, disabled, enabled, or the node
     * stopping): push it to every online peer now rather than waiting for gossip rounds to carry it.
     */
    private CompletableFuture<Void> announceInfo() {
        Gossip gs = gossip;
        EventLoop loop = control;
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (gs == null || loop == null || stopped || loop.isShuttingDown()) {
            written.complete(null);
            return written;
        }
        try {
            loop.execute(() -> gs.announce().whenComplete((ok, e) -> written.complete(null)));
        } catch (RejectedExecutionException e) {
            written.complete(null);
        }
        return written;
    }

    /** The event loop of an open connection from {@code nodeId} to this node, or null. */
    @Nullable
    EventLoop inboundLoop(String nodeId) {
        ChannelGroup in = inbound;
        if (in == null) {
            return null;
        }
        for (Channel ch : in) {
            if (ch.isActive() && nodeId.equals(ch.attr(TcpChannels.NODE_ID).get())) {
                return ch.eventLoop();
            }
        }
        return null;
    }

    /** Calls, their answers and events keep a peer talking: silence after them is watched ({@link SilenceWatch}). */
    private void awaitAnswer(PacketType type, String nodeId) {
        Gossip gs = gossip;
        if (gs == null || options.silenceTimeout().isZero()) {
            return;
        }
        if (type == PacketType.REQUEST || type == PacketType.RESPONSE || type == PacketType.EVENT) {
            Peer peer = gs.peers().get(nodeId);
            if (peer != null) {
                SilenceWatch.sent(peer, System.nanoTime());
            }
        }
    }

    private SilenceWatch.Actions silenceActions(Gossip gs) {
        return new SilenceWatch.Actions() {
            @Override
            public void ping(Peer peer) {
                TransportContext ctx = context;
                if (ctx == null || stopped) {
                    return;
                }
                String self = ctx.nodeId();
                PingPacket ping = new PingPacket(
                        self, PingPacket.probeId(self, probes.incrementAndGet()), System.currentTimeMillis());
                byte[] payload = ctx.serializer().serialize(ping);
                sendFrame(peer.id, PacketType.PING.tcpId(), payload, false).exceptionally(e -> null);
                // also on the peer's own connections to this node: a peer that stopped reading ours for
                // stream push back still reads those, and its PONG travels on them
                ChannelGroup in = inbound;
                if (in != null) {
                    for (Channel ch : in) {
                        if (ch.isActive()
                                && ch.attr(TcpChannels.ADOPTED).get() == null // the ping above took it
                                && peer.id.equals(ch.attr(TcpChannels.NODE_ID).get())) {
                            ch.writeAndFlush(new Frame(PacketType.PING.tcpId(), payload));
                        }
                    }
                }
            }

            @Override
            public void suspect(Peer peer, long silentMillis) {
                gs.silent(peer, "silent for " + silentMillis + " ms while awaited (silenceTimeout)");
            }

            @Override
            public void redial(Peer peer) {
                if (connectionsTo(peer.id).stream().noneMatch(OutboundConnection::isReady)) {
                    closeConnection(peer.id); // a dial made while the link was down waits out the SYN back-off
                }
                gs.probe(peer);
            }
        };
    }

    private static CompletableFuture<Void> unsupported() {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("the TCP transporter has no broker to balance requests"));
    }

    private CompletableFuture<Void> broadcast(PacketType type, byte[] payload) {
        Gossip gs = gossip;
        if (gs == null) {
            return notConnected();
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (Peer peer : gs.peers().values()) {
            if (peer.available) {
                sends.add(sendFrame(peer.id, type.tcpId(), payload, true));
            }
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> sendFrame(String nodeId, int typeId, byte[] payload, boolean use) {
        ConnectionPool p = pool;
        if (p == null || stopped) {
            return notConnected();
        }
        int length = Frame.HEADER_SIZE + payload.length;
        if (length > options.maxPacketSize() || length < 0) {
            return CompletableFuture.failedFuture(new PacketTooLargeException(length, options.maxPacketSize()));
        }
        OutboundConnection conn = p.connection(nodeId);
        if (use) {
            conn.lastUsedNanos = System.nanoTime();
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        conn.enqueue(new Frame(typeId, payload), future);
        return future;
    }

    private static CompletableFuture<Void> notConnected() {
        return CompletableFuture.failedFuture(new TcpTransportException("the TCP transporter is not connected"));
    }

    // ---------------------------------------------------------------- GossipLink

    @Override
    public CompletableFuture<Void> sendGossip(String nodeId, Packet packet) {
        TransportContext ctx = context;
        if (ctx == null || stopped) {
            return CompletableFuture.completedFuture(null);
        }
        byte[] payload = ctx.serializer().serialize(packet);
        return sendFrame(nodeId, packet.type().tcpId(), payload, false).exceptionally(e -> {
            LOG.debug("Gossip {} to '{}' not sent: {}", packet.type(), nodeId, e.toString());
            return null;
        });
    }

    @Override
    public void replyOn(Channel channel, Packet packet) {
        TransportContext ctx = context;
        if (ctx == null || stopped || !channel.isActive()) {
            return;
        }
        byte[] payload = ctx.serializer().serialize(packet);
        if (Frame.HEADER_SIZE + payload.length <= options.maxPacketSize()) {
            channel.writeAndFlush(new Frame(packet.type().tcpId(), payload));
        }
    }

    @Override
    public boolean hasOpenConnection(String nodeId) {
        ConnectionPool p = pool;
        return p != null && p.hasOpen(nodeId);
    }

    @Override
    public boolean outboundFull() {
        ConnectionPool p = pool;
        return p != null && p.full();
    }

    @Override
    public void closeConnection(String nodeId) {
        ConnectionPool p = pool;
        if (p != null) {
            p.close(nodeId);
        }
    }

    // ---------------------------------------------------------------- FrameSink

    @Override
    public void onOutboundReady(OutboundConnection connection, Channel channel) {
        TransportContext ctx = java.util.Objects.requireNonNull(context);
        String host = options.useHostname() || ctx.localInfo().ipList().isEmpty()
                ? ctx.localInfo().hostname()
                : ctx.localInfo().ipList().get(0);
        byte[] hello = ctx.serializer().serialize(new GossipHelloPacket(ctx.nodeId(), host, port));
        connection.ready(channel, new Frame(PacketType.GOSSIP_HELLO.tcpId(), hello));
        ConnectionPool p = pool;
        if (p != null) {
            p.enforceLimit(connection);
        }
    }

    @Override
    public void onFrame(Channel channel, Frame frame) {
        TransportContext ctx = context;
        Gossip gs = gossip;
        EventLoop loop = control;
        if (ctx == null || gs == null || loop == null || stopped) {
            return;
        }
        PacketType type = PacketType.ofTcpId(frame.typeId()).orElseThrow();
        NodeClaims.Holder holder = channel.attr(ConnectionGate.HOLDER).get();
        if (holder != null) {
            holder.heard();
        }
        String nodeId = channel.attr(TcpChannels.NODE_ID).get();
        if (nodeId != null) {
            Peer peer = gs.peers().get(nodeId);
            if (peer != null) {
                long now = System.nanoTime();
                peer.lastHeardNanos = now;
                peer.lastFrameNanos = now;
            }
        }
        switch (type) {
            case GOSSIP_HELLO, GOSSIP_REQ, GOSSIP_RES -> onGossipFrame(channel, type, frame.payload(), ctx, gs, loop);
            default -> ctx.receive(type, frame.payload(), TcpDelivery.of(channel));
        }
    }

    /**
     * Asks the node on {@code channel} for gossip, directly on that connection: a live node answers at once
     * (which counts as a sign of life of its claim), a restarted host resets the connection.
     */
    private void probe(Channel channel) {
        TransportContext ctx = context;
        if (ctx == null || stopped) {
            return;
        }
        var empty = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        byte[] payload = ctx.serializer()
                .serialize(new GossipRequestPacket(ctx.nodeId(), empty.objectNode(), empty.objectNode()));
        channel.writeAndFlush(new Frame(PacketType.GOSSIP_REQ.tcpId(), payload));
    }

    private void onGossipFrame(
            Channel channel, PacketType type, byte[] payload, TransportContext ctx, Gossip gs, EventLoop loop) {
        Packet packet;
        try {
            packet = ctx.serializer().deserialize(type, payload);
        } catch (RuntimeException e) {
            LOG.warn("Dropping an invalid {} packet from {}: {}", type, channel.remoteAddress(), e.getMessage());
            return;
        }
        String authenticated = channel.attr(ConnectionGate.AUTHENTICATED).get();
        if (authenticated != null && !authenticated.equals(packet.sender())) {
            LOG.warn(
                    "Closing the connection from {}: authenticated as '{}' but sends as '{}'",
                    channel.remoteAddress(),
                    authenticated,
                    packet.sender());
            channel.close();
            return;
        }
        switch (packet) {
            case GossipHelloPacket hello -> {
                channel.attr(TcpChannels.NODE_ID).set(hello.sender());
                channel.attr(TcpChannels.HELLO).set(hello);
                if (hello.port() <= 0) {
                    adoptDialOnly(channel, hello.sender(), gs);
                }
                String ip = channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                        ? a.getAddress().getHostAddress()
                        : null;
                loop.execute(() -> gs.onHello(hello, ip));
            }
            case GossipRequestPacket req -> loop.execute(() -> gs.onRequest(req, channel));
            case GossipResponsePacket res -> loop.execute(() -> gs.onResponse(res));
            default -> LOG.warn("Dropping a {} packet that decoded as {}", type, packet.type());
        }
    }

    /**
     * A node that listens on nothing said hello on a connection it opened: this node's packets to it go back
     * on that connection (now, before any request behind the hello is answered). Refused for an id that a
     * listening node holds live, so that a hello alone cannot divert another node's traffic.
     */
    private void adoptDialOnly(Channel channel, String nodeId, Gossip gs) {
        ConnectionPool p = pool;
        TransportContext ctx = context;
        if (p == null || ctx == null || channel.attr(TcpChannels.CONNECTION).get() != null) {
            return;
        }
        if (nodeId.equals(ctx.nodeId())) {
            return;
        }
        Peer peer = gs.peers().get(nodeId);
        if (peer != null && peer.available && !peer.dialOnly()) {
            LOG.warn(
                    "Ignoring a dial-only hello from {} as '{}': that node is live and listens on port {}",
                    channel.remoteAddress(),
                    nodeId,
                    peer.port);
            return;
        }
        if (peer != null) {
            peer.port = 0; // a node restarted dial-only: never dial its old port
        }
        p.adopt(nodeId, channel);
    }

    @Override
    public void onInboundClosed(Channel channel) {
        String nodeId = channel.attr(TcpChannels.NODE_ID).get();
        Gossip gs = gossip;
        EventLoop loop = control;
        if (nodeId != null && gs != null && loop != null && !stopped && !loop.isShuttingDown()) {
            loop.execute(() -> gs.onInboundLost(nodeId));
        }
    }
}
