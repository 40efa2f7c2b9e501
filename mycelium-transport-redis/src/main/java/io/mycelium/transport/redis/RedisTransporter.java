package io.mycelium.transport.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis transporter: plain pub/sub on Moleculer's channels, publishing on one connection and
 * subscribed on another (a subscribed Redis connection cannot publish). Redis cannot balance, so
 * {@link #supportsBrokerBalancing()} is false and balanced destinations are refused.
 *
 * <p>Outages: sends fail at once with a retryable error while the link is down (nothing is buffered);
 * the link reconnects with back-off, subscribes once on the fresh connection, then tells the context
 * {@code connectionRestored()}. Thread-safe; {@link #send} never blocks.
 */
public final class RedisTransporter implements Transporter {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransporter.class);

    private final RedisOptions options;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile @Nullable RedisLink link;
    private volatile @Nullable Topics topics;
    private volatile @Nullable LivenessProbe probe;

    private RedisTransporter(RedisOptions options) {
        this.options = options;
    }

    /** A transporter with the given options; nothing connects before {@link #connect}. */
    public static RedisTransporter create(RedisOptions options) {
        return new RedisTransporter(options);
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        if (!started.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("connect may be called once"));
        }
        Topics t = new Topics(context.namespace());
        topics = t;
        Map<String, PacketType> channels = t.subscriptions(context.nodeId());
        RedisLink l = new RedisLink(options, true, context.nodeId(), context.scheduler(), new RedisLink.Hooks() {
            @Override
            public void prepare(RedisLink.Session session) throws Exception {
                StatefulRedisPubSubConnection<String, byte[]> sub = session.sub();
                if (sub == null) {
                    throw new IllegalStateException("no pub/sub connection");
                }
                sub.addListener(new Receiver(context, channels));
                sub.async()
                        .subscribe(channels.keySet().toArray(String[]::new))
                        .get(options.connectTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }

            @Override
            public void lost(Throwable cause) {
                context.connectionLost(cause);
            }

            @Override
            public void restored() {
                LivenessProbe p = probe;
                if (p != null) {
                    p.reconnected();
                }
                context.connectionRestored();
            }
        });
        link = l;
        LivenessProbe p = new LivenessProbe(context, t, options.probeInterval(), l);
        probe = p;
        return l.open().thenRun(p::start);
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        RedisLink l = link;
        Topics t = topics;
        RedisLink.Session s = l == null ? null : l.current();
        if (s == null || t == null) {
            return CompletableFuture.failedFuture(Failures.disconnected("not connected"));
        }
        if (payload.length > options.maxPayload()) {
            return CompletableFuture.failedFuture(Failures.tooLarge(payload.length, options.maxPayload()));
        }
        String channel;
        switch (destination) {
            case Destination.Node n -> channel = t.node(type, n.nodeId());
            case Destination.Broadcast b -> channel = t.broadcast(type);
            case Destination.BalancedRequest r -> {
                return CompletableFuture.failedFuture(Failures.balancingUnsupported());
            }
            case Destination.BalancedEvent e -> {
                return CompletableFuture.failedFuture(Failures.balancingUnsupported());
            }
        }
        try {
            return s.commands()
                    .async()
                    .publish(channel, payload)
                    .toCompletableFuture()
                    .handle((n, error) -> {
                        if (error != null) {
                            throw Failures.disconnected(error.toString());
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Failures.disconnected(e.toString()));
        }
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        RedisLink l = link;
        LivenessProbe p = probe;
        if (p != null) {
            p.stop();
        }
        return l == null ? CompletableFuture.completedFuture(null) : l.close();
    }

    @Override
    public int circuitThreshold() {
        return options.circuitThreshold();
    }

    @Override
    public int maxPayloadSize() {
        return options.maxPayload();
    }

    /** Hands every message of a subscribed channel to the context, typed by its channel. */
    private static final class Receiver extends RedisPubSubAdapter<String, byte[]> {
        private final TransportContext context;
        private final Map<String, PacketType> channels;

        Receiver(TransportContext context, Map<String, PacketType> channels) {
            this.context = context;
            this.channels = channels;
        }

        @Override
        public void message(String channel, byte[] message) {
            PacketType type = channels.get(channel);
            if (type == null) {
                return;
            }
            try {
                context.receive(type, message);
            } catch (RuntimeException e) {
                LOG.warn("{} dropped a {} packet: {}", context.nodeId(), type, e.toString());
            }
        }
    }
}
