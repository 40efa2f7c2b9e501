package io.mycelium.transport.nats;

import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.PingPacket;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.TransportContext;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds dead nodes in about one interval instead of a heartbeat timeout. Every {@code interval} it sends
 * each known remote node a NATS request carrying a valid PING to {@code PREFIX.PING.<nodeID>}. A live
 * node (Mycelium or Moleculer) answers with a PONG on its usual subject and never on the reply inbox, so
 * the request just times out, harmlessly. A node whose process died has no subscriptions left: the
 * server answers "no responders" at once, and the node is reported unreachable to the context (its calls
 * in flight fail fast, new ones go elsewhere).
 *
 * <p>Probing pauses while the connection is down and for two intervals after it comes back, so a peer
 * still resubscribing is not taken for dead. Runs on the broker's scheduler; the requests are asynchronous.
 */
final class LivenessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessProbe.class);

    private final TransportContext context;
    private final Topics topics;
    private final Duration interval;
    private final Supplier<@Nullable Connection> online;
    private final AtomicLong counter = new AtomicLong();
    private volatile long quietUntilNanos;
    private volatile @Nullable ScheduledFuture<?> task;

    /** {@code online} gives the connection when it is up and the transporter open, else null. */
    LivenessProbe(TransportContext context, Topics topics, Duration interval, Supplier<@Nullable Connection> online) {
        this.context = context;
        this.topics = topics;
        this.interval = interval;
        this.online = online;
    }

    void start() {
        if (interval.isZero()) {
            return;
        }
        long ms = Math.max(1, interval.toMillis());
        task = context.scheduler().scheduleWithFixedDelay(this::probeAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The connection came back: peers get two intervals to resubscribe before a probe may judge them. */
    void reconnected() {
        quietUntilNanos = System.nanoTime() + interval.multipliedBy(2).toNanos();
    }

    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void probeAll() {
        try {
            Connection c = online.get();
            if (c == null || System.nanoTime() - quietUntilNanos < 0) {
                return;
            }
            for (NodeSnapshot node : context.nodes()) {
                if (!node.local() && node.available()) {
                    probe(c, node.nodeId());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("{}: liveness probe failed: {}", context.nodeId(), e.toString());
        }
    }

    private void probe(Connection c, String nodeId) {
        byte[] ping = context.serializer()
                .serialize(new PingPacket(
                        context.nodeId(),
                        PingPacket.probeId(context.nodeId(), counter.incrementAndGet()),
                        System.currentTimeMillis()));
        c.requestWithTimeout(topics.node(PacketType.PING, nodeId), ping, interval.multipliedBy(2))
                .whenComplete((reply, error) -> {
                    if (noResponders(error) && online.get() == c && System.nanoTime() - quietUntilNanos >= 0) {
                        context.nodeUnreachable(nodeId, "its NATS subscriptions are gone (no responders to a probe)");
                    }
                });
    }

    private static boolean noResponders(@Nullable Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof JetStreamStatusException s && s.getStatus().isNoResponders();
    }
}
