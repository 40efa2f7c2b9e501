package io.mycelium.transport.tcp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads {@link TcpTransporterOptions} from a {@code tcp://} URL. */
final class TcpUrlParser {

    private TcpUrlParser() {}

    static TcpTransporterOptions parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("tcp://")) {
            throw new IllegalArgumentException("not a tcp:// URL: " + url);
        }
        String rest = url.substring("tcp://".length());
        String query = "";
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
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            try {
                apply(b, key, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad option '" + key + "' in " + url + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static void apply(TcpTransporterOptions.Builder b, String key, String value) {
        switch (key) {
            case "host" -> b.host(value);
            case "port" -> b.port(integer(value));
            case "urls" -> {
                if (value.startsWith("file://")) {
                    b.urlsFile(Path.of(value.substring("file://".length())));
                } else {
                    b.urls(splitList(value));
                }
            }
            case "urlsFile" -> b.urlsFile(Path.of(value));
            case "udpDiscovery" -> b.udpDiscovery(bool(value));
            case "udpPort" -> b.udpPort(integer(value));
            case "udpBindAddress" -> b.udpBindAddress(value);
            case "udpPeriod" -> b.udpPeriod(duration(value));
            case "udpMulticast" ->
                b.udpMulticast(value.isEmpty() || value.equals("false") ? Optional.empty() : Optional.of(value));
            case "udpMulticastTTL", "udpMulticastTtl" -> b.udpMulticastTtl(integer(value));
            case "udpBroadcast" -> {
                if (value.equals("true") || value.equals("false")) {
                    b.udpBroadcast(bool(value));
                } else {
                    b.udpBroadcast(true).udpBroadcastAddresses(splitList(value));
                }
            }
            case "udpReuseAddr" -> b.udpReuseAddr(bool(value));
            case "udpMaxDiscovery" -> b.udpMaxDiscovery(integer(value));
            case "useHostname" -> b.useHostname(bool(value));
            case "gossipPeriod" -> b.gossipPeriod(duration(value));
            case "maxConnections" -> b.maxConnections(integer(value));
            case "connectionsPerPeer" -> b.connectionsPerPeer(integer(value));
            case "maxPacketSize" -> b.maxPacketSize(integer(value));
            case "nodeTimeout" -> b.nodeTimeout(duration(value));
            case "offlineTimeout" -> b.offlineTimeout(duration(value));
            case "connectTimeout" -> b.connectTimeout(duration(value));
            case "handshakeTimeout" -> b.handshakeTimeout(duration(value));
            case "maxPendingBytes" -> b.maxPendingBytes(integer(value));
            case "maxInboundConnections" -> b.maxInboundConnections(integer(value));
            case "maxInboundConnectionsPerAddress" -> b.maxInboundConnectionsPerAddress(integer(value));
            case "maxBufferedFrameBytes" -> b.maxBufferedFrameBytes(integer(value));
            case "frameIdleTimeout" -> b.frameIdleTimeout(duration(value));
            case "frameTimeout" -> b.frameTimeout(duration(value));
            case "silenceTimeout" -> b.silenceTimeout(duration(value));
            case "maxUnconfirmedPeers" -> b.maxUnconfirmedPeers(integer(value));
            case "ioThreads" -> b.ioThreads(integer(value));
            case "keys" -> {
                for (String entry : splitList(value)) {
                    int colon = entry.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("a key is written id:secret");
                    }
                    b.key(entry.substring(0, colon), entry.substring(colon + 1));
                }
            }
            default -> throw new IllegalArgumentException("unknown option");
        }
    }

    static List<String> splitList(String value) {
        return Arrays.stream(value.split("[,\\n]"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: " + value, e);
        }
    }

    private static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + value);
        };
    }

    /** A number of seconds as Moleculer writes it ({@code 2}, {@code 0.5}), or {@code 500ms}, {@code 2s}, {@code 1m}. */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("s")) {
                v = v.substring(0, v.length() - 1);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + value, e);
        }
    }
}
