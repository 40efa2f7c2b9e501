package io.mycelium.transport.zmq;

import io.mycelium.spi.UrlOptions;
import io.mycelium.transport.tcp.SharedBeaconDiscovery;
import io.mycelium.transport.tcp.TcpTransporterOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the ZeroMQ transporter, read from {@code zmq://[host][:port][?option=value&…]} in the grammar
 * of {@link UrlOptions}. {@code host} is the address the node listens on (all interfaces when absent),
 * {@code port} its port (0 or absent: any free one, announced in the beacons). The {@code udp*} options and
 * {@code keys} are those of {@code tcp://}.
 *
 * @param host the address the ROUTER socket binds
 * @param port its port, 0 for any free one
 * @param beacons the UDP discovery settings (only its {@code udp*} and {@code keys} are used)
 * @param maxPayload the largest message accepted either way, in bytes (ZeroMQ's {@code MAXMSGSIZE})
 * @param sendQueue messages queued per peer before sends fail (ZeroMQ's send high-water mark)
 * @param receiveQueue messages queued on receipt before ZeroMQ stops reading (receive high-water mark)
 * @param heartbeat how often ZMTP heartbeats go out on an idle connection
 * @param heartbeatTimeout how long a connection may stay silent before ZeroMQ drops it
 * @param handshakeTimeout how long a new connection may take to finish the ZMTP (and CURVE) handshake
 * @param discoveryWait how long {@code connect} listens for beacons before it completes
 * @param maxPeers how many peers this node keeps sockets to; beacons of more are ignored
 * @param circuitThreshold see {@link io.mycelium.spi.Transporter#circuitThreshold()}
 */
record ZmqOptions(
        String host,
        int port,
        TcpTransporterOptions beacons,
        int maxPayload,
        int sendQueue,
        int receiveQueue,
        Duration heartbeat,
        Duration heartbeatTimeout,
        Duration handshakeTimeout,
        Duration discoveryWait,
        int maxPeers,
        int circuitThreshold) {

    private static final Set<String> KNOWN = known();
    private static final Map<String, String> ALIASES =
            Map.of("udpMulticastTTL", "udpMulticastTtl", "maxPacketSize", "maxPayload");

    private static Set<String> known() {
        Set<String> names = new TreeSet<>(SharedBeaconDiscovery.URL_OPTIONS);
        names.addAll(List.of(
                "host",
                "port",
                "maxPayload",
                "sendQueue",
                "receiveQueue",
                "heartbeat",
                "heartbeatTimeout",
                "handshakeTimeout",
                "discoveryWait",
                "maxPeers",
                "circuitThreshold"));
        return Set.copyOf(names);
    }

    static ZmqOptions fromUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("zmq")) {
            throw new IllegalArgumentException("not a zmq:// URL: " + UrlOptions.redacted(url));
        }
        UrlOptions o = UrlOptions.parse(url, KNOWN, ALIASES);
        TcpTransporterOptions.Builder udp = TcpTransporterOptions.builder();
        SharedBeaconDiscovery.applyUrlOptions(o, udp);
        String host = url.getHost() == null || url.getHost().isEmpty() ? "*" : url.getHost();
        host = o.text("host").orElse(host);
        int port = url.getPort() < 0 ? 0 : url.getPort();
        port = o.integer("port", port, 0, 65535);
        int max = Integer.MAX_VALUE;
        ZmqOptions options = new ZmqOptions(
                host,
                port,
                udp.build(),
                o.size("maxPayload", 16 << 20, 1024, max),
                o.integer("sendQueue", 10_000, 1, max),
                o.integer("receiveQueue", 10_000, 1, max),
                o.duration("heartbeat", Duration.ofSeconds(2)),
                o.duration("heartbeatTimeout", Duration.ofSeconds(6)),
                o.duration("handshakeTimeout", Duration.ofSeconds(5)),
                o.duration("discoveryWait", Duration.ofMillis(500)),
                o.integer("maxPeers", 1024, 1, 1 << 20),
                o.integer("circuitThreshold", 3, 0, 1_000_000));
        if (!options.beacons().udpDiscovery()) {
            throw new IllegalArgumentException("zmq:// finds its peers by UDP beacons only: udpDiscovery=false"
                    + " would leave it alone (use tcp:// for static peers)");
        }
        return options;
    }
}
