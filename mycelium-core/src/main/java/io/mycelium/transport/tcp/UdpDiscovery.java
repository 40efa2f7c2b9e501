package io.mycelium.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moleculer's UDP discovery: datagrams {@code namespace|nodeID|tcpPort} (UTF-8) sent to a multicast group
 * (239.0.0.0:4445, TTL 1, on every IPv4 interface or the one of {@code udpBindAddress}) and/or to
 * broadcast addresses, right after start, once more about a second later, then every {@code udpPeriod}.
 * With keys the datagrams are signed and unsigned ones ignored ({@link Beacons}). Received datagrams are
 * rate-limited per source and in all ({@link BeaconLimiter}); those of another namespace, of this node,
 * or malformed are ignored. Runs on one event loop.
 */
final class UdpDiscovery {

    /**
     * Receives a beacon of this namespace, this node's own included: (nodeID, sender address, TCP port);
     * called on the event loop. Returns true when the sender should get this node's beacon back at once.
     */
    interface Listener {
        boolean discovered(String nodeId, String address, int port);
    }

    private static final Logger LOG = LoggerFactory.getLogger(UdpDiscovery.class);
    private static final int MAX_DATAGRAM = 1024;

    private final Beacons beacons;
    private final BeaconLimiter limiter = new BeaconLimiter();
    private final LogLimiter warnings = new LogLimiter(LOG, 5, 60, TimeUnit.SECONDS);
    private long received;
    private long dropped;
    private long rejected;

    private final EventLoop loop;
    private final TcpTransporterOptions options;
    private final String nodeId;
    private final IntSupplier tcpPort;
    private final Listener listener;
    private final List<Channel> receivers = new CopyOnWriteArrayList<>();
    private final List<Sender> senders = new CopyOnWriteArrayList<>();
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    private int count;

    private record Sender(Channel channel, List<InetSocketAddress> destinations) {}

    UdpDiscovery(
            EventLoop loop,
            TcpTransporterOptions options,
            String nodeId,
            IntSupplier tcpPort,
            Beacons beacons,
            Listener listener) {
        this.beacons = beacons;
        this.loop = loop;
        this.options = options;
        this.nodeId = nodeId;
        this.tcpPort = tcpPort;
        this.listener = listener;
    }

    /** Binds the sockets (failures are logged, as Moleculer does) and schedules the announcements. */
    void start() {
        int port = options.udpPort();
        List<NetworkInterface> interfaces = interfaces();
        options.udpMulticast().ifPresent(group -> startMulticast(group, port, interfaces));
        if (options.udpBroadcast()) {
            startBroadcast(port, interfaces);
        }
        timers.add(loop.schedule(this::announce, 0, TimeUnit.MILLISECONDS));
        timers.add(
                loop.schedule(this::announce, 500 + ThreadLocalRandom.current().nextInt(500), TimeUnit.MILLISECONDS));
        long period = options.udpPeriod().toMillis();
        timers.add(loop.scheduleAtFixedRate(this::announce, period, period, TimeUnit.MILLISECONDS));
    }

    private void startMulticast(String group, int port, List<NetworkInterface> interfaces) {
        InetAddress groupAddress;
        try {
            groupAddress = InetAddress.getByName(group);
        } catch (java.net.UnknownHostException e) {
            LOG.warn("Bad UDP multicast group '{}': {}", group, e.getMessage());
            return;
        }
        Channel receiver = bind(new InetSocketAddress(port), false);
        if (receiver == null) {
            return;
        }
        for (NetworkInterface nif : interfaces) {
            try {
                ((DatagramChannel) receiver)
                        .joinGroup(new InetSocketAddress(groupAddress, port), nif)
                        .sync();
                Channel out = new Bootstrap()
                        .group(loop)
                        .channelFactory(() -> new NioDatagramChannel(InternetProtocolFamily.IPv4))
                        .option(ChannelOption.IP_MULTICAST_IF, nif)
                        .option(ChannelOption.IP_MULTICAST_TTL, options.udpMulticastTtl())
                        .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                        .handler(new Receiver())
                        .bind(new InetSocketAddress(ipv4(nif), 0))
                        .sync()
                        .channel();
                senders.add(new Sender(out, List.of(new InetSocketAddress(groupAddress, port))));
                LOG.info("UDP multicast discovery on {} ({}:{})", nif.getName(), group, port);
            } catch (Exception e) {
                LOG.warn("UDP multicast on {} is not possible: {}", nif.getName(), e.toString());
            }
        }
    }

    private void startBroadcast(int port, List<NetworkInterface> interfaces) {
        Channel receiver = options.udpMulticast().isPresent() ? receivers.get(0) : null;
        if (receiver == null) {
            receiver = bind(new InetSocketAddress(port), true);
        }
        if (receiver == null) {
            return;
        }
        List<InetSocketAddress> destinations = new ArrayList<>();
        if (!options.udpBroadcastAddresses().isEmpty()) {
            options.udpBroadcastAddresses().forEach(a -> destinations.add(new InetSocketAddress(a, port)));
        } else {
            for (NetworkInterface nif : interfaces) {
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    if (ia.getBroadcast() != null) {
                        destinations.add(new InetSocketAddress(ia.getBroadcast(), port));
                    }
                }
            }
        }
        try {
            Channel out = new Bootstrap()
                    .group(loop)
                    .channelFactory(() -> new NioDatagramChannel(InternetProtocolFamily.IPv4))
                    .option(ChannelOption.SO_BROADCAST, true)
                    .handler(new Receiver())
                    .bind(new InetSocketAddress(0))
                    .sync()
                    .channel();
            senders.add(new Sender(out, destinations));
            LOG.info("UDP broadcast discovery to {}", destinations);
        } catch (Exception e) {
            LOG.warn("UDP broadcast is not possible: {}", e.toString());
        }
    }

    private @Nullable Channel bind(InetSocketAddress address, boolean broadcast) {
        ChannelFuture f = new Bootstrap()
                .group(loop)
                .channelFactory(() -> new NioDatagramChannel(InternetProtocolFamily.IPv4))
                .option(ChannelOption.SO_REUSEADDR, options.udpReuseAddr())
                .option(ChannelOption.SO_BROADCAST, broadcast)
                .handler(new Receiver())
                .bind(address)
                .awaitUninterruptibly();
        if (!f.isSuccess()) {
            LOG.warn("UDP discovery cannot bind {}: {}", address, String.valueOf(f.cause()));
            return null;
        }
        receivers.add(f.channel());
        return f.channel();
    }

    private List<NetworkInterface> interfaces() {
        try {
            if (options.udpBindAddress().isPresent()) {
                InetAddress bind =
                        InetAddress.getByName(options.udpBindAddress().get());
                NetworkInterface nif = NetworkInterface.getByInetAddress(bind);
                if (nif == null) {
                    LOG.warn("No interface has the udpBindAddress {}", bind);
                    return List.of();
                }
                return List.of(nif);
            }
            List<NetworkInterface> list = new ArrayList<>();
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp() && ipv4(nif) != null) {
                    list.add(nif);
                }
            }
            return list;
        } catch (SocketException | java.net.UnknownHostException e) {
            LOG.warn("Cannot list network interfaces: {}", e.toString());
            return List.of();
        }
    }

    private static @Nullable InetAddress ipv4(NetworkInterface nif) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return null;
    }

    /** Sends one announcement on every sender; runs on the loop. */
    void announce() {
        if (tcpPort.getAsInt() <= 0) {
            return; // a dial-only node (listen=false) has no port to announce: it only listens for beacons
        }
        if (options.udpMaxDiscovery() > 0 && count >= options.udpMaxDiscovery()) {
            return;
        }
        count++;
        byte[] message = beacon();
        for (Sender s : senders) {
            for (InetSocketAddress to : s.destinations()) {
                s.channel()
                        .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message), to))
                        .addListener(f -> {
                            if (!f.isSuccess()) {
                                LOG.debug("UDP announcement to {} failed: {}", to, String.valueOf(f.cause()));
                            }
                        });
            }
        }
    }

    private byte[] beacon() {
        return beacons.encode(nodeId, tcpPort.getAsInt());
    }

    void stop() {
        timers.forEach(t -> t.cancel(false));
        receivers.forEach(Channel::close);
        senders.forEach(s -> s.channel().close());
    }

    /** Datagrams received, dropped by the rate limits, refused by {@link Beacons}, so far; read on the loop. */
    long received() {
        return received;
    }

    long dropped() {
        return dropped;
    }

    long rejected() {
        return rejected;
    }

    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            received++;
            String source = packet.sender().getAddress().getHostAddress();
            if (!limiter.allow(source)) {
                dropped++;
                warnings.warn(
                        "UDP discovery drops datagrams above its rate limits ({} so far, this one from {})",
                        dropped,
                        source);
                return;
            }
            if (packet.content().readableBytes() > MAX_DATAGRAM) {
                return;
            }
            byte[] bytes = new byte[packet.content().readableBytes()];
            packet.content().getBytes(packet.content().readerIndex(), bytes);
            Beacons.Verdict verdict = beacons.decode(bytes);
            Beacons.Beacon beacon = verdict.beacon();
            if (beacon == null) {
                Beacons.Rejection why = verdict.rejection();
                if (why != Beacons.Rejection.OTHER_NAMESPACE && why != Beacons.Rejection.REPLAYED) {
                    rejected++;
                    warnings.warn(
                            "UDP discovery ignores a datagram from {}: {} ({} so far)",
                            source,
                            String.valueOf(why),
                            rejected);
                }
                return;
            }
            if (listener.discovered(beacon.nodeId(), source, beacon.port()) && tcpPort.getAsInt() > 0) {
                // unicast, to the socket the beacon came from (its sender also listens there)
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(beacon()), packet.sender()));
            }
        }
    }
}
