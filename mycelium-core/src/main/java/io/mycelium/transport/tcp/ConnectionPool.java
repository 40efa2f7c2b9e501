package io.mycelium.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing connections: {@code connectionsPerPeer} to each peer (one by default, as Moleculer), dialled on
 * demand at the address gossip or discovery learned, capped at {@code maxConnections} peers (the least
 * recently used peer's close first). A peer whose every connection closed without this node asking, or
 * could not be opened, is reported through {@code lost}; while another of its connections lives, the
 * closed one's unsent frames move to it and it is dialled again on a later send.
 */
final class ConnectionPool {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** A failed slot of a peer that still has a live connection is not dialled again sooner than this. */
    private static final long REDIAL_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How a new channel's pipeline is built: (channel, connection). */
    interface PipelineInit {
        void init(Channel channel, OutboundConnection connection);
    }

    private final Bootstrap bootstrap;
    private final Map<String, Peer> peers;
    private final TcpTransporterOptions options;
    private final BiConsumer<String, String> lost;
    private final Executor control;
    private final Function<String, @Nullable EventLoop> affinity;
    private final Map<String, Links> connections = new ConcurrentHashMap<>();
    private final LongAdder dials = new LongAdder();
    private volatile boolean closed;

    ConnectionPool(
            Bootstrap bootstrap,
            PipelineInit init,
            Map<String, Peer> peers,
            TcpTransporterOptions options,
            BiConsumer<String, String> lost,
            Executor control,
            Function<String, @Nullable EventLoop> affinity) {
        this.bootstrap = bootstrap.clone();
        this.control = control;
        this.affinity = affinity;
        this.peers = peers;
        this.options = options;
        this.lost = lost;
        this.bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                // the connection is attached by dial() before connect() is called
                OutboundConnection c = ch.attr(TcpChannels.CONNECTION).get();
                init.init(ch, c);
            }
        });
    }

    /**
     * A connection to a node to send on: the next ready one of its connections (round-robin), else one
     * being opened, dialling the missing ones.
     */
    OutboundConnection connection(String nodeId) {
        while (true) {
            Links links = connections.computeIfAbsent(nodeId, id -> new Links(id, options.connectionsPerPeer()));
            OutboundConnection c = links.pick();
            if (c != null) {
                return c;
            }
            connections.remove(nodeId, links); // retired by a loss that raced with this send
        }
    }

    /**
     * {@code ch}, a connection a dial-only node ({@code listen=false}) opened to this node and said hello on,
     * carries this node's frames to it from now on (it takes a free slot, else the next one round-robin). When
     * it closes, the node is lost unless another of its connections lives; it is never dialled.
     */
    void adopt(String nodeId, Channel ch) {
        OutboundConnection conn = new OutboundConnection(nodeId, options.maxPendingBytes(), this::resend);
        ch.attr(TcpChannels.ADOPTED).set(conn);
        while (true) {
            Links links = connections.computeIfAbsent(nodeId, id -> new Links(id, options.connectionsPerPeer()));
            if (links.place(conn)) {
                break;
            }
            connections.remove(nodeId, links); // retired by a loss that raced with this hello
        }
        conn.adopt(ch);
        ch.closeFuture().addListener(f -> ended(conn, "connection from dial-only node '" + nodeId + "' lost", null));
        if (closed) {
            ch.close();
        }
    }

    boolean hasOpen(String nodeId) {
        Links links = connections.get(nodeId);
        return links != null && links.anyOpen(null);
    }

    /** TCP connections this pool tried to open since it started. */
    long dials() {
        return dials.sum();
    }

    /**
     * Whether one more peer would push the least recently used one out ({@code maxConnections} peers are
     * dialled already; connections that serve dial-only nodes do not count, as in {@link #enforceLimit}).
     */
    boolean full() {
        int peers = 0;
        for (Links links : connections.values()) {
            if (!links.servesDialOnly()) {
                peers++;
            }
        }
        return peers >= options.maxConnections();
    }

    void close(String nodeId) {
        Links links = connections.remove(nodeId);
        if (links != null) {
            links.closeAll(new TcpTransportException("connection to node '" + nodeId + "' closed"));
        }
    }

    void closeAll() {
        closed = true;
        for (String id : List.copyOf(connections.keySet())) {
            close(id);
        }
    }

    Collection<OutboundConnection> all() {
        List<OutboundConnection> all = new ArrayList<>();
        for (Links links : connections.values()) {
            links.forEach(all::add);
        }
        return all;
    }

    /** Closes the connections of the least recently used peers above the cap, never the peer of {@code keep}. */
    void enforceLimit(OutboundConnection keep) {
        // connections accepted from dial-only nodes are bounded by the inbound limits, not by this cap
        List<Links> list = new ArrayList<>(connections.values());
        list.removeIf(Links::servesDialOnly);
        int excess = list.size() - options.maxConnections();
        if (excess <= 0) {
            return;
        }
        list.removeIf(l -> l.nodeId.equals(keep.nodeId));
        list.sort((a, b) -> Long.compare(a.lastUsedNanos(), b.lastUsedNanos()));
        for (int i = 0; i < excess && i < list.size(); i++) {
            Links links = list.get(i);
            LOG.debug("Closing the least recently used connections to '{}'", links.nodeId);
            connections.remove(links.nodeId, links);
            links.evict();
        }
    }

    /** The outgoing connections to one peer; a slot holds its current connection, open, opening or closed. */
    private final class Links {
        final String nodeId;
        private final AtomicReferenceArray<@Nullable OutboundConnection> slots;
        private final AtomicInteger next = new AtomicInteger();
        private boolean retired; // guarded by this

        Links(String nodeId, int size) {
            this.nodeId = nodeId;
            this.slots = new AtomicReferenceArray<>(size);
        }

        /** A connection to send on, or null once this set was retired (the caller takes a fresh one). */
        @Nullable
        OutboundConnection pick() {
            int n = slots.length();
            int start = n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n);
            OutboundConnection opening = null;
            for (int i = 0; i < n; i++) {
                int k = (start + i) % n;
                OutboundConnection c = slots.get(k);
                if (c == null || c.isClosed()) {
                    c = redial(k, c);
                    if (c == null) {
                        continue;
                    }
                }
                if (c.isReady()) {
                    return c;
                }
                if (opening == null) {
                    opening = c;
                }
            }
            return opening != null ? opening : redial(start, slots.get(start), true);
        }

        private @Nullable OutboundConnection redial(int k, @Nullable OutboundConnection old) {
            return redial(k, old, false);
        }

        /**
         * Opens a new connection in slot {@code k} unless another caller did, or (without {@code now}) the
         * slot failed less than a pause ago while another connection lives.
         */
        private synchronized @Nullable OutboundConnection redial(int k, @Nullable OutboundConnection old, boolean now) {
            if (retired) {
                return null;
            }
            OutboundConnection current = slots.get(k);
            if (current != old && current != null && !current.isClosed()) {
                return current;
            }
            if (!now
                    && current != null
                    && System.nanoTime() - current.closedAtNanos < REDIAL_PAUSE_NANOS
                    && anyOpen(current)) {
                return null;
            }
            OutboundConnection created =
                    new OutboundConnection(nodeId, options.maxPendingBytes(), ConnectionPool.this::resend);
            slots.set(k, created);
            if (closed) {
                created.closed(new TcpTransportException("the TCP transporter is stopped"));
            } else {
                dial(created, false);
            }
            return created;
        }

        /** Puts an adopted connection in a free slot, else in the next one; false once this set is retired. */
        synchronized boolean place(OutboundConnection conn) {
            if (retired) {
                return false;
            }
            int n = slots.length();
            for (int i = 0; i < n; i++) {
                OutboundConnection c = slots.get(i);
                if (c == null || c.isClosed() || !c.isReady()) {
                    slots.set(i, conn); // a dial still opening fails on its own (no address), its frames move here
                    return true;
                }
            }
            slots.set(Math.floorMod(next.getAndIncrement(), n), conn);
            return true;
        }

        /** Whether a live connection of this set was accepted from a dial-only node. */
        boolean servesDialOnly() {
            for (int i = 0; i < slots.length(); i++) {
                OutboundConnection c = slots.get(i);
                if (c != null && c.adopted && !c.isClosed()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a connection other than {@code except} is open or opening. */
        boolean anyOpen(@Nullable OutboundConnection except) {
            return live(except) != null;
        }

        @Nullable
        OutboundConnection live(@Nullable OutboundConnection except) {
            for (int i = 0; i < slots.length(); i++) {
                OutboundConnection c = slots.get(i);
                if (c != null && c != except && !c.isClosed()) {
                    return c;
                }
            }
            return null;
        }

        /** After {@code conn} ended: true when nothing of this peer lives any more (the set is retired). */
        synchronized boolean retireIfDead(OutboundConnection conn) {
            if (anyOpen(conn)) {
                return false;
            }
            retired = true;
            connections.remove(nodeId, this);
            return true;
        }

        long lastUsedNanos() {
            long last = Long.MIN_VALUE;
            for (int i = 0; i < slots.length(); i++) {
                OutboundConnection c = slots.get(i);
                if (c != null) {
                    last = Math.max(last, c.lastUsedNanos);
                }
            }
            return last;
        }

        void forEach(java.util.function.Consumer<OutboundConnection> action) {
            for (int i = 0; i < slots.length(); i++) {
                OutboundConnection c = slots.get(i);
                if (c != null) {
                    action.accept(c);
                }
            }
        }

        /**
         * Closes this set to stay within the cap. The peer is not lost: frames still queued or unwritten
         * on these connections (a probe, an answer, a call sent an instant ago) open a fresh connection.
         */
        void evict() {
            closeAll(new TcpTransportException("connection to node '" + nodeId + "' closed (connection limit)"), true);
        }

        void closeAll(TcpTransportException cause) {
            closeAll(cause, false);
        }

        private void closeAll(TcpTransportException cause, boolean evicted) {
            synchronized (this) {
                retired = true; // no connection joins the set from here on
            }
            forEach(c -> {
                if (evicted) {
                    c.evicted = true;
                }
                c.close();
                c.closed(cause);
            });
        }
    }

    private void dial(OutboundConnection conn, boolean afterGossip) {
        Peer peer = peers.get(conn.nodeId);
        List<String> hosts = peer == null ? List.of() : peer.dialHosts(options.useHostname());
        int port = peer == null ? 0 : peer.port;
        if ((hosts.isEmpty() || port <= 0) && !afterGossip) {
            // A request can overtake the GOSSIP_HELLO that came before it on the same connection: the hello
            // is applied on the control loop, the request is handed on at once. Tasks on that loop run in
            // order, so retrying there sees every hello received so far.
            try {
                control.execute(() -> dial(conn, true));
                return;
            } catch (RejectedExecutionException e) {
                // stopping: fail below
            }
        }
        if (peer != null && peer.dialOnly()) {
            // not a loss: the node is alive elsewhere in the mesh, just not reachable from here
            ended(
                    conn,
                    new TcpTransportException(
                            "node '" + conn.nodeId + "' is dial-only (listen=false) and has no open connection to"
                                    + " this node",
                            TcpTransportException.DIAL_ONLY),
                    false);
            return;
        }
        if (hosts.isEmpty() || port <= 0) {
            ended(conn, "no address known for node '" + conn.nodeId + "'", null);
            return;
        }
        tryHost(conn, hosts, 0, port, null);
    }

    private void tryHost(OutboundConnection conn, List<String> hosts, int index, int port, @Nullable Throwable last) {
        if (index >= hosts.size() || closed || conn.intentional) {
            ended(conn, "cannot connect to node '" + conn.nodeId + "' at " + hosts + ":" + port, last);
            return;
        }
        String host = hosts.get(index);
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            connect(conn, hosts, index, new InetSocketAddress(host, port));
        } else {
            // name resolution may block: never on an event loop
            Thread.ofVirtual().name("mycelium-tcp-resolve").start(() -> {
                try {
                    connect(conn, hosts, index, new InetSocketAddress(InetAddress.getByName(host), port));
                } catch (UnknownHostException e) {
                    tryHost(conn, hosts, index + 1, port, e);
                }
            });
        }
    }

    private void connect(OutboundConnection conn, List<String> hosts, int index, InetSocketAddress address) {
        dials.increment();
        // On the event loop of the node's own connection to us, when it has one: an answer to a packet read
        // there is then written on this loop's thread, with no task handed over and no selector woken.
        EventLoop loop = affinity.apply(conn.nodeId);
        Bootstrap b = (loop == null ? bootstrap.clone() : bootstrap.clone(loop))
                .attr(TcpChannels.CONNECTION, conn)
                .attr(TcpChannels.NODE_ID, conn.nodeId);
        ChannelFuture f = b.connect(address);
        conn.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                tryHost(conn, hosts, index + 1, address.getPort(), done.cause());
                return;
            }
            f.channel().closeFuture().addListener(c -> ended(conn, "connection to '" + conn.nodeId + "' lost", null));
        });
    }

    /**
     * A frame {@code from} could not write goes to a live sibling connection, if the peer has one, or to a
     * fresh connection when {@code from} was evicted by the cap.
     */
    private boolean resend(OutboundConnection from, Frame frame, CompletableFuture<Void> future) {
        if (from.evicted && !closed) {
            connection(from.nodeId).enqueue(frame, future);
            return true;
        }
        Links links = connections.get(from.nodeId);
        OutboundConnection sibling = links == null || from.intentional || closed ? null : links.live(from);
        if (sibling == null) {
            return false;
        }
        sibling.enqueue(frame, future);
        return true;
    }

    /**
     * {@code conn} closed or could not be opened. Its unsent frames move to a live sibling when there is
     * one (the peer stays available); otherwise they fail and, unless this node closed it, the peer is lost.
     */
    private void ended(OutboundConnection conn, String reason, @Nullable Throwable cause) {
        TcpTransportException failure = cause == null
                ? new TcpTransportException(reason)
                : new TcpTransportException(reason + ": " + cause, cause);
        ended(conn, failure, true);
    }

    private void ended(OutboundConnection conn, TcpTransportException failure, boolean loss) {
        String reason = String.valueOf(failure.getMessage());
        Throwable cause = failure.getCause();
        Links links = connections.get(conn.nodeId);
        OutboundConnection sibling = links == null || conn.intentional || closed ? null : links.live(conn);
        conn.closed(failure, sibling);
        if (sibling != null) {
            LOG.info("One connection to '{}' ended ({}); its traffic moves to the others", conn.nodeId, reason);
            return;
        }
        boolean dead = links == null || links.retireIfDead(conn);
        if (dead && loss && !conn.intentional && !closed) {
            LOG.debug("{}", reason, cause);
            lost.accept(conn.nodeId, reason);
        }
    }
}
