package io.mycelium.transport.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.mycelium.protocol.DisconnectPacket;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.BalancedEndpoints;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT transporter: one MQTT 3.1.1 client with a clean session, publishing and subscribing Moleculer's
 * topics. It reconnects itself (back-off, bounded attempts), subscribes again exactly once per new
 * session, and fails sends fast while the broker is away.
 *
 * <p>Broker balancing (the built-in balancer disabled; Moleculer's MQTT transporter has none) uses MQTT
 * shared subscriptions: each local action is subscribed as {@code $share/<action>/PREFIX.REQB.<action>}
 * and each event group as {@code $share/<group>/PREFIX.EVENTB.<group>.<event>}, so the broker hands each
 * balanced packet to one member of the group. On connect in that mode the transporter checks that the
 * broker really delivers through a shared subscription (a broker without them would treat {@code $share/..}
 * as a plain topic nobody publishes to) and fails with a clear error when it does not. MQTT's {@code .} is
 * not a level separator, so wildcard event names do not match in this mode. Thread-safe; {@link #send}
 * never blocks.
 */
final class MqttTransporter implements Transporter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttTransporter.class);
    static final String NO_BALANCING = "Balanced destinations need broker balancing, which this node did not"
            + " ask for: disable the built-in balancer on every node to balance through the MQTT broker";
    static final String NO_SHARED_SUBSCRIPTIONS = "The MQTT broker does not deliver through shared subscriptions"
            + " ($share/<group>/<topic>), which broker balancing over MQTT needs: keep the built-in balancer"
            + " enabled with this broker";

    private enum State {
        NEW,
        CONNECTING,
        CONNECTED,
        RECONNECTING,
        CLOSED
    }

    private final MqttOptions options;
    private final AtomicInteger inFlight = new AtomicInteger();
    // A clean session drops the client's publish flows, so each (re)subscription brings its own callback;
    // only the newest one dispatches, so a message can never be handed over twice.
    private final AtomicInteger generation = new AtomicInteger();
    private volatile State state = State.NEW;
    private volatile @Nullable Mqtt3AsyncClient client;
    private volatile @Nullable TransportContext context;
    private volatile @Nullable MqttTopics topics;
    /** The shared subscriptions of broker balancing: filter → topic. */
    private final Map<String, String> balanced = new ConcurrentHashMap<>();

    MqttTransporter(MqttOptions options) {
        this.options = options;
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext ctx) {
        synchronized (this) {
            if (state != State.NEW) {
                return Failures.failed(
                        new IllegalStateException("MQTT transporter connect() called in state " + state));
            }
            state = State.CONNECTING;
        }
        MqttTopics t = new MqttTopics(ctx.namespace(), ctx.nodeId());
        this.topics = t;
        this.context = ctx;
        Mqtt3AsyncClient c = newClient(ctx.nodeId());
        this.client = c;
        CompletableFuture<Void> connected = new CompletableFuture<>();
        // The broker publishes this node's DISCONNECT for it when its connection dies without a goodbye (a
        // killed process, or silence past 1.5 keep-alives): peers drop it at once, not after the heartbeat
        // timeout. The reconnector reuses this connect message, will included.
        byte[] will = ctx.serializer().serialize(new DisconnectPacket(ctx.nodeId()));
        c.connectWith()
                .cleanSession(true)
                .keepAlive(options.keepAliveSeconds())
                .willPublish()
                .topic(t.topic(PacketType.DISCONNECT))
                .payload(will)
                .qos(options.qos())
                .applyWillPublish()
                .send()
                .thenCompose(ack -> ctx.brokerBalancing() ? probeSharedSubscriptions(c, t, ctx) : done())
                .thenCompose(ok -> {
                    if (ctx.brokerBalancing()) {
                        balanced.putAll(wantedBalanced(t, ctx));
                    }
                    return subscribeAll(c, t);
                })
                .whenComplete((ok, e) -> {
                    if (e == null && markConnected(State.CONNECTING)) {
                        connected.complete(null);
                    } else if (e != null && e.getCause() instanceof UnsupportedOperationException u) {
                        connected.completeExceptionally(u);
                        state = State.CLOSED;
                        c.disconnect().whenComplete((x, y) -> {});
                    } else {
                        connected.completeExceptionally(Failures.disconnected(
                                "Cannot connect to MQTT broker " + options.redactedUrl() + ": "
                                        + (e == null ? "disconnected" : e.getMessage()),
                                e));
                        state = State.CLOSED;
                        c.disconnect().whenComplete((x, y) -> {});
                    }
                });
        return connected;
    }

    private synchronized boolean markConnected(State expected) {
        if (state != expected) {
            return false;
        }
        state = State.CONNECTED;
        return true;
    }

    private Mqtt3AsyncClient newClient(String nodeId) {
        // Two clients with one id would take turns kicking each other off the broker.
        String id = nodeId + "-" + UUID.randomUUID().toString().substring(0, 8);
        Mqtt3ClientBuilder b = MqttClient.builder()
                .useMqttVersion3()
                .identifier(id)
                .transportConfig()
                .serverHost(options.host())
                .serverPort(options.port())
                .socketConnectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .addConnectedListener(ctx -> onConnected())
                .addDisconnectedListener(this::onDisconnected);
        if (options.tls()) {
            b = b.sslWithDefaultConfig();
        }
        if (options.username().isPresent()) {
            var auth = b.simpleAuth().username(options.username().get());
            if (options.password().isPresent()) {
                auth = auth.password(options.password().get().getBytes(StandardCharsets.UTF_8));
            }
            b = auth.applySimpleAuth();
        }
        return b.buildAsync();
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Publishes one message to a fresh topic this client holds a shared subscription to, and fails with
     * {@link #NO_SHARED_SUBSCRIPTIONS} unless it comes back within the connect timeout.
     */
    private CompletableFuture<Void> probeSharedSubscriptions(Mqtt3AsyncClient c, MqttTopics t, TransportContext ctx) {
        String topic = t.topic(PacketType.PING, ctx.nodeId()) + ".share-probe-"
                + UUID.randomUUID().toString().substring(0, 8);
        String filter = MqttTopics.shared("mycelium-probe", topic);
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        CompletableFuture<Void> probe = c.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> echoed.complete(null))
                .send()
                .thenCompose(ack -> {
                    if (ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                        throw new UnsupportedOperationException(NO_SHARED_SUBSCRIPTIONS + " (subscription refused)");
                    }
                    return c.publishWith()
                            .topic(topic)
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(new byte[] {1})
                            .send();
                })
                .thenCompose(
                        published -> echoed.orTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof TimeoutException) {
                        throw new UnsupportedOperationException(NO_SHARED_SUBSCRIPTIONS + " (" + options.redactedUrl()
                                + " did not deliver a probe within "
                                + options.connectTimeout().toMillis() + " ms)");
                    }
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                });
        return probe.whenComplete(
                (ok, e) -> c.unsubscribeWith().topicFilter(filter).send());
    }

    /** The shared subscriptions the local actions and event groups of the current INFO need. */
    private static Map<String, String> wantedBalanced(MqttTopics t, TransportContext ctx) {
        BalancedEndpoints wanted = BalancedEndpoints.of(ctx.localInfo());
        Map<String, String> filters = new HashMap<>();
        for (String action : wanted.actions()) {
            String topic = t.balancedRequest(action);
            filters.put(MqttTopics.shared(action, topic), topic);
        }
        for (BalancedEndpoints.GroupEvent e : wanted.events()) {
            if (e.event().contains("*")) {
                LOG.warn(
                        "Event '{}' of group '{}' cannot be balanced by the MQTT broker (wildcards need '.' levels);"
                                + " it is not received in broker-balancing mode",
                        e.event(),
                        e.group());
                continue;
            }
            String topic = t.balancedEvent(e.group(), e.event());
            filters.put(MqttTopics.shared(e.group(), topic), topic);
        }
        filters.keySet().removeIf(f -> {
            boolean wildcard = f.indexOf('+') >= 0 || f.indexOf('#') >= 0;
            if (wildcard) {
                LOG.warn("'{}' cannot be an MQTT topic ('+' and '#' are wildcards); not balanced by the broker", f);
            }
            return wildcard;
        });
        return filters;
    }

    /** Subscribes the shared subscriptions new services need and drops those of services gone. */
    private synchronized CompletableFuture<Void> refreshBalanced(
            Mqtt3AsyncClient c, MqttTopics t, TransportContext ctx) {
        Map<String, String> wanted = wantedBalanced(t, ctx);
        List<String> gone = new ArrayList<>();
        for (String filter : balanced.keySet()) {
            if (!wanted.containsKey(filter)) {
                gone.add(filter);
            }
        }
        List<String> added = new ArrayList<>();
        for (String filter : wanted.keySet()) {
            if (balanced.putIfAbsent(filter, wanted.get(filter)) == null) {
                added.add(filter);
            }
        }
        for (String filter : gone) {
            balanced.remove(filter);
            c.unsubscribeWith().topicFilter(filter).send();
        }
        if (added.isEmpty()) {
            return done();
        }
        return subscribe(c, added);
    }

    private CompletableFuture<Void> subscribeAll(Mqtt3AsyncClient c, MqttTopics t) {
        List<String> all = new ArrayList<>();
        t.subscriptions().forEach(all::add);
        all.addAll(balanced.keySet());
        generation.incrementAndGet();
        return subscribe(c, all);
    }

    /** Subscribes {@code filters}, their messages dispatched while this generation of subscriptions lasts. */
    private CompletableFuture<Void> subscribe(Mqtt3AsyncClient c, List<String> filters) {
        Mqtt3SubscribeBuilder.Start start = Mqtt3Subscribe.builder();
        Mqtt3SubscribeBuilder.Complete builder = null;
        for (String topic : filters) {
            Mqtt3Subscription s = Mqtt3Subscription.builder()
                    .topicFilter(topic)
                    .qos(options.qos())
                    .build();
            builder = builder == null ? start.addSubscription(s) : builder.addSubscription(s);
        }
        if (builder == null) {
            return CompletableFuture.completedFuture(null);
        }
        int gen = generation.get();
        return c.subscribe(builder.build(), publish -> onMessage(gen, publish)).thenAccept(ack -> {
            if (ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                throw new IllegalStateException("MQTT broker refused a subscription: " + ack.getReturnCodes());
            }
        });
    }

    private void onMessage(int gen, Mqtt3Publish publish) {
        MqttTopics t = topics;
        TransportContext ctx = context;
        if (t == null || ctx == null || gen != generation.get()) {
            return;
        }
        PacketType type = t.typeOf(publish.getTopic().toString());
        if (type == null) {
            LOG.debug("MQTT message on unexpected topic {} dropped", publish.getTopic());
            return;
        }
        ctx.receive(type, publish.getPayloadAsBytes());
    }

    private void onConnected() {
        Mqtt3AsyncClient c = client;
        MqttTopics t = topics;
        TransportContext ctx = context;
        if (c == null || t == null || ctx == null) {
            return;
        }
        State s = state;
        if (s == State.CLOSED) {
            c.disconnect().whenComplete((x, y) -> {}); // a reconnect that raced disconnect()
            return;
        }
        if (s != State.RECONNECTING) {
            return; // the first connection: connect() subscribes
        }
        subscribeAll(c, t).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn(
                        "MQTT resubscription after reconnect failed (sends keep failing until a new connection subscribes): {}",
                        e.toString());
            } else if (markConnected(State.RECONNECTING)) {
                LOG.info("MQTT connection to {} restored", options.redactedUrl());
                ctx.connectionRestored();
            }
        });
    }

    private void onDisconnected(MqttClientDisconnectedContext d) {
        TransportContext ctx = context;
        boolean lost;
        synchronized (this) {
            if (state == State.CLOSED || state == State.CONNECTING || d.getSource() == MqttDisconnectSource.USER) {
                return;
            }
            lost = state == State.CONNECTED;
            state = State.RECONNECTING;
        }
        if (lost && ctx != null) {
            LOG.warn(
                    "MQTT connection to {} lost: {}",
                    options.redactedUrl(),
                    d.getCause().toString());
            ctx.connectionLost(d.getCause());
        }
        int attempts = d.getReconnector().getAttempts();
        if (options.reconnectAttempts() >= 0 && attempts >= options.reconnectAttempts()) {
            LOG.error(
                    "MQTT broker {} still unreachable after {} attempts; giving up (sends keep failing)",
                    options.redactedUrl(),
                    attempts);
            return;
        }
        d.getReconnector()
                .reconnect(true)
                .resubscribeIfSessionExpired(false)
                .republishIfSessionExpired(false)
                .delay(options.backoff(attempts + 1).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int circuitThreshold() {
        return options.circuitThreshold();
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        Mqtt3AsyncClient c = client;
        MqttTopics t = topics;
        if (state != State.CONNECTED || c == null || t == null) {
            return Failures.failed(
                    Failures.disconnected("MQTT broker " + options.redactedUrl() + " is not connected", null));
        }
        TransportContext ctx = context;
        boolean brokerBalancing = ctx != null && ctx.brokerBalancing();
        String topic =
                switch (destination) {
                    case Destination.Broadcast b -> t.topic(type);
                    case Destination.Node n -> t.topic(type, n.nodeId());
                    case Destination.BalancedRequest r -> brokerBalancing ? t.balancedRequest(r.action()) : "";
                    case Destination.BalancedEvent e -> brokerBalancing ? t.balancedEvent(e.group(), e.event()) : "";
                };
        if (topic.isEmpty()) {
            return Failures.failed(new UnsupportedOperationException(NO_BALANCING));
        }
        if (ctx != null && brokerBalancing && type == PacketType.INFO && destination instanceof Destination.Broadcast) {
            // Subscribe the balanced topics of new services before peers learn of them from this INFO.
            CompletableFuture<Void> done = new CompletableFuture<>();
            refreshBalanced(c, t, ctx).whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.warn("MQTT shared subscriptions not refreshed: {}", e.toString());
                }
                publish(c, topic, payload).whenComplete((x, f) -> {
                    if (f == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(f);
                    }
                });
            });
            return done;
        }
        return publish(c, topic, payload);
    }

    private CompletableFuture<Void> publish(Mqtt3AsyncClient c, String topic, byte[] payload) {
        if (payload.length > options.maxPayload()) {
            return Failures.failed(new IllegalArgumentException("Packet of " + payload.length
                    + " bytes exceeds the MQTT transporter's maxPayload of " + options.maxPayload()));
        }
        if (inFlight.incrementAndGet() > options.maxInFlight()) {
            inFlight.decrementAndGet();
            return Failures.failed(new IllegalStateException(
                    "MQTT send queue is full (" + options.maxInFlight() + " packets waiting)"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            c.publishWith()
                    .topic(topic)
                    .qos(options.qos())
                    .payload(payload)
                    .send()
                    .whenComplete((p, e) -> {
                        inFlight.decrementAndGet();
                        if (e == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(Failures.disconnected(
                                    "MQTT broker " + options.redactedUrl() + " connection lost while sending: "
                                            + e.getMessage(),
                                    e));
                        }
                    });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            done.completeExceptionally(e); // an invalid topic (node id with '+' or '#')
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        Mqtt3AsyncClient c;
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            state = State.CLOSED;
            c = client;
        }
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        // Not connected (reconnecting) makes disconnect() fail; either way the client is done.
        return c.disconnect().handle((x, e) -> null);
    }

    @Override
    public int maxPayloadSize() {
        return options.maxPayload();
    }

    @Override
    public boolean supportsBrokerBalancing() {
        return true;
    }
}
