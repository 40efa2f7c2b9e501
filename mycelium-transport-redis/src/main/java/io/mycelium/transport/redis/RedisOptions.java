package io.mycelium.transport.redis;

import io.lettuce.core.RedisURI;
import io.mycelium.spi.UrlOptions;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the Redis transporter (and discoverer) connect: server, credentials, TLS and the reconnect policy.
 * Immutable and thread-safe; made with {@link #builder()} or from a URL with {@link #fromUrl(URI)}.
 *
 * <p>URL form: {@code redis://[[user]:password@]host[:port][/database][?option=value&...]}, or
 * {@code rediss://} for TLS. Query options: {@code user}, {@code password}, {@code verifyPeer}
 * ({@code false} to accept any certificate), {@code maxReconnectAttempts} (-1 = forever),
 * {@code reconnectDelay} and {@code maxReconnectDelay} (back-off bounds such as {@code 200ms} or
 * {@code 5s}), {@code connectTimeout}, {@code maxPayload} (bytes; default 1 MiB), {@code probeInterval}
 * (how often the transporter checks that known nodes are still subscribed, default {@code 1s}, {@code 0} =
 * never) and {@code circuitThreshold} (calls to one node timing out in a row before it gets no new calls
 * until it answers a ping, default 3, {@code 0} = never). The discoverer also
 * reads {@code heartbeatInterval}, {@code heartbeatTimeout} and {@code serializer}.
 */
public final class RedisOptions {

    private final String host;
    private final int port;
    private final int database;
    private final Optional<String> user;
    private final Optional<String> password;
    private final boolean tls;
    private final boolean verifyPeer;
    private final int maxReconnectAttempts;
    private final Duration reconnectDelay;
    private final Duration maxReconnectDelay;
    private final Duration connectTimeout;
    private final int maxPayload;
    private final Duration probeInterval;
    private final int circuitThreshold;
    private final Map<String, String> extra;

    private RedisOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = Optional.ofNullable(b.user);
        this.password = Optional.ofNullable(b.password);
        this.tls = b.tls;
        this.verifyPeer = b.verifyPeer;
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.reconnectDelay = b.reconnectDelay;
        this.maxReconnectDelay =
                b.maxReconnectDelay.compareTo(b.reconnectDelay) < 0 ? b.reconnectDelay : b.maxReconnectDelay;
        this.connectTimeout = b.connectTimeout;
        this.maxPayload = b.maxPayload;
        this.probeInterval = b.probeInterval;
        this.circuitThreshold = b.circuitThreshold;
        this.extra = Map.copyOf(b.extra);
    }

    /** A builder with the defaults: {@code 127.0.0.1:6379}, reconnect forever from 1 s to 10 s. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options read from a {@code redis://} or {@code rediss://} URL.
     *
     * @throws IllegalArgumentException when the scheme is neither, or an option is unknown or malformed
     */
    public static RedisOptions fromUrl(URI url) {
        return fromUrl(url, Map.of());
    }

    /** As {@link #fromUrl(URI)}, keeping the listed extra options (for the discoverer) in {@link #extra()}. */
    private static final Set<String> KNOWN = Set.of(
            "user",
            "password",
            "verifyPeer",
            "maxReconnectAttempts",
            "reconnectDelay",
            "maxReconnectDelay",
            "connectTimeout",
            "maxPayload",
            "probeInterval",
            "circuitThreshold");

    /** The spellings of the AMQP and MQTT transporters, accepted for the same meaning. */
    private static final Map<String, String> ALIASES =
            Map.of("reconnectAttempts", "maxReconnectAttempts", "reconnectMaxDelay", "maxReconnectDelay");

    static RedisOptions fromUrl(URI url, Map<String, String> allowedExtra) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URL: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("Redis URL without a host: " + url);
        }
        Builder b = builder()
                .host(url.getHost())
                .port(url.getPort() < 0 ? 6379 : url.getPort())
                .tls(scheme.equals("rediss"));
        String path = url.getPath();
        if (path != null && path.length() > 1) {
            b.database(UrlQuery.integer("database", path.substring(1)));
        }
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                b.password(UrlQuery.decode(userInfo));
            } else {
                String u = UrlQuery.decode(userInfo.substring(0, colon));
                b.password(UrlQuery.decode(userInfo.substring(colon + 1)));
                if (!u.isEmpty()) {
                    b.user(u);
                }
            }
        }
        Set<String> known = new HashSet<>(KNOWN);
        known.addAll(allowedExtra.keySet());
        UrlOptions o = UrlOptions.parse(url, known, ALIASES);
        o.text("user").ifPresent(b::user);
        o.text("password").ifPresent(b::password);
        o.bool("verifyPeer").ifPresent(b::verifyPeer);
        o.integer("maxReconnectAttempts", -1, Integer.MAX_VALUE).ifPresent(v -> b.maxReconnectAttempts(v.intValue()));
        o.duration("reconnectDelay").ifPresent(b::reconnectDelay);
        o.duration("maxReconnectDelay").ifPresent(b::maxReconnectDelay);
        o.duration("connectTimeout").ifPresent(b::connectTimeout);
        o.size("maxPayload", 1, Integer.MAX_VALUE).ifPresent(v -> b.maxPayload(v.intValue()));
        o.duration("probeInterval").ifPresent(b::probeInterval);
        o.integer("circuitThreshold", 0, Integer.MAX_VALUE).ifPresent(v -> b.circuitThreshold(v.intValue()));
        for (String extra : allowedExtra.keySet()) {
            o.text(extra).ifPresent(v -> b.extra.put(extra, v));
        }
        return b.build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    /** The ACL user, if any (Redis 6+). */
    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    public boolean tls() {
        return tls;
    }

    /** Whether TLS checks the server's certificate (default true). */
    public boolean verifyPeer() {
        return verifyPeer;
    }

    /** Reconnect attempts after a lost connection (and connect attempts at start); -1 means forever. */
    public int maxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    /** The first back-off delay; each further attempt doubles it up to {@link #maxReconnectDelay()}. */
    public Duration reconnectDelay() {
        return reconnectDelay;
    }

    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The largest packet the transporter publishes, in bytes. */
    /**
     * How often the transporter asks Redis how many clients subscribe each known node's
     * {@code REQ.<nodeID>} channel (one {@code PUBSUB NUMSUB} for all): a node with none has died, and is
     * dropped within about one interval instead of the heartbeat timeout. Zero turns it off.
     */
    public Duration probeInterval() {
        return probeInterval;
    }

    /** Calls to one node that may time out in a row before its circuit opens; 0 = never. */
    public int circuitThreshold() {
        return circuitThreshold;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** Options of the URL meant for the discoverer. */
    Map<String, String> extra() {
        return extra;
    }

    RedisURI toRedisUri() {
        RedisURI.Builder b = RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withDatabase(database)
                .withSsl(tls)
                .withVerifyPeer(verifyPeer)
                .withTimeout(connectTimeout);
        if (password.isPresent()) {
            if (user.isPresent()) {
                b.withAuthentication(user.get(), password.get());
            } else {
                b.withPassword(password.get().toCharArray());
            }
        }
        return b.build();
    }

    /** Builds {@link RedisOptions}; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6379;
        private int database;
        private @Nullable String user;
        private @Nullable String password;
        private boolean tls;
        private boolean verifyPeer = true;
        private int maxReconnectAttempts = -1;
        private Duration reconnectDelay = Duration.ofSeconds(1);
        private Duration maxReconnectDelay = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int maxPayload = 1 << 20;
        private Duration probeInterval = Duration.ofSeconds(1);
        private int circuitThreshold = 3;
        private final Map<String, String> extra = new java.util.HashMap<>();

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder database(int database) {
            this.database = database;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder verifyPeer(boolean verify) {
            this.verifyPeer = verify;
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

        public Builder maxPayload(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxPayload must be positive: " + bytes);
            }
            this.maxPayload = bytes;
            return this;
        }

        /** How often known nodes are checked for subscribers; zero turns it off. Default 1 s. */
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

        public RedisOptions build() {
            return new RedisOptions(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
