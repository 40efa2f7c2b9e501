package io.mycelium.transport.nats;

import io.mycelium.spi.UrlOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * How the NATS transporter connects: servers, credentials, TLS and the reconnect policy. Immutable and
 * thread-safe; made with {@link #builder()} or from a URL with {@link #fromUrl(URI)}.
 *
 * <p>URL form: {@code nats://[user:password@ | token@]host[:port][?option=value&...]}. Query options:
 * {@code servers} (more comma-separated server URLs), {@code token}, {@code user}, {@code password},
 * {@code creds} (a {@code .creds} file), {@code nkey} (a file holding an nkey seed), {@code tls}
 * ({@code true} to use the JVM's default trust store), {@code maxReconnectAttempts} (-1 = forever),
 * {@code reconnectDelay} and {@code maxReconnectDelay} (back-off bounds, e.g. {@code 500ms}, {@code 2s}),
 * {@code connectTimeout}, {@code sendQueue} (was {@code maxOutgoingMessages}, still accepted) and {@code balancedQueues} ({@code false} to not
 * subscribe the broker-balanced queues of local actions and events), {@code probeInterval} (how often
 * known nodes are probed for liveness, default {@code 1s}, {@code 0} = never) and {@code circuitThreshold}
 * (calls to one node timing out in a row before it gets no new calls until it answers a ping, default 3,
 * {@code 0} = never). Values follow the grammar of {@link UrlOptions}; an unknown option is refused.
 */
public final class NatsOptions {

    private final List<String> servers;
    private final Optional<String> token;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Optional<Path> credsFile;
    private final Optional<Path> nkeyFile;
    private final boolean tls;
    private final Optional<SSLContext> sslContext;
    private final int maxReconnectAttempts;
    private final Duration reconnectDelay;
    private final Duration maxReconnectDelay;
    private final Duration connectTimeout;
    private final int maxOutgoingMessages;
    private final boolean balancedQueues;
    private final Duration probeInterval;
    private final int circuitThreshold;
    private final boolean serviceDiscovery;

    private NatsOptions(Builder b) {
        this.servers = List.copyOf(b.servers.isEmpty() ? List.of("nats://127.0.0.1:4222") : b.servers);
        this.token = Optional.ofNullable(b.token);
        this.user = Optional.ofNullable(b.user);
        this.password = Optional.ofNullable(b.password);
        this.credsFile = Optional.ofNullable(b.credsFile);
        this.nkeyFile = Optional.ofNullable(b.nkeyFile);
        this.tls = b.tls || b.sslContext != null;
        this.sslContext = Optional.ofNullable(b.sslContext);
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.reconnectDelay = b.reconnectDelay;
        this.maxReconnectDelay =
                b.maxReconnectDelay.compareTo(b.reconnectDelay) < 0 ? b.reconnectDelay : b.maxReconnectDelay;
        this.connectTimeout = b.connectTimeout;
        this.maxOutgoingMessages = b.maxOutgoingMessages;
        this.balancedQueues = b.balancedQueues;
        this.probeInterval = b.probeInterval;
        this.circuitThreshold = b.circuitThreshold;
        this.serviceDiscovery = b.serviceDiscovery;
    }

    private static final Set<String> KNOWN = Set.of(
            "servers",
            "token",
            "user",
            "password",
            "creds",
            "nkey",
            "tls",
            "maxReconnectAttempts",
            "reconnectDelay",
            "maxReconnectDelay",
            "connectTimeout",
            "sendQueue",
            "balancedQueues",
            "probeInterval",
            "circuitThreshold",
            "serviceDiscovery");

    /** Old and other transporters' spellings, accepted for the same meaning. */
    private static final Map<String, String> ALIASES = Map.of(
            "pass", "password",
            "maxOutgoingMessages", "sendQueue",
            "reconnectAttempts", "maxReconnectAttempts",
            "reconnectMaxDelay", "maxReconnectDelay");

    /** A builder with the defaults: {@code nats://127.0.0.1:4222}, reconnect forever from 1 s to 10 s. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options read from a {@code nats://} URL.
     *
     * @throws IllegalArgumentException when the URL's scheme is not {@code nats} or an option is malformed
     */
    public static NatsOptions fromUrl(URI url) {
        if (!"nats".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("not a nats:// URL: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("nats:// URL without a host: " + url);
        }
        Builder b = builder();
        int port = url.getPort() < 0 ? 4222 : url.getPort();
        b.server("nats://" + url.getHost() + ":" + port);
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                b.token(decode(userInfo));
            } else {
                b.userInfo(decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)));
            }
        }
        UrlOptions o = UrlOptions.parse(url, KNOWN, ALIASES);
        o.list("servers").ifPresent(list -> list.forEach(b::server));
        o.text("token").ifPresent(b::token);
        o.text("user").ifPresent(v -> b.user = v);
        o.text("password").ifPresent(v -> b.password = v);
        o.text("creds").ifPresent(v -> b.credsFile(Path.of(v)));
        o.text("nkey").ifPresent(v -> b.nkeyFile(Path.of(v)));
        o.bool("tls").ifPresent(b::tls);
        o.integer("maxReconnectAttempts", -1, Integer.MAX_VALUE).ifPresent(v -> b.maxReconnectAttempts(v.intValue()));
        o.duration("reconnectDelay").ifPresent(b::reconnectDelay);
        o.duration("maxReconnectDelay").ifPresent(b::maxReconnectDelay);
        o.duration("connectTimeout").ifPresent(b::connectTimeout);
        o.integer("sendQueue", 1, Integer.MAX_VALUE).ifPresent(v -> b.maxOutgoingMessages(v.intValue()));
        o.bool("balancedQueues").ifPresent(b::balancedQueues);
        o.duration("probeInterval").ifPresent(b::probeInterval);
        o.integer("circuitThreshold", 0, Integer.MAX_VALUE).ifPresent(v -> b.circuitThreshold(v.intValue()));
        o.bool("serviceDiscovery").ifPresent(b::serviceDiscovery);
        return b.build();
    }

    /** Server URLs, tried in order. */
    public List<String> servers() {
        return servers;
    }

    /** The authentication token, if any. */
    public Optional<String> token() {
        return token;
    }

    /** The user name, if any. */
    public Optional<String> user() {
        return user;
    }

    /** The password, if any. */
    public Optional<String> password() {
        return password;
    }

    /** A NATS {@code .creds} file (JWT and nkey seed), if any. */
    public Optional<Path> credsFile() {
        return credsFile;
    }

    /** A file holding an nkey seed, if any. */
    public Optional<Path> nkeyFile() {
        return nkeyFile;
    }

    /** Whether the connection uses TLS. */
    public boolean tls() {
        return tls;
    }

    /** The TLS context to use; empty means the JVM default when {@link #tls()} is set. */
    public Optional<SSLContext> sslContext() {
        return sslContext;
    }

    /** Reconnect attempts after a lost connection (and connect attempts at start); -1 means forever. */
    public int maxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    /** The first back-off delay; each further attempt doubles it up to {@link #maxReconnectDelay()}. */
    public Duration reconnectDelay() {
        return reconnectDelay;
    }

    /** The longest back-off delay. */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /** How long one connection attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The bound of the client's outgoing queue (a send waits when it is full). */
    public int maxOutgoingMessages() {
        return maxOutgoingMessages;
    }

    /** Whether local actions and event groups get broker-balanced queue subscriptions. */
    public boolean balancedQueues() {
        return balancedQueues;
    }

    /**
     * How often every known remote node is probed: a request carrying a PING to its {@code PING.<nodeID>}
     * subject, which NATS answers at once with "no responders" when the node's subscriptions are gone (the
     * node died); the node is then dropped within about one interval instead of the heartbeat timeout. A
     * live node just answers PONG. Zero turns probing off.
     */
    public Duration probeInterval() {
        return probeInterval;
    }

    /** Calls to one node that may time out in a row before its circuit opens; 0 = never. */
    public int circuitThreshold() {
        return circuitThreshold;
    }

    /**
     * Whether this node answers the NATS micro-service discovery protocol ({@code $SRV.PING}, {@code
     * $SRV.INFO}, {@code $SRV.STATS}) for its local services, so that {@code nats micro ls} and jnats'
     * {@code Discovery} list them with their request and error counts. On by default: it tells the NATS
     * account nothing that this node's INFO broadcasts do not already tell it, and costs six subscriptions
     * and nothing per call.
     */
    public boolean serviceDiscovery() {
        return serviceDiscovery;
    }

    /** Builds {@link NatsOptions}; not thread-safe. */
    public static final class Builder {
        private final List<String> servers = new ArrayList<>();
        private @Nullable String token;
        private @Nullable String user;
        private @Nullable String password;
        private @Nullable Path credsFile;
        private @Nullable Path nkeyFile;
        private boolean tls;
        private @Nullable SSLContext sslContext;
        private int maxReconnectAttempts = -1;
        private Duration reconnectDelay = Duration.ofSeconds(1);
        private Duration maxReconnectDelay = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int maxOutgoingMessages = 65_536;
        private boolean balancedQueues = true;
        private Duration probeInterval = Duration.ofSeconds(1);
        private int circuitThreshold = 3;
        private boolean serviceDiscovery = true;

        private Builder() {}

        /** Adds a server URL such as {@code nats://10.0.0.1:4222} (or {@code tls://…}). */
        public Builder server(String url) {
            servers.add(url);
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder userInfo(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public Builder credsFile(Path file) {
            this.credsFile = file;
            return this;
        }

        public Builder nkeyFile(Path file) {
            this.nkeyFile = file;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** Attempts after a lost connection, -1 for forever (the default). */
        public Builder maxReconnectAttempts(int attempts) {
            if (attempts < -1) {
                throw new IllegalArgumentException("maxReconnectAttempts must be -1 or more: " + attempts);
            }
            this.maxReconnectAttempts = attempts;
            return this;
        }

        public Builder reconnectDelay(Duration delay) {
            this.reconnectDelay = positive("reconnectDelay", delay);
            return this;
        }

        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = positive("maxReconnectDelay", delay);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        public Builder maxOutgoingMessages(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOutgoingMessages must be positive: " + max);
            }
            this.maxOutgoingMessages = max;
            return this;
        }

        public Builder balancedQueues(boolean subscribe) {
            this.balancedQueues = subscribe;
            return this;
        }

        /** How often known nodes are probed for liveness; zero turns it off. Default 1 s. */
        public Builder probeInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("probeInterval must not be negative: " + interval);
            }
            this.probeInterval = interval;
            return this;
        }

        /** Timeouts in a row that open a node's circuit; 0 = never. Default 3. */
        public Builder circuitThreshold(int timeouts) {
            if (timeouts < 0) {
                throw new IllegalArgumentException("circuitThreshold must not be negative: " + timeouts);
            }
            this.circuitThreshold = timeouts;
            return this;
        }

        /** Whether to answer NATS micro-service discovery ({@code $SRV.*}) for the local services. Default on. */
        public Builder serviceDiscovery(boolean answer) {
            this.serviceDiscovery = answer;
            return this;
        }

        public NatsOptions build() {
            return new NatsOptions(this);
        }
    }

    private static Duration positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
