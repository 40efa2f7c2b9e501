package io.mycelium.transport.tcp;

import io.mycelium.spi.UrlOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@link TcpTransporterOptions} from a {@code tcp://} URL, in the grammar of {@link UrlOptions}. */
final class TcpUrlParser {

    private static final Set<String> KNOWN = known();

    /** Old spellings users may have in their URLs. */
    private static final Map<String, String> ALIASES =
            Map.of("udpMulticastTTL", "udpMulticastTtl", "maxPacketSize", "maxPayload");

    private TcpUrlParser() {}

    private static Set<String> known() {
        Set<String> names = new TreeSet<>(SharedBeaconDiscovery.URL_OPTIONS);
        names.addAll(List.of(
                "host",
                "port",
                "urls",
                "urlsFile",
                "useHostname",
                "gossipPeriod",
                "maxConnections",
                "connectionsPerPeer",
                "maxPayload",
                "nodeTimeout",
                "offlineTimeout",
                "connectTimeout",
                "handshakeTimeout",
                "maxPendingBytes",
                "maxInboundConnections",
                "maxInboundConnectionsPerAddress",
                "maxBufferedFrameBytes",
                "frameIdleTimeout",
                "frameTimeout",
                "silenceTimeout",
                "maxUnconfirmedPeers",
                "ioThreads",
                "tls",
                "cert",
                "key",
                "ca",
                "tlsMutual",
                "certificateNodeIds",
                "listen",
                "friendly"));
        return Set.copyOf(names);
    }

    static TcpTransporterOptions parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("tcp://")) {
            throw new IllegalArgumentException("not a tcp:// URL: " + url);
        }
        String rest = url.substring("tcp://".length());
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        // A lone trailing '/' is no static peer: the broker turns "tcp://" into the URI "tcp:///"
        // (a bare "tcp://" is not a valid java.net.URI), and "tcp://host:port/" names a listen address.
        if (!rest.isEmpty() && rest.indexOf('/') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        }
        TcpTransporterOptions.Builder b = TcpTransporterOptions.builder();
        if (!rest.isEmpty()) {
            if (rest.contains("/")) {
                b.urls(splitList(rest));
            } else {
                StaticPeer.HostPort hp = StaticPeer.hostPort(rest, url);
                if (!hp.host().isEmpty()) {
                    b.host(hp.host());
                }
                b.port(hp.port());
            }
        }
        UrlOptions o = UrlOptions.parse(query, "tcp://" + rest, KNOWN, ALIASES);
        apply(o, b);
        return b.build();
    }

    private static void apply(UrlOptions o, TcpTransporterOptions.Builder b) {
        int max = Integer.MAX_VALUE;
        o.text("host").ifPresent(b::host);
        o.integer("port", 0, 65535).ifPresent(v -> b.port(v.intValue()));
        o.text("urls").ifPresent(v -> {
            if (v.startsWith("file://")) {
                b.urlsFile(Path.of(v.substring("file://".length())));
            } else {
                b.urls(splitList(v));
            }
        });
        o.text("urlsFile").ifPresent(v -> b.urlsFile(Path.of(v)));
        SharedBeaconDiscovery.applyUrlOptions(o, b);
        o.bool("useHostname").ifPresent(b::useHostname);
        o.duration("gossipPeriod").ifPresent(b::gossipPeriod);
        o.integer("maxConnections", 0, max).ifPresent(v -> b.maxConnections(v.intValue()));
        o.integer("connectionsPerPeer", 1, max).ifPresent(v -> b.connectionsPerPeer(v.intValue()));
        o.size("maxPayload", 1, max).ifPresent(v -> b.maxPacketSize(v.intValue()));
        o.duration("nodeTimeout").ifPresent(b::nodeTimeout);
        o.duration("offlineTimeout").ifPresent(b::offlineTimeout);
        o.duration("connectTimeout").ifPresent(b::connectTimeout);
        o.duration("handshakeTimeout").ifPresent(b::handshakeTimeout);
        o.size("maxPendingBytes", 1, max).ifPresent(v -> b.maxPendingBytes(v.intValue()));
        o.integer("maxInboundConnections", 0, max).ifPresent(v -> b.maxInboundConnections(v.intValue()));
        o.integer("maxInboundConnectionsPerAddress", 0, max)
                .ifPresent(v -> b.maxInboundConnectionsPerAddress(v.intValue()));
        o.size("maxBufferedFrameBytes", 1, max).ifPresent(v -> b.maxBufferedFrameBytes(v.intValue()));
        o.duration("frameIdleTimeout").ifPresent(b::frameIdleTimeout);
        o.duration("frameTimeout").ifPresent(b::frameTimeout);
        o.duration("silenceTimeout").ifPresent(b::silenceTimeout);
        o.integer("maxUnconfirmedPeers", 0, max).ifPresent(v -> b.maxUnconfirmedPeers(v.intValue()));
        o.integer("ioThreads", 0, max).ifPresent(v -> b.ioThreads(v.intValue()));
        o.bool("certificateNodeIds").ifPresent(b::certificateNodeIds);
        o.bool("listen").ifPresent(b::listen);
        o.bool("friendly").ifPresent(b::friendly);
        tls(o).ifPresent(b::tls);
    }

    /** {@code tls=true&cert=chain.pem&key=key.pem[&ca=ca.pem][&tlsMutual=true]}. */
    private static Optional<TcpTransporterOptions.TlsOptions> tls(UrlOptions o) {
        boolean on = o.bool("tls", false);
        if (!on) {
            for (String name : List.of("cert", "key", "ca", "tlsMutual")) {
                if (o.has(name)) {
                    throw new IllegalArgumentException("option '" + name + "' needs tls=true");
                }
            }
            return Optional.empty();
        }
        String cert = o.text("cert")
                .orElseThrow(() -> new IllegalArgumentException("tls=true needs cert=<PEM certificate chain>"));
        String key =
                o.text("key").orElseThrow(() -> new IllegalArgumentException("tls=true needs key=<PEM private key>"));
        return Optional.of(TcpTransporterOptions.TlsOptions.of(
                Path.of(cert), Path.of(key), o.text("ca").map(Path::of).orElse(null), o.bool("tlsMutual", false)));
    }

    static List<String> splitList(String value) {
        return UrlOptions.parseList(value);
    }
}
