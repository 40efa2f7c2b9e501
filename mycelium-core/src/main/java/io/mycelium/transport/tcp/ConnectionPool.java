package io.mycelium.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing connections, one per peer: dialled on demand at the address gossip or discovery learned,
 * capped at {@code maxConnections} (the least recently used closes first). A connection that closes
 * without this node asking, or that cannot be opened, is reported through {@code lost}.
 */
final class ConnectionPool {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** How a new channel's pipeline is built: (channel, connection). */
    interface PipelineInit {
        void init(Channel channel, OutboundConnection connection);
    }

    private final Bootstrap bootstrap;
    private final Map<String, Peer> peers;
    private final TcpTransporterOptions options;
    private final BiConsumer<String, String> lost;
    private final Executor control;
    private final Map<String, OutboundConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConnectionPool(
            Bootstrap bootstrap,
            PipelineInit init,
            Map<String, Peer> peers,
            TcpTransporterOptions options,
            BiConsumer<String, String> lost,
            Executor control) {
        this.bootstrap = bootstrap.clone();
        this.control = control;
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

    /** The open or opening connection to a node, dialling it when there is none. */
    OutboundConnection connection(String nodeId) {
        OutboundConnection existing = connections.get(nodeId);
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        OutboundConnection created = new OutboundConnection(nodeId, options.maxPendingBytes());
        OutboundConnection winner =
                connections.compute(nodeId, (id, old) -> old != null && !old.isClosed() ? old : created);
        if (winner == created) {
            if (closed) {
                created.closed(new TcpTransportException("the TCP transporter is stopped"));
            } else {
                dial(created, false);
            }
        }
        return winner;
    }

    boolean hasOpen(String nodeId) {
        OutboundConnection c = connections.get(nodeId);
        return c != null && !c.isClosed();
    }

    void close(String nodeId) {
        OutboundConnection c = connections.remove(nodeId);
        if (c != null) {
            c.close();
            c.closed(new TcpTransportException("connection to node '" + nodeId + "' closed"));
        }
    }

    void closeAll() {
        closed = true;
        for (String id : List.copyOf(connections.keySet())) {
            close(id);
        }
    }

    Collection<OutboundConnection> all() {
        return connections.values();
    }

    /** Closes the least recently used connections above the cap, never {@code keep}. */
    void enforceLimit(OutboundConnection keep) {
        int excess = connections.size() - options.maxConnections();
        if (excess <= 0) {
            return;
        }
        List<OutboundConnection> list = new ArrayList<>(connections.values());
        list.remove(keep);
        list.sort((a, b) -> Long.compare(a.lastUsedNanos, b.lastUsedNanos));
        for (int i = 0; i < excess && i < list.size(); i++) {
            OutboundConnection c = list.get(i);
            LOG.debug("Closing the least recently used connection to '{}'", c.nodeId);
            connections.remove(c.nodeId, c);
            c.close();
            c.closed(new TcpTransportException("connection to node '" + c.nodeId + "' closed (connection limit)"));
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
        if (hosts.isEmpty() || port <= 0) {
            fail(conn, "no address known for node '" + conn.nodeId + "'", null);
            return;
        }
        tryHost(conn, hosts, 0, port, null);
    }

    private void tryHost(OutboundConnection conn, List<String> hosts, int index, int port, @Nullable Throwable last) {
        if (index >= hosts.size() || closed || conn.intentional) {
            fail(conn, "cannot connect to node '" + conn.nodeId + "' at " + hosts + ":" + port, last);
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
        Bootstrap b = bootstrap.clone().attr(TcpChannels.CONNECTION, conn).attr(TcpChannels.NODE_ID, conn.nodeId);
        ChannelFuture f = b.connect(address);
        conn.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                tryHost(conn, hosts, index + 1, address.getPort(), done.cause());
                return;
            }
            f.channel().closeFuture().addListener(c -> onClosed(conn));
        });
    }

    private void onClosed(OutboundConnection conn) {
        conn.closed(new TcpTransportException("connection to node '" + conn.nodeId + "' closed"));
        connections.remove(conn.nodeId, conn);
        if (!conn.intentional && !closed) {
            lost.accept(conn.nodeId, "connection to '" + conn.nodeId + "' lost");
        }
    }

    private void fail(OutboundConnection conn, String reason, @Nullable Throwable cause) {
        conn.closed(
                cause == null
                        ? new TcpTransportException(reason)
                        : new TcpTransportException(reason + ": " + cause, cause));
        connections.remove(conn.nodeId, conn);
        if (!conn.intentional && !closed) {
            LOG.debug("{}", reason, cause);
            lost.accept(conn.nodeId, reason);
        }
    }
}
