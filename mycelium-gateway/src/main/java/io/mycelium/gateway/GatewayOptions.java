package io.mycelium.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a gateway listens and what it lets clients do. Immutable and thread-safe; made with
 * {@link #builder()}. Everything is denied by default: clients may call no action, subscribe to no event
 * and emit none until patterns (Moleculer wildcards) allow them.
 */
public final class GatewayOptions {
    private final String host;
    private final int port;
    private final List<String> allowedActions;
    private final List<String> allowedEvents;
    private final List<String> allowedEmits;
    private final @Nullable String token;
    private final Map<String, String> clientTokens;
    private final Credentials credentials;
    private final Set<String> allowedOrigins;
    private final int maxFramePayload;
    private final int maxConnections;
    private final int maxInFlight;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final Duration requestTimeout;
    private final int writeBufferLowWaterMark;
    private final int writeBufferHighWaterMark;
    private final Duration slowClientTimeout;
    private final boolean clientToClient;
    private final Map<String, String> aliases;
    private final List<String> corsOrigins;
    private final int rateLimit;
    private final int maxBodySize;
    private final boolean meshPage;

    private GatewayOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.allowedActions = List.copyOf(b.allowedActions);
        this.allowedEvents = List.copyOf(b.allowedEvents);
        this.allowedEmits = List.copyOf(b.allowedEmits);
        this.token = b.token;
        this.clientTokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.clientTokens));
        this.credentials = new Credentials(token, clientTokens);
        this.allowedOrigins = Set.copyOf(b.allowedOrigins);
        this.maxFramePayload = b.maxFramePayload;
        this.maxConnections = b.maxConnections;
        this.maxInFlight = b.maxInFlight;
        this.idleTimeout = b.idleTimeout;
        this.pingInterval = b.pingInterval;
        this.requestTimeout = b.requestTimeout;
        this.writeBufferLowWaterMark = b.writeBufferLowWaterMark;
        this.writeBufferHighWaterMark = b.writeBufferHighWaterMark;
        this.slowClientTimeout = b.slowClientTimeout;
        this.clientToClient = b.clientToClient;
        this.aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.aliases));
        this.corsOrigins = List.copyOf(b.corsOrigins);
        this.rateLimit = b.rateLimit;
        this.maxBodySize = b.maxBodySize;
        this.meshPage = b.meshPage;
    }

    /** A builder with the defaults: loopback, an ephemeral port, nothing allowed, no token. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address to bind; default {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** The port to bind; 0 (default) picks a free one, see {@link Gateway#port()}. */
    public int port() {
        return port;
    }

    /** Patterns of actions clients may call by name. */
    public List<String> allowedActions() {
        return allowedActions;
    }

    /** Patterns of events clients may subscribe to (and receive as {@code x-event}). */
    public List<String> allowedEvents() {
        return allowedEvents;
    }

    /** Patterns of events clients may emit into the mesh with {@code $gateway.emit}. */
    public List<String> allowedEmits() {
        return allowedEmits;
    }

    /** The bearer token clients must present before the upgrade, if any. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /**
     * Client IDs with a token of their own: such an ID is taken only with its token, never with the shared
     * {@link #token()}. When there are some and no shared token, only these IDs may connect.
     */
    public Map<String, String> clientTokens() {
        return clientTokens;
    }

    /** {@link #token()} and {@link #clientTokens()}, ready to check. */
    Credentials credentials() {
        return credentials;
    }

    /** Allowed {@code Origin} header values; empty allows any origin (and requests without one). */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The largest WebSocket message, in bytes (after reassembling fragments); larger closes with 1009. */
    public int maxFramePayload() {
        return maxFramePayload;
    }

    /** The most clients attached at once; more are refused with HTTP 503 before the upgrade. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The most requests one client may have in flight; more are answered with a protocol error. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** A client that sends nothing (not even a ping or pong) for this long is disconnected. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How often the gateway pings each client; a ping unanswered within the same time disconnects it. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** Deadline of a client's call into the mesh and of a request sent to a client. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Bytes queued for a client below which it is writable again. */
    public int writeBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    /** Bytes queued for a client above which it counts as not reading. */
    public int writeBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    /** How long a client may stay above the high water mark before it is disconnected. */
    public Duration slowClientTimeout() {
        return slowClientTimeout;
    }

    /** Whether clients may send requests to other clients ({@code $gateway.request}); default false. */
    public boolean clientToClient() {
        return clientToClient;
    }

    /**
     * HTTP aliases in moleculer-web's notation, relative to {@code /api}: {@code "GET /users/:id" -> "users.get"},
     * {@code "REST /users" -> "users"} (the six REST routes), {@code "/x"} or {@code "ALL /x"} for any method.
     * In the order added; the first match wins.
     */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Origins allowed to call the HTTP API from a browser (CORS); {@code *} allows any; empty sends no CORS headers. */
    public List<String> corsOrigins() {
        return corsOrigins;
    }

    /** HTTP API calls per second per client address; 0 (default) for no limit. */
    public int rateLimit() {
        return rateLimit;
    }

    /** The largest JSON or form request body, in bytes (default 1 MiB); larger gets HTTP 413. Byte streams have no size limit. */
    public int maxBodySize() {
        return maxBodySize;
    }

    /** Whether {@code /} serves the live mesh page (default true). */
    public boolean meshPage() {
        return meshPage;
    }

    /** Collects options; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final List<String> allowedActions = new ArrayList<>();
        private final List<String> allowedEvents = new ArrayList<>();
        private final List<String> allowedEmits = new ArrayList<>();
        private @Nullable String token;
        private final Map<String, String> clientTokens = new LinkedHashMap<>();
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private int maxFramePayload = 64 * 1024;
        private int maxConnections = 10_000;
        private int maxInFlight = 256;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration pingInterval = Duration.ofSeconds(15);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int writeBufferLowWaterMark = 32 * 1024;
        private int writeBufferHighWaterMark = 256 * 1024;
        private Duration slowClientTimeout = Duration.ofSeconds(5);
        private boolean clientToClient;
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final List<String> corsOrigins = new ArrayList<>();
        private int rateLimit;
        private int maxBodySize = 1024 * 1024;
        private boolean meshPage = true;

        private Builder() {}

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Allows clients to call actions matching these patterns. */
        public Builder allowActions(String... patterns) {
            allowedActions.addAll(List.of(patterns));
            return this;
        }

        /** Allows clients to subscribe to events matching these patterns. */
        public Builder allowEvents(String... patterns) {
            allowedEvents.addAll(List.of(patterns));
            return this;
        }

        /** Allows clients to emit events matching these patterns. */
        public Builder allowEmits(String... patterns) {
            allowedEmits.addAll(List.of(patterns));
            return this;
        }

        /** Requires this bearer token ({@code ?token=} or {@code Authorization: Bearer}). */
        public Builder token(String token) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("empty token");
            }
            this.token = token;
            return this;
        }

        /**
         * Binds client ID {@code clientId} to its own {@code token}: a connection under that ID must present
         * it ({@code ?token=} or {@code Authorization: Bearer}), and no other token admits it, so no other client
         * can take over its session. The token also admits its holder to the HTTP API and the mesh feed.
         */
        public Builder clientToken(String clientId, String token) {
            if (!HandshakeHandler.validId(clientId)) {
                throw new IllegalArgumentException("invalid client ID: '" + clientId + "'");
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("empty token for client '" + clientId + "'");
            }
            clientTokens.put(clientId, token);
            return this;
        }

        /** Accepts upgrades only from these {@code Origin} values. */
        public Builder allowOrigins(String... origins) {
            allowedOrigins.addAll(List.of(origins));
            return this;
        }

        public Builder maxFramePayload(int bytes) {
            this.maxFramePayload = positive(bytes, "maxFramePayload");
            return this;
        }

        public Builder maxConnections(int connections) {
            this.maxConnections = positive(connections, "maxConnections");
            return this;
        }

        public Builder maxInFlight(int requests) {
            this.maxInFlight = positive(requests, "maxInFlight");
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive(interval, "pingInterval");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Sets both water marks of each client's outbound buffer; {@code low <= high}. */
        public Builder writeBufferWaterMarks(int low, int high) {
            if (low <= 0 || low > high) {
                throw new IllegalArgumentException("need 0 < low <= high, got " + low + ", " + high);
            }
            this.writeBufferLowWaterMark = low;
            this.writeBufferHighWaterMark = high;
            return this;
        }

        public Builder slowClientTimeout(Duration timeout) {
            this.slowClientTimeout = positive(timeout, "slowClientTimeout");
            return this;
        }

        public Builder clientToClient(boolean allowed) {
            this.clientToClient = allowed;
            return this;
        }

        /** Adds an HTTP alias, e.g. {@code alias("GET /users/:id", "users.get")}; see {@link GatewayOptions#aliases()}. */
        public Builder alias(String route, String action) {
            Routes.parseRoute(route); // fails early on a malformed route
            aliases.put(route, Objects.requireNonNull(action));
            return this;
        }

        /** Adds HTTP aliases (as read by {@link Routes#load(java.nio.file.Path)}). */
        public Builder aliases(Map<String, String> routes) {
            routes.forEach(this::alias);
            return this;
        }

        /** Allows browsers on these origins to call the HTTP API ({@code *} for any). */
        public Builder cors(String... origins) {
            corsOrigins.addAll(List.of(origins));
            return this;
        }

        /** At most this many HTTP API calls per second per client address (429 beyond); 0 for none. */
        public Builder rateLimit(int callsPerSecond) {
            if (callsPerSecond < 0) {
                throw new IllegalArgumentException("rateLimit must not be negative: " + callsPerSecond);
            }
            this.rateLimit = callsPerSecond;
            return this;
        }

        public Builder maxBodySize(int bytes) {
            this.maxBodySize = positive(bytes, "maxBodySize");
            return this;
        }

        public Builder meshPage(boolean served) {
            this.meshPage = served;
            return this;
        }

        public GatewayOptions build() {
            return new GatewayOptions(this);
        }

        private static int positive(int v, String what) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + v);
            }
            return v;
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
