package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.spi.BrokerFactory;
import io.mycelium.spi.Discoverer;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.Serializer;
import io.mycelium.spi.Strategy;
import io.mycelium.spi.Transporter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * A node of the mesh: it hosts services, calls actions wherever they run, emits and receives events.
 * Made with {@link #builder()}; {@link #start()} joins the mesh, {@link #stop()} leaves it gracefully.
 *
 * <p>All methods are <b>thread-safe</b>. {@code call}, {@code emit}, {@code broadcast} and {@code ping}
 * never block: they return futures completed on broker threads (do not block inside their callbacks;
 * use the {@code *Async} methods of {@link CompletableFuture} to hop elsewhere). Every call future ends
 * exactly once: with the result, a typed {@link MyceliumException} sent by the remote handler,
 * {@link RequestTimeoutException}, {@link ServiceNotFoundException}, {@link ServiceNotAvailableException}
 * (the serving node left) or {@link BrokerDisconnectedException}.
 *
 * <p><b>Byte streams.</b> A call sends a stream with {@link CallOptions.Builder#stream(java.io.InputStream)}
 * (the handler reads {@link Context#stream()}); a handler that returns an {@link java.io.InputStream} or a
 * {@code Flow.Publisher<ByteBuffer>} streams its reply, which the caller gets by asking for
 * {@code InputStream.class}. The call's timeout then covers the start of the response, not the whole
 * transfer; stalls are bounded by {@link StreamSettings#idleTimeout()}, memory by
 * {@link StreamSettings#bufferSize()}, and a stream fails with a typed {@link StreamException} (or the
 * sender's own error) when it cannot complete. See {@link Builder#streams(StreamSettings)}.
 */
public interface ServiceBroker extends AutoCloseable {

    /** A builder with the defaults described on each of its methods. */
    static Builder builder() {
        return new Builder();
    }

    /** This node's id. */
    String nodeId();

    /** The namespace, empty for none. */
    String namespace();

    /** The settings this broker was built with. */
    BrokerOptions options();

    /** True between a successful {@link #start()} and {@link #stop()}. */
    boolean running();

    /**
     * A snapshot of this node's request, event and packet statistics: exact counters since the broker was
     * built, latency percentiles of the last 30 to 60 seconds. Cheap enough to poll every second; any
     * thread. Those of another node: call its {@code $node.metrics} action (Moleculer's shape).
     */
    io.mycelium.stats.BrokerStatistics statistics();

    /**
     * Whether this node is alive and ready for work, with the reasons when it is not; what a {@code
     * /health} endpoint answers. Any thread; never blocks.
     */
    BrokerHealth health();

    /**
     * Connects, checks that no other live instance uses this node id (waiting at most
     * {@link Builder#duplicateIdCheck}), starts the registered services and announces them to the mesh.
     * Blocks until done; calling it again does nothing. A broker whose start failed is stopped.
     *
     * @throws DuplicateNodeIdException when another live instance in the namespace has this node id
     * @throws MyceliumException when the transporter cannot connect or a service's started hook fails
     */
    void start();

    /**
     * Leaves gracefully: announces an empty service list, stops taking calls, waits (at most
     * {@code gracefulStopTimeout}) for handlers in flight, stops services, says DISCONNECT and
     * disconnects. Blocks until done; calling it again does nothing.
     */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }

    /** Registers a service; when the broker runs, it starts and is announced at once. */
    void register(Service service);

    /** Registers a service from its builder. */
    default void register(Service.Builder service) {
        register(service.build());
    }

    /**
     * Registers a plain object whose class is annotated with {@link ServiceName}; its {@link Action},
     * {@link Event}, {@link Started} and {@link Stopped} methods are bound once, here.
     *
     * @throws IllegalArgumentException when the class is not a valid annotated service
     */
    void register(Object annotatedService);

    /** Stops and removes a local service by full name (e.g. {@code v2.math}); returns false if unknown. */
    boolean unregister(String serviceFullName);

    /** Calls an action with the broker's defaults, converting the result into {@code type}. */
    <T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> type);

    /** Calls an action with options, converting the result into {@code type}. */
    <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Class<T> type);

    /** Calls an action, returning the result as a JSON tree (for tools that do not know the types). */
    CompletableFuture<JsonNode> call(String action, @Nullable Object params);

    /** Calls an action with options, returning the result as a JSON tree. */
    CompletableFuture<JsonNode> call(String action, @Nullable Object params, CallOptions options);

    /**
     * Sends a one-way message: one instance of the action (picked as for a call) runs it, and no reply is
     * awaited; a failing handler is logged on the node that ran it. The future completes once the message
     * is handed to the transporter (or a local handler started) and fails only when it cannot be sent
     * ({@link ServiceNotFoundException} when nobody serves the action). On the wire it is a plain REQUEST
     * marked with the header {@code $oneWay}, so Moleculer nodes serve it too.
     */
    CompletableFuture<Void> send(String action, @Nullable Object params);

    /** Sends a one-way message with options (target node, meta, headers; a timeout bounds the handler's start). */
    CompletableFuture<Void> send(String action, @Nullable Object params, CallOptions options);

    /**
     * Asks every node serving the action at once (one instance per node) and collects, within the
     * deadline, each node's answer, error or timeout. Never fails because of one node: partial results
     * are results. Fails only with {@link ServiceNotFoundException} when no node serves the action.
     */
    CompletableFuture<SurveyResult> survey(String action, @Nullable Object params, SurveyOptions options);

    /** A survey with only a deadline. */
    default CompletableFuture<SurveyResult> survey(String action, @Nullable Object params, Duration deadline) {
        return survey(action, params, SurveyOptions.within(deadline));
    }

    /**
     * Takes a local service out of the mesh without stopping it: this node stops routing to it and announces
     * a new INFO (gossip over TCP) so peers stop at once; calls in flight complete. A call that reaches it
     * anyway (a peer had not heard yet) fails with the retryable {@link ServiceNotAvailableException}, so a
     * retry policy sends it elsewhere. Returns false when no local service has this full name.
     */
    boolean disableService(String serviceFullName);

    /** Puts a disabled local service back into the mesh (a new INFO); false when no local service has the name. */
    boolean enableService(String serviceFullName);

    /** True when a local service of this full name is registered and not disabled. */
    boolean serviceEnabled(String serviceFullName);

    /**
     * Adds one action to a local service while it runs (atom.js's {@code handle}), announced to the mesh at
     * once as {@link #disableService} is (a new INFO, gossip over TCP): this node routes to it from now on,
     * and peers, Moleculer nodes included, as soon as they read the INFO. The action is wrapped by the
     * service's hooks and the broker's middlewares as at registration. Before {@link #start()} it joins the
     * service's definition.
     *
     * @throws IllegalArgumentException when no local service has this full name or it already has an action
     *     of that name
     */
    void addAction(String serviceFullName, ActionDefinition action);

    /**
     * Removes one action from a local service while it runs (atom.js's {@code unhandle}), announced at once.
     * Calls already handed to the action finish; a call that arrives afterwards (or from a peer that had not
     * read the new INFO yet) fails with the retryable {@link ServiceNotFoundException}. False when the
     * service or the action (short name, e.g. {@code add}) is not here.
     */
    boolean removeAction(String serviceFullName, String actionName);

    /**
     * Subscribes a local service to one more event while it runs, announced at once as
     * {@link #addAction} is.
     *
     * @throws IllegalArgumentException when no local service has this full name
     */
    void addEvent(String serviceFullName, EventDefinition event);

    /**
     * Removes a local service's subscriptions to the event (or pattern) {@code eventName}, in every group,
     * announced at once; handlers already running finish. False when there was none.
     */
    boolean removeEvent(String serviceFullName, String eventName);

    /**
     * Emits a balanced event: one handler per subscribed group, across the mesh. The future completes once
     * the event is handed to the transporter (or to local handlers); it does not wait for handlers.
     */
    CompletableFuture<Void> emit(String event, @Nullable Object data);

    /** Emits a balanced event with options (for example restricted to some groups). */
    CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options);

    /** Sends an event to every handler of every node. */
    CompletableFuture<Void> broadcast(String event, @Nullable Object data);

    /** Sends an event to every handler of every node, with options. */
    CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options);

    /** Sends an event to every handler of this node only. */
    CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data);

    /** Pings one node; fails with {@link RequestTimeoutException} when no PONG comes in time. */
    CompletableFuture<PingResult> ping(String nodeId, Duration timeout);

    /** Pings every available remote node; nodes that do not answer in time are left out. */
    CompletableFuture<Map<String, PingResult>> pingAll(Duration timeout);

    /**
     * Completes when every named service (full names, e.g. {@code v2.math}) is available somewhere in the
     * mesh; fails with {@link MyceliumException} (type {@code WAIT_FOR_SERVICES}) after {@code timeout}.
     */
    CompletableFuture<Void> waitForServices(Duration timeout, String... serviceNames);

    /**
     * Builds a {@link ServiceBroker}; not thread-safe. Defaults: node id {@code <hostname>-<pid>}, no
     * namespace, the {@code tcp://} transporter (or {@code memory://} when no TCP provider is on the
     * class path), the {@code json} serializer, a 10 s request timeout (Moleculer's is none; a finite
     * default keeps every call bounded), no retries, heartbeat every 10 s, a node silent for 30 s
     * unavailable and forgotten 10 min later, local endpoints preferred, round-robin, no call-level
     * limit, a 10 s graceful stop, handlers on virtual threads.
     */
    final class Builder {
        private @Nullable String nodeId;
        private String namespace = "";
        private @Nullable String transporterUrl;
        private @Nullable Transporter transporter;
        private @Nullable String serializerName;
        private @Nullable Serializer serializer;
        private @Nullable String discovererUrl;
        private @Nullable Discoverer discoverer;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private final List<Middleware> middlewares = new ArrayList<>();
        private boolean loadMiddlewares;
        private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.disabled();
        private BulkheadPolicy bulkhead = BulkheadPolicy.disabled();
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration heartbeatTimeout = Duration.ofSeconds(30);
        private Duration offlineNodeTimeout = Duration.ofMinutes(10);
        private boolean preferLocal = true;
        private @Nullable Strategy strategy;
        private int maxCallLevel;
        private boolean disableBalancer;
        private Duration gracefulStopTimeout = Duration.ofSeconds(10);
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private @Nullable ExecutorService handlerExecutor;
        private StreamSettings streams = StreamSettings.defaults();
        private Duration duplicateIdCheck = Duration.ofSeconds(1);
        private boolean statistics = true;

        Builder() {}

        /** This node's id; default {@code <hostname>-<pid>}. */
        public Builder nodeId(String nodeId) {
            if (nodeId.isBlank()) {
                throw new IllegalArgumentException("nodeId must not be blank");
            }
            this.nodeId = nodeId;
            return this;
        }

        /** The namespace; nodes of different namespaces never see each other. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The transporter by URL, e.g. {@code tcp://}, {@code memory://}, {@code nats://127.0.0.1:4222}. */
        public Builder transporter(String url) {
            this.transporterUrl = url;
            this.transporter = null;
            return this;
        }

        /** The transporter instance (owned by the broker afterwards). */
        public Builder transporter(Transporter transporter) {
            this.transporter = transporter;
            this.transporterUrl = null;
            return this;
        }

        /** The serializer by name: {@code json} (default), {@code msgpack}, {@code cbor}. */
        public Builder serializer(String name) {
            this.serializerName = name;
            this.serializer = null;
            return this;
        }

        /** The serializer instance. */
        public Builder serializer(Serializer serializer) {
            this.serializer = serializer;
            this.serializerName = null;
            return this;
        }

        /** The default call timeout; {@link Duration#ZERO} means none. Default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = nonNegative(timeout, "requestTimeout");
            return this;
        }

        /** The default retry policy; default none. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        /**
         * Adds middlewares, outermost first, after those added before (see {@link Middleware}).
         */
        public Builder middleware(Middleware... middlewares) {
            this.middlewares.addAll(List.of(middlewares));
            return this;
        }

        /**
         * Also uses every {@link Middleware} found through {@link java.util.ServiceLoader} on the class path
         * (after the ones added with {@link #middleware}); default false, so that a jar on the class path
         * never changes a broker's behaviour unasked.
         */
        public Builder loadMiddlewares(boolean load) {
            this.loadMiddlewares = load;
            return this;
        }

        /** The circuit breaker of every endpoint this node calls; default {@link CircuitBreakerPolicy#disabled()}. */
        public Builder circuitBreaker(CircuitBreakerPolicy policy) {
            this.circuitBreaker = policy;
            return this;
        }

        /** The bulkhead of every local action that has none of its own; default {@link BulkheadPolicy#disabled()}. */
        public Builder bulkhead(BulkheadPolicy policy) {
            this.bulkhead = policy;
            return this;
        }

        /** How often HEARTBEAT is sent; default 10 s. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        /** How long a silent node stays available; default 30 s. */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = positive(timeout, "heartbeatTimeout");
            return this;
        }

        /** How long an unavailable node is remembered before it is forgotten; default 10 min. */
        public Builder offlineNodeTimeout(Duration timeout) {
            this.offlineNodeTimeout = positive(timeout, "offlineNodeTimeout");
            return this;
        }

        /** Whether local endpoints are preferred over remote ones; default true. */
        public Builder preferLocal(boolean preferLocal) {
            this.preferLocal = preferLocal;
            return this;
        }

        /** The balancing strategy; default {@link Strategies#roundRobin()}. */
        public Builder strategy(Strategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /** The deepest call chain accepted; 0 (default) means no limit. */
        public Builder maxCallLevel(int maxCallLevel) {
            if (maxCallLevel < 0) {
                throw new IllegalArgumentException("maxCallLevel must not be negative");
            }
            this.maxCallLevel = maxCallLevel;
            return this;
        }

        /** Lets the message broker balance calls and events when the transporter can; default false. */
        public Builder disableBalancer(boolean disableBalancer) {
            this.disableBalancer = disableBalancer;
            return this;
        }

        /** How long {@link ServiceBroker#stop()} waits for handlers in flight; default 10 s. */
        public Builder gracefulStopTimeout(Duration timeout) {
            this.gracefulStopTimeout = nonNegative(timeout, "gracefulStopTimeout");
            return this;
        }

        /** Node metadata announced in INFO. */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata.putAll(metadata);
            return this;
        }

        /** Runs handlers on this executor instead of a virtual thread each (the broker does not shut it down). */
        public Builder handlerExecutor(ExecutorService executor) {
            this.handlerExecutor = executor;
            return this;
        }

        /** How byte streams are chunked, buffered and timed out; default {@link StreamSettings#defaults()}. */
        public Builder streams(StreamSettings streams) {
            this.streams = streams;
            return this;
        }

        /**
         * How long {@link ServiceBroker#start()} waits, at most, for another live instance with this node
         * id to show itself; default 1 s. The wait ends sooner once the mesh has answered (this node's own
         * DISCOVER or UDP beacon came back, or a peer answered its gossip): three times that round trip, at
         * least 250 ms. {@link Duration#ZERO} skips the check (the node then joins even
         * when its id is taken). Transporters that see every member ({@code memory://}) check at connect.
         */
        public Builder duplicateIdCheck(Duration window) {
            this.duplicateIdCheck = nonNegative(window, "duplicateIdCheck");
            return this;
        }

        /**
         * Discovery through a registry store instead of the transporter (Moleculer's
         * {@code registry.discoverer}), by URL:
         * {@code redis://host:port[?heartbeatInterval=10s&heartbeatTimeout=30s&serializer=json]} uses
         * Moleculer's Redis discoverer key layout, so Mycelium and Moleculer nodes configured with it see
         * each other; the heartbeat settings default to this broker's. The node then sends no DISCOVER, INFO or HEARTBEAT over the transporter. Needs
         * the module serving the scheme ({@code mycelium-transport-redis}) on the class path; not for a
         * transporter that discovers peers itself ({@code tcp://}). Default: none.
         */
        public Builder discoverer(String url) {
            this.discovererUrl = url;
            this.discoverer = null;
            return this;
        }

        /** The discoverer instance (owned by the broker afterwards); see {@link #discoverer(String)}. */
        public Builder discoverer(Discoverer discoverer) {
            this.discoverer = discoverer;
            this.discovererUrl = null;
            return this;
        }

        /**
         * Whether calls and events are counted and timed ({@link ServiceBroker#statistics()}, {@code
         * $node.metrics}); default on. Off, only the packet counters of the transport count.
         */
        public Builder statistics(boolean enabled) {
            this.statistics = enabled;
            return this;
        }

        /** The settings as they stand. */
        public BrokerOptions options() {
            return new BrokerOptions(
                    nodeId != null ? nodeId : defaultNodeId(),
                    namespace,
                    Optional.ofNullable(transporterUrl),
                    Optional.ofNullable(transporter),
                    Optional.ofNullable(serializerName),
                    Optional.ofNullable(serializer),
                    requestTimeout,
                    retryPolicy,
                    heartbeatInterval,
                    heartbeatTimeout,
                    offlineNodeTimeout,
                    preferLocal,
                    strategy != null ? strategy : Strategies.roundRobin(),
                    maxCallLevel,
                    disableBalancer,
                    gracefulStopTimeout,
                    metadata,
                    Optional.ofNullable(handlerExecutor),
                    streams,
                    duplicateIdCheck,
                    Optional.ofNullable(discovererUrl),
                    Optional.ofNullable(discoverer),
                    allMiddlewares(),
                    circuitBreaker,
                    bulkhead,
                    statistics);
        }

        private List<Middleware> allMiddlewares() {
            if (!loadMiddlewares) {
                return middlewares;
            }
            List<Middleware> all = new ArrayList<>(middlewares);
            java.util.ServiceLoader.load(Middleware.class).forEach(all::add);
            return all;
        }

        /**
         * A broker, not started yet.
         *
         * @throws IllegalArgumentException when no transporter or serializer matches the given URL or name
         */
        public ServiceBroker build() {
            return Factory.INSTANCE.create(options());
        }

        /** The broker factory of mycelium-core, looked up once. */
        private static final class Factory {
            static final BrokerFactory INSTANCE = java.util.ServiceLoader.load(
                            BrokerFactory.class, ServiceBroker.class.getClassLoader())
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "no io.mycelium.spi.BrokerFactory found: is mycelium-core's META-INF/services on the class path?"));
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }

        private static String defaultNodeId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid();
        }
    }
}
