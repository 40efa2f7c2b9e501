package io.mycelium.transport.nats;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.BalancedEndpoints;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS transporter. Every packet goes to Moleculer's subject for its type and destination; the node
 * subscribes its own subjects on one jnats dispatcher (so packets are handed to the context in arrival
 * order on one thread). Balanced requests and events use NATS queue groups: the transporter reads the
 * local actions and event groups from {@link TransportContext#localInfo()} when it connects and whenever
 * the broker broadcasts its INFO (which it does after every change of the local services), subscribing
 * {@code REQB.<action>} with queue {@code <action>} and {@code EVENTB.<group>.<event>} with queue
 * {@code <group>} before the INFO leaves.
 *
 * <p>Outages: the client keeps no reconnect buffer, so a send while the connection is down fails at once
 * with a retryable error instead of piling up. jnats reconnects with this transporter's back-off and
 * re-sends every subscription exactly once; the context then hears {@code connectionRestored()}.
 *
 * <p>Thread-safe. {@link #send} never blocks unless the client's bounded outgoing queue is full.
 */
public final class NatsTransporter implements Transporter {

    private static final Logger LOG = LoggerFactory.getLogger(NatsTransporter.class);
    private static final int DEFAULT_MAX_PAYLOAD = 1 << 20;
    private static final Executor VIRTUAL =
            task -> Thread.ofVirtual().name("nats-transporter").start(task);

    private final NatsOptions options;
    private final Backoff backoff;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean online = new AtomicBoolean();
    private final Map<String, Subscription> balanced = new HashMap<>();
    private volatile boolean closed;
    private volatile @Nullable Connection connection;
    private volatile @Nullable Dispatcher dispatcher;
    private volatile @Nullable TransportContext context;
    private volatile @Nullable Topics topics;
    private volatile @Nullable Subjects subjects;
    private volatile int maxPayload = DEFAULT_MAX_PAYLOAD;
    private volatile @Nullable LivenessProbe probe;
    private volatile @Nullable MicroServices micro;

    private NatsTransporter(NatsOptions options) {
        this.options = options;
        this.backoff = new Backoff(options.reconnectDelay(), options.maxReconnectDelay());
    }

    /** A transporter with the given options; nothing connects before {@link #connect}. */
    public static NatsTransporter create(NatsOptions options) {
        return new NatsTransporter(options);
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        if (!started.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("connect may be called once"));
        }
        this.context = context;
        Topics t = new Topics(context.namespace());
        this.topics = t;
        this.subjects = new Subjects(t);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        VIRTUAL.execute(() -> attempt(context, ready, 1));
        return ready;
    }

    private void attempt(TransportContext ctx, CompletableFuture<Void> ready, int attempt) {
        if (closed) {
            ready.completeExceptionally(Failures.disconnected("transporter closed while connecting"));
            return;
        }
        try {
            Connection c = Nats.connect(jnatsOptions(ctx));
            synchronized (this) {
                if (closed) {
                    c.close();
                    ready.completeExceptionally(Failures.disconnected("transporter closed while connecting"));
                    return;
                }
                connection = c;
                maxPayload = (int) Math.min(Integer.MAX_VALUE, c.getMaxPayload());
                subscribe(ctx, c);
            }
            c.flush(options.connectTimeout());
            online.set(true);
            LivenessProbe p = new LivenessProbe(ctx, topicsOrFail(), options.probeInterval(), this::onlineConnection);
            probe = p;
            p.start();
            LOG.debug("{} connected to NATS {}", ctx.nodeId(), c.getConnectedUrl());
            ready.complete(null);
        } catch (IOException | TimeoutException | RuntimeException e) {
            int max = options.maxReconnectAttempts();
            if (max >= 0 && attempt > max) {
                ready.completeExceptionally(Failures.disconnected(
                        "cannot connect to " + options.servers() + " after " + attempt + " attempts: " + e));
                return;
            }
            long delay = backoff.delay(attempt).toMillis();
            LOG.warn("{} cannot connect to NATS {} ({}); retrying in {} ms", ctx.nodeId(), options.servers(), e, delay);
            ctx.scheduler()
                    .schedule(
                            () -> VIRTUAL.execute(() -> attempt(ctx, ready, attempt + 1)),
                            delay,
                            TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready.completeExceptionally(Failures.disconnected("interrupted while connecting"));
        }
    }

    private Options jnatsOptions(TransportContext ctx) {
        Options.Builder b = new Options.Builder()
                .servers(options.servers().toArray(String[]::new))
                .connectionName(ctx.nodeId())
                .maxReconnects(options.maxReconnectAttempts())
                .reconnectDelayHandler(backoff)
                .reconnectBufferSize(0)
                .reportNoResponders() // the liveness probe tells a dead node by it
                .connectionTimeout(options.connectTimeout())
                .maxMessagesInOutgoingQueue(options.maxOutgoingMessages())
                .connectionListener(this::onConnectionEvent)
                .errorListener(new QuietErrorListener());
        options.token().ifPresent(t -> b.token(t.toCharArray()));
        options.user()
                .ifPresent(u -> b.userInfo(
                        u.toCharArray(), options.password().orElse("").toCharArray()));
        options.credsFile().ifPresent(f -> b.authHandler(Nats.credentials(f.toString())));
        options.nkeyFile().ifPresent(f -> b.authHandler(Nats.staticCredentials(null, readSeed(f))));
        if (options.tls()) {
            b.sslContext(options.sslContext().orElseGet(NatsTransporter::defaultSslContext));
        }
        return b.build();
    }

    private static char[] readSeed(java.nio.file.Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim().toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the nkey seed file " + file + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext defaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JVM", e);
        }
    }

    private void subscribe(TransportContext ctx, Connection c) {
        Topics t = topicsOrFail();
        Dispatcher d = c.createDispatcher();
        dispatcher = d;
        for (PacketType type : Topics.TARGETED) {
            d.subscribe(t.node(type, ctx.nodeId()), msg -> deliver(ctx, type, msg.getData()));
        }
        for (PacketType type : Topics.BROADCAST) {
            d.subscribe(t.broadcast(type), msg -> deliver(ctx, type, msg.getData()));
        }
        refreshBalancedQueues();
        if (options.serviceDiscovery()) {
            MicroServices m = new MicroServices(ctx, t);
            m.subscribe(c);
            micro = m;
        }
    }

    private static void deliver(TransportContext ctx, PacketType type, byte[] data) {
        try {
            ctx.receive(type, data);
        } catch (RuntimeException e) {
            LOG.warn("{} dropped a {} packet: {}", ctx.nodeId(), type, e.toString());
        }
    }

    /** Makes the queue subscriptions match the local actions and event groups of the current INFO. */
    private synchronized void refreshBalancedQueues() {
        Dispatcher d = dispatcher;
        TransportContext ctx = context;
        Topics t = topics;
        if (!options.balancedQueues() || d == null || ctx == null || t == null || closed) {
            return;
        }
        BalancedEndpoints wanted = BalancedEndpoints.of(ctx.localInfo());
        Map<String, String> queues = new HashMap<>();
        Map<String, PacketType> types = new HashMap<>();
        for (String action : wanted.actions()) {
            String subject = t.balancedRequest(action);
            queues.put(subject, action);
            types.put(subject, PacketType.REQUEST);
        }
        for (BalancedEndpoints.GroupEvent e : wanted.events()) {
            String subject = t.balancedEvent(e.group(), e.event());
            queues.put(subject, e.group());
            types.put(subject, PacketType.EVENT);
        }
        balanced.entrySet().removeIf(entry -> {
            if (queues.containsKey(entry.getKey())) {
                return false;
            }
            d.unsubscribe(entry.getValue());
            return true;
        });
        queues.forEach((subject, queue) -> {
            if (!balanced.containsKey(subject)) {
                PacketType type = types.getOrDefault(subject, PacketType.EVENT);
                balanced.put(subject, d.subscribe(subject, queue, msg -> deliver(ctx, type, msg.getData())));
            }
        });
    }

    private void onConnectionEvent(Connection c, ConnectionListener.Events event) {
        TransportContext ctx = context;
        if (c != connection || closed || ctx == null) {
            return;
        }
        switch (event) {
            case DISCONNECTED, CLOSED -> {
                if (c.getStatus() != Connection.Status.CONNECTED && online.compareAndSet(true, false)) {
                    LOG.warn("{} lost its NATS connection ({})", ctx.nodeId(), event);
                    ctx.connectionLost(Failures.disconnected(event.toString()));
                }
            }
            case RESUBSCRIBED -> {
                if (c.getStatus() == Connection.Status.CONNECTED && online.compareAndSet(false, true)) {
                    maxPayload = (int) Math.min(Integer.MAX_VALUE, c.getMaxPayload());
                    LOG.info("{} reconnected to NATS {}", ctx.nodeId(), c.getConnectedUrl());
                    LivenessProbe p = probe;
                    if (p != null) {
                        p.reconnected();
                    }
                    ctx.connectionRestored();
                }
            }
            default -> {}
        }
    }

    /** The connection when it is up and this transporter open, else null. */
    private @Nullable Connection onlineConnection() {
        Connection c = connection;
        return closed || c == null || !online.get() || c.getStatus() != Connection.Status.CONNECTED ? null : c;
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        Connection c = connection;
        Subjects t = subjects;
        if (c == null || t == null || !online.get() || c.getStatus() != Connection.Status.CONNECTED) {
            return CompletableFuture.failedFuture(
                    Failures.disconnected(closed ? "transporter closed" : "not connected"));
        }
        if (payload.length > maxPayload) {
            return CompletableFuture.failedFuture(Failures.tooLarge(payload.length, maxPayload));
        }
        if (type == PacketType.INFO && destination instanceof Destination.Broadcast) {
            refreshBalancedQueues();
            MicroServices m = micro;
            if (m != null) {
                m.refresh();
            }
        }
        try {
            c.publish(t.message(type, destination, payload));
            return CompletableFuture.completedFuture(null);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(Failures.disconnected(e.toString()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        Connection c;
        synchronized (this) {
            closed = true;
            online.set(false);
            c = connection;
        }
        LivenessProbe p = probe;
        if (p != null) {
            p.stop();
        }
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        if (c.getStatus() == Connection.Status.CONNECTED) {
                            c.flush(options.connectTimeout());
                        }
                    } catch (TimeoutException | RuntimeException | InterruptedException e) {
                        LOG.debug("flush before close failed: {}", e.toString());
                    }
                    try {
                        c.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                VIRTUAL);
    }

    @Override
    public boolean supportsBrokerBalancing() {
        return true;
    }

    @Override
    public int circuitThreshold() {
        return options.circuitThreshold();
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    private Topics topicsOrFail() {
        Topics t = topics;
        if (t == null) {
            throw new IllegalStateException("not connected");
        }
        return t;
    }

    /** jnats logs every reconnect attempt at error level through its default listener; ours logs briefly. */
    private static final class QuietErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS error: {}", error);
        }

        /**
         * Core NATS delivers at most once: once this node's pending packets pass the client's limits, jnats
         * drops what arrives. Called once per episode; the loss must not go unseen.
         */
        @Override
        public void slowConsumerDetected(Connection conn, Consumer consumer) {
            LOG.warn(
                    "{} cannot keep up with NATS: {} packets waiting, {} dropped so far by the client (core NATS"
                            + " delivers at most once; events and requests dropped here are lost, calls end by"
                            + " timeout)",
                    conn.getOptions().getConnectionName(),
                    consumer.getPendingMessageCount(),
                    consumer.getDroppedCount());
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS exception: {}", exp.toString());
        }
    }
}
