package io.mycelium.transport.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** One static peer, {@code [tcp://]host:port/nodeID}, as in Moleculer's {@code urls} option. */
record StaticPeer(String nodeId, String host, int port) {

    record HostPort(String host, int port) {}

    static StaticPeer parse(String entry) {
        String s = entry.trim();
        if (s.regionMatches(true, 0, "tcp://", 0, 6)) {
            s = s.substring(6);
        }
        String[] parts = s.split("/");
        if (parts.length != 2 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("static peer '" + entry + "' has no nodeID (host:port/nodeID)");
        }
        HostPort hp = hostPort(parts[0], entry);
        if (hp.host().isEmpty()) {
            throw new IllegalArgumentException("static peer '" + entry + "' has no host");
        }
        return new StaticPeer(parts[1], hp.host(), hp.port());
    }

    static HostPort hostPort(String s, String whole) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + whole + "' has no port (host:port)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "' has a bad port", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + whole + "' has a port out of range");
        }
        return new HostPort(host, port);
    }

    /** Every static peer of the options, the file's included. */
    static List<StaticPeer> all(TcpTransporterOptions options) {
        List<String> entries = new ArrayList<>(options.urls());
        options.urlsFile().ifPresent(file -> {
            try {
                entries.addAll(TcpUrlParser.splitList(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the urls file " + file, e);
            }
        });
        List<StaticPeer> peers = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.startsWith("#")) {
                peers.add(parse(entry));
            }
        }
        return peers;
    }
}
