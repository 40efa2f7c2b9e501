package io.mycelium.transport.tcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options of the brokerless TCP transporter. Immutable and thread-safe; made with {@link #builder()} or
 * from a {@code tcp://} URL with {@link #fromUrl(String)}. The defaults are Moleculer 0.15's, so a
 * Mycelium node with default options joins a mesh of Moleculer nodes using their TCP transporter; the
 * security options (TLS, keys) are Mycelium extensions and off by default.
 */
public final class TcpTransporterOptions {

    private final Optional<String> host;
    private final int port;
    private final List<String> urls;
    private final Optional<Path> urlsFile;
    private final boolean udpDiscovery;
    private final int udpPort;
    private final Optional<String> udpBindAddress;
    private final Duration udpPeriod;
    private final Optional<String> udpMulticast;
    private final int udpMulticastTtl;
    private final boolean udpBroadcast;
    private final List<String> udpBroadcastAddresses;
    private final boolean udpReuseAddr;
    private final int udpMaxDiscovery;
    private final boolean useHostname;
    private final Duration gossipPeriod;
    private final int maxConnections;
    private final int connectionsPerPeer;
    private final int maxPacketSize;
    private final Duration nodeTimeout;
    private final Duration offlineTimeout;
    private final Duration connectTimeout;
    private final int maxPendingBytes;
    private final int ioThreads;
    private final Optional<TlsOptions> tls;
    private final Map<String, String> keys;
    private final Duration handshakeTimeout;
    private final boolean certificateNodeIds;
    private final int maxInboundConnections;
    private final int maxInboundConnectionsPerAddress;
    private final int maxBufferedFrameBytes;
    private final Duration frameIdleTimeout;
    private final Duration frameTimeout;
    private final int maxUnconfirmedPeers;
    private final Duration silenceTimeout;
    private final boolean listen;
    private final boolean friendly;

    private TcpTransporterOptions(Builder b) {
        host = Optional.ofNullable(b.host);
        port = b.port;
        urls = List.copyOf(b.urls);
        urlsFile = Optional.ofNullable(b.urlsFile);
        udpDiscovery = b.udpDiscovery;
        udpPort = b.udpPort;
        udpBindAddress = Optional.ofNullable(b.udpBindAddress);
        udpPeriod = b.udpPeriod;
        udpMulticast = Optional.ofNullable(b.udpMulticast);
        udpMulticastTtl = b.udpMulticastTtl;
        udpBroadcast = b.udpBroadcast;
        udpBroadcastAddresses = List.copyOf(b.udpBroadcastAddresses);
        udpReuseAddr = b.udpReuseAddr;
        udpMaxDiscovery = b.udpMaxDiscovery;
        useHostname = b.useHostname;
        gossipPeriod = b.gossipPeriod;
        maxConnections = b.maxConnections;
        connectionsPerPeer = b.connectionsPerPeer;
        maxPacketSize = b.maxPacketSize;
        nodeTimeout = b.nodeTimeout;
        offlineTimeout = b.offlineTimeout;
        connectTimeout = b.connectTimeout;
        maxPendingBytes = b.maxPendingBytes;
        ioThreads = b.ioThreads;
        tls = Optional.ofNullable(b.tls);
        keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        handshakeTimeout = b.handshakeTimeout;
        certificateNodeIds = b.certificateNodeIds;
        maxInboundConnections = b.maxInboundConnections;
        maxInboundConnectionsPerAddress = b.maxInboundConnectionsPerAddress;
        maxBufferedFrameBytes = b.maxBufferedFrameBytes;
        frameIdleTimeout = b.frameIdleTimeout;
        frameTimeout = b.frameTimeout;
        maxUnconfirmedPeers = b.maxUnconfirmedPeers;
        silenceTimeout = b.silenceTimeout;
        listen = b.listen;
        friendly = b.friendly;
    }

    /** A builder with Moleculer's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: random TCP port, UDP multicast discovery on 239.0.0.0:4445. */
    public static TcpTransporterOptions defaults() {
        return builder().build();
    }

    /**
     * Options from a {@code tcp://} URL: {@code tcp://} alone (defaults), {@code tcp://host:port} (the
     * address to listen on), {@code tcp://127.0.0.1:6001/node-1,tcp://127.0.0.1:6002/node-2} (static
     * peers), each optionally followed by a query such as {@code ?port=0&udpDiscovery=false&urls=...}.
     *
     * @throws IllegalArgumentException when the URL or one of its options is not valid, saying which
     */
    public static TcpTransporterOptions fromUrl(String url) {
        return TcpUrlParser.parse(url);
    }

    /** Address the TCP server listens on; empty for every interface. */
    public Optional<String> host() {
        return host;
    }

    /** TCP port to listen on; 0 for a random free port. */
    public int port() {
        return port;
    }

    /** Static peers, {@code host:port/nodeID} each (a leading {@code tcp://} is allowed). */
    public List<String> urls() {
        return urls;
    }

    /** A file of static peers, one {@code host:port/nodeID} per line. */
    public Optional<Path> urlsFile() {
        return urlsFile;
    }

    /** Whether nodes announce themselves and listen for others over UDP. */
    public boolean udpDiscovery() {
        return udpDiscovery;
    }

    /** UDP port of discovery datagrams (4445). */
    public int udpPort() {
        return udpPort;
    }

    /** The one local IPv4 address to do UDP discovery on; empty for every interface. */
    public Optional<String> udpBindAddress() {
        return udpBindAddress;
    }

    /** Time between two UDP announcements (30 s). */
    public Duration udpPeriod() {
        return udpPeriod;
    }

    /** Multicast group of discovery (239.0.0.0); empty to turn multicast off. */
    public Optional<String> udpMulticast() {
        return udpMulticast;
    }

    /** Multicast time-to-live (1: the local network only). */
    public int udpMulticastTtl() {
        return udpMulticastTtl;
    }

    /** Whether discovery also uses UDP broadcast. */
    public boolean udpBroadcast() {
        return udpBroadcast;
    }

    /** Broadcast addresses; empty for those of every local interface. */
    public List<String> udpBroadcastAddresses() {
        return udpBroadcastAddresses;
    }

    /** SO_REUSEADDR on the UDP socket, so several nodes of one host share the port. */
    public boolean udpReuseAddr() {
        return udpReuseAddr;
    }

    /** Number of UDP announcements after which they stop; 0 for no limit. */
    public int udpMaxDiscovery() {
        return udpMaxDiscovery;
    }

    /** Whether peers are dialled by the hostname of their INFO before their IP list (Moleculer: true). */
    public boolean useHostname() {
        return useHostname;
    }

    /** Time between two gossip rounds (2 s). */
    public Duration gossipPeriod() {
        return gossipPeriod;
    }

    /**
     * Most peers with live outgoing connections; the least recently used peer's are closed first (128).
     * With one connection per peer, as Moleculer has, that is the number of outgoing connections.
     * Moleculer's default is 32: a mesh of more nodes then closes and dials a connection on most gossip
     * rounds, and a new node's INFO, pushed to every peer at once, loses the frames queued on the
     * connections the cap closes (50 brokers: 23 s to converge with 32, 2.6 s with 128).
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Outgoing connections kept to each peer (1, as Moleculer). Above 1 (roletalk's redundant
     * connections), packets to a peer are spread round-robin over its connections, and losing one of them
     * moves its unsent packets to another and leaves the peer available; only losing all of them counts as
     * losing the peer. A Mycelium extension; meshes with Moleculer nodes are only tested with 1.
     */
    public int connectionsPerPeer() {
        return connectionsPerPeer;
    }

    /** Largest frame in bytes, header included, accepted or sent (1 MiB). */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** A node not heard from, directly or through gossip, for this long is marked unavailable (30 s). */
    public Duration nodeTimeout() {
        return nodeTimeout;
    }

    /** An unavailable node is forgotten after this long (10 min). */
    public Duration offlineTimeout() {
        return offlineTimeout;
    }

    /** Time allowed to open a TCP connection (5 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Bytes that may wait for one slow peer before sends to it fail (8 MiB). */
    public int maxPendingBytes() {
        return maxPendingBytes;
    }

    /** Netty I/O threads of this transporter. */
    public int ioThreads() {
        return ioThreads;
    }

    /** TLS on every connection; empty for plain TCP. */
    public Optional<TlsOptions> tls() {
        return tls;
    }

    /** Pre-shared keys by key id; empty for no handshake. */
    public Map<String, String> keys() {
        return keys;
    }

    /**
     * Time allowed for the TLS and key handshakes of a new connection (5 s); an inbound connection must
     * also have sent its first whole frame (a dialler's GOSSIP_HELLO, sent at once) within it.
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * True when, with mutual TLS, every node's certificate names its node id (subject CN): each connection is
     * then authenticated as that node, every packet's sender must equal it, and a dialled node must present
     * the certificate of the node meant (off: a certificate proves membership only).
     */
    public boolean certificateNodeIds() {
        return certificateNodeIds;
    }

    /**
     * Most inbound connections at once (1024); a new one past it closes the inbound connection idle the
     * longest. A Mycelium extension, like every limit below.
     */
    public int maxInboundConnections() {
        return maxInboundConnections;
    }

    /** Most inbound connections from one remote address (256, twice {@link #maxConnections}: every node of a host running a hundred dials this one); past it new ones are refused. */
    public int maxInboundConnectionsPerAddress() {
        return maxInboundConnectionsPerAddress;
    }

    /**
     * Bytes of partly received frames all connections may hold together (16 MiB, the memory of their
     * decoders' buffers); past it the connection whose partial frame progressed least recently is closed.
     * Keep it a few times {@link #maxPacketSize()}.
     */
    public int maxBufferedFrameBytes() {
        return maxBufferedFrameBytes;
    }

    /** A connection in the middle of a frame that receives no byte for this long is closed (15 s). */
    public Duration frameIdleTimeout() {
        return frameIdleTimeout;
    }

    /** A frame must be received whole within this long of its first byte, or its connection is closed (60 s). */
    public Duration frameTimeout() {
        return frameTimeout;
    }

    /**
     * How long a peer may stay silent while this node waits on it (a request, response or event sent and
     * nothing heard back since) before it is taken for unreachable: 1.5 s. From a third of it on, the peer
     * is pinged; a live peer, however slow its handlers, answers the ping at once. Its calls in flight then
     * fail with a retryable {@code ServiceNotAvailableException}, new calls go to other nodes, and it is
     * dialled afresh every half second until it answers. Zero turns this off (only {@link #nodeTimeout()}
     * and closed connections then mark a node unreachable). A cut link resets no connection: this is what
     * notices it.
     */
    public Duration silenceTimeout() {
        return silenceTimeout;
    }

    /**
     * Most nodes learned from UDP discovery that have not yet answered (64): beacons naming further
     * unknown nodes are ignored until some answer or are forgotten.
     */
    public int maxUnconfirmedPeers() {
        return maxUnconfirmedPeers;
    }

    /**
     * Whether this node accepts connections (true, the default). A dial-only node ({@code listen=false},
     * roletalk's "client as service", for a node behind NAT) opens no listening socket: it announces port 0,
     * sends no UDP beacon, dials every node it learns an address of, and is answered on the connections it
     * opened. See docs/transporters.md.
     */
    public boolean listen() {
        return listen;
    }

    /**
     * Whether this node passes on, in its gossip answers, the other nodes it knows (true, the default, as
     * Moleculer). Unfriendly ({@code friendly=false}, roletalk's option) it tells only about itself, so a node
     * that meets only it learns of no third node through it.
     */
    public boolean friendly() {
        return friendly;
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host.orElse(null);
        b.port = port;
        b.urls = new ArrayList<>(urls);
        b.urlsFile = urlsFile.orElse(null);
        b.udpDiscovery = udpDiscovery;
        b.udpPort = udpPort;
        b.udpBindAddress = udpBindAddress.orElse(null);
        b.udpPeriod = udpPeriod;
        b.udpMulticast = udpMulticast.orElse(null);
        b.udpMulticastTtl = udpMulticastTtl;
        b.udpBroadcast = udpBroadcast;
        b.udpBroadcastAddresses = new ArrayList<>(udpBroadcastAddresses);
        b.udpReuseAddr = udpReuseAddr;
        b.udpMaxDiscovery = udpMaxDiscovery;
        b.useHostname = useHostname;
        b.gossipPeriod = gossipPeriod;
        b.maxConnections = maxConnections;
        b.connectionsPerPeer = connectionsPerPeer;
        b.maxPacketSize = maxPacketSize;
        b.nodeTimeout = nodeTimeout;
        b.offlineTimeout = offlineTimeout;
        b.connectTimeout = connectTimeout;
        b.maxPendingBytes = maxPendingBytes;
        b.ioThreads = ioThreads;
        b.tls = tls.orElse(null);
        b.keys = new LinkedHashMap<>(keys);
        b.handshakeTimeout = handshakeTimeout;
        b.certificateNodeIds = certificateNodeIds;
        b.maxInboundConnections = maxInboundConnections;
        b.maxInboundConnectionsPerAddress = maxInboundConnectionsPerAddress;
        b.maxBufferedFrameBytes = maxBufferedFrameBytes;
        b.frameIdleTimeout = frameIdleTimeout;
        b.frameTimeout = frameTimeout;
        b.maxUnconfirmedPeers = maxUnconfirmedPeers;
        b.silenceTimeout = silenceTimeout;
        b.listen = listen;
        b.friendly = friendly;
        return b;
    }

    /** TLS material, PEM files. */
    public record TlsOptions(Path certChain, Path privateKey, Optional<Path> trustedCerts, boolean mutual) {
        public TlsOptions {
            Objects.requireNonNull(certChain, "certChain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(trustedCerts, "trustedCerts");
        }

        /**
         * TLS with this node's certificate chain and key; peers are trusted when their certificate
         * chains to {@code trustedCerts} (empty: the JDK's trust store). With {@code mutual} a listener
         * also requires and checks the dialer's certificate.
         */
        public static TlsOptions of(Path certChain, Path privateKey, @Nullable Path trustedCerts, boolean mutual) {
            return new TlsOptions(certChain, privateKey, Optional.ofNullable(trustedCerts), mutual);
        }
    }

    /** Builds {@link TcpTransporterOptions}; not thread-safe. */
    public static final class Builder {
        private @Nullable String host;
        private int port;
        private List<String> urls = new ArrayList<>();
        private @Nullable Path urlsFile;
        private boolean udpDiscovery = true;
        private int udpPort = 4445;
        private @Nullable String udpBindAddress;
        private Duration udpPeriod = Duration.ofSeconds(30);
        private @Nullable String udpMulticast = "239.0.0.0";
        private int udpMulticastTtl = 1;
        private boolean udpBroadcast;
        private List<String> udpBroadcastAddresses = new ArrayList<>();
        private boolean udpReuseAddr = true;
        private int udpMaxDiscovery;
        private boolean useHostname = true;
        private Duration gossipPeriod = Duration.ofSeconds(2);
        private int maxConnections = 128;
        private int connectionsPerPeer = 1;
        private int maxPacketSize = 1024 * 1024;
        private Duration nodeTimeout = Duration.ofSeconds(30);
        private Duration offlineTimeout = Duration.ofMinutes(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int maxPendingBytes = 8 * 1024 * 1024;
        private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private @Nullable TlsOptions tls;
        private Map<String, String> keys = new LinkedHashMap<>();
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private boolean certificateNodeIds;
        private int maxInboundConnections = 1024;
        private int maxInboundConnectionsPerAddress = 256;
        private int maxBufferedFrameBytes = 16 * 1024 * 1024;
        private Duration frameIdleTimeout = Duration.ofSeconds(15);
        private Duration frameTimeout = Duration.ofSeconds(60);
        private int maxUnconfirmedPeers = 64;
        private Duration silenceTimeout = Duration.ofMillis(1500);

        private boolean listen = true;
        private boolean friendly = true;

        private Builder() {}

        /** See {@link TcpTransporterOptions#listen()}. */
        public Builder listen(boolean on) {
            this.listen = on;
            return this;
        }

        /** See {@link TcpTransporterOptions#friendly()}. */
        public Builder friendly(boolean on) {
            this.friendly = on;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        public Builder port(int port) {
            this.port = check(port, 0, 65535, "port");
            return this;
        }

        /** Adds static peers, {@code host:port/nodeID} each. */
        public Builder urls(List<String> urls) {
            this.urls.addAll(urls);
            return this;
        }

        public Builder urlsFile(Path file) {
            this.urlsFile = Objects.requireNonNull(file);
            return this;
        }

        public Builder udpDiscovery(boolean on) {
            this.udpDiscovery = on;
            return this;
        }

        public Builder udpPort(int port) {
            this.udpPort = check(port, 1, 65535, "udpPort");
            return this;
        }

        public Builder udpBindAddress(String address) {
            this.udpBindAddress = Objects.requireNonNull(address);
            return this;
        }

        public Builder udpPeriod(Duration period) {
            this.udpPeriod = positive(period, "udpPeriod");
            return this;
        }

        /** The multicast group, or empty to turn multicast off. */
        public Builder udpMulticast(Optional<String> group) {
            this.udpMulticast = group.orElse(null);
            return this;
        }

        public Builder udpMulticastTtl(int ttl) {
            this.udpMulticastTtl = check(ttl, 0, 255, "udpMulticastTtl");
            return this;
        }

        public Builder udpBroadcast(boolean on) {
            this.udpBroadcast = on;
            return this;
        }

        public Builder udpBroadcastAddresses(List<String> addresses) {
            this.udpBroadcastAddresses = new ArrayList<>(addresses);
            return this;
        }

        public Builder udpReuseAddr(boolean on) {
            this.udpReuseAddr = on;
            return this;
        }

        public Builder udpMaxDiscovery(int count) {
            this.udpMaxDiscovery = check(count, 0, Integer.MAX_VALUE, "udpMaxDiscovery");
            return this;
        }

        public Builder useHostname(boolean on) {
            this.useHostname = on;
            return this;
        }

        public Builder gossipPeriod(Duration period) {
            this.gossipPeriod = positive(period, "gossipPeriod");
            return this;
        }

        public Builder maxConnections(int max) {
            this.maxConnections = check(max, 1, Integer.MAX_VALUE, "maxConnections");
            return this;
        }

        /** Outgoing connections to each peer, 1 to 16; see {@link TcpTransporterOptions#connectionsPerPeer()}. */
        public Builder connectionsPerPeer(int count) {
            this.connectionsPerPeer = check(count, 1, 16, "connectionsPerPeer");
            return this;
        }

        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = check(bytes, Frame.HEADER_SIZE + 1, Integer.MAX_VALUE, "maxPacketSize");
            return this;
        }

        public Builder nodeTimeout(Duration timeout) {
            this.nodeTimeout = positive(timeout, "nodeTimeout");
            return this;
        }

        public Builder offlineTimeout(Duration timeout) {
            this.offlineTimeout = positive(timeout, "offlineTimeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder maxPendingBytes(int bytes) {
            this.maxPendingBytes = check(bytes, 1, Integer.MAX_VALUE, "maxPendingBytes");
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = check(threads, 1, 256, "ioThreads");
            return this;
        }

        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /** Adds a pre-shared key; several ids may be held at once, so keys can be rotated. */
        public Builder key(String id, String secret) {
            if (id.isEmpty() || id.contains(",") || id.contains(":") || secret.isEmpty()) {
                throw new IllegalArgumentException("a key needs a non-empty id without ',' or ':' and a secret");
            }
            keys.put(id, secret);
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * With mutual TLS, binds each connection to the node id its certificate names (subject CN); see
         * {@link TcpTransporterOptions#certificateNodeIds()}.
         */
        public Builder certificateNodeIds(boolean on) {
            this.certificateNodeIds = on;
            return this;
        }

        /** @throws IllegalArgumentException when {@code certificateNodeIds} is on without mutual TLS */
        public Builder maxInboundConnections(int max) {
            this.maxInboundConnections = check(max, 1, Integer.MAX_VALUE, "maxInboundConnections");
            return this;
        }

        public Builder maxInboundConnectionsPerAddress(int max) {
            this.maxInboundConnectionsPerAddress = check(max, 1, Integer.MAX_VALUE, "maxInboundConnectionsPerAddress");
            return this;
        }

        public Builder maxBufferedFrameBytes(int bytes) {
            this.maxBufferedFrameBytes = check(bytes, 1, Integer.MAX_VALUE, "maxBufferedFrameBytes");
            return this;
        }

        public Builder frameIdleTimeout(Duration timeout) {
            this.frameIdleTimeout = positive(timeout, "frameIdleTimeout");
            return this;
        }

        public Builder frameTimeout(Duration timeout) {
            this.frameTimeout = positive(timeout, "frameTimeout");
            return this;
        }

        public Builder maxUnconfirmedPeers(int max) {
            this.maxUnconfirmedPeers = check(max, 1, Integer.MAX_VALUE, "maxUnconfirmedPeers");
            return this;
        }

        /** See {@link TcpTransporterOptions#silenceTimeout()}; zero turns it off. */
        public Builder silenceTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("silenceTimeout must not be negative, got " + timeout);
            }
            this.silenceTimeout = timeout;
            return this;
        }

        public TcpTransporterOptions build() {
            if (!listen && (port != 0 || host != null)) {
                throw new IllegalArgumentException(
                        "listen=false (a dial-only node) takes no listen address: drop host/port " + host + ":" + port);
            }
            if (certificateNodeIds && (tls == null || !tls.mutual())) {
                throw new IllegalArgumentException("certificateNodeIds needs mutual TLS");
            }
            return new TcpTransporterOptions(this);
        }

        private static int check(int value, int min, int max, String name) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
            }
            return value;
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
