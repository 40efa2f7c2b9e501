package io.mycelium.transport.redis;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.NodeSnapshot;
import io.mycelium.spi.TransportContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds dead nodes in about one interval instead of a heartbeat timeout: every {@code interval}, one
 * {@code PUBSUB NUMSUB} asks Redis how many clients subscribe the {@code REQ.<nodeID>} channel of each
 * known remote node. Redis drops a client's subscriptions the moment its connection closes (a killed
 * process's sockets are closed by the kernel), so 0 means the node is gone: it is reported unreachable to
 * the context (its calls in flight fail fast, new ones go elsewhere).
 *
 * <p>Probing pauses while the link is down and for two intervals after it comes back, so a peer still
 * resubscribing is not taken for dead. Runs on the broker's scheduler; the command is asynchronous and at
 * most one is in flight.
 */
final class LivenessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessProbe.class);

    private final TransportContext context;
    private final Topics topics;
    private final Duration interval;
    private final RedisLink link;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile long quietUntilNanos;
    private volatile @Nullable ScheduledFuture<?> task;

    LivenessProbe(TransportContext context, Topics topics, Duration interval, RedisLink link) {
        this.context = context;
        this.topics = topics;
        this.interval = interval;
        this.link = link;
    }

    void start() {
        if (interval.isZero()) {
            return;
        }
        long ms = Math.max(1, interval.toMillis());
        task = context.scheduler().scheduleWithFixedDelay(this::probe, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The link came back: peers get two intervals to resubscribe before a probe may judge them. */
    void reconnected() {
        quietUntilNanos = System.nanoTime() + interval.multipliedBy(2).toNanos();
    }

    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    private boolean quiet() {
        return System.nanoTime() - quietUntilNanos < 0;
    }

    private void probe() {
        RedisLink.Session s = link.current();
        if (s == null || quiet() || !inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            List<String> channels = new ArrayList<>();
            for (NodeSnapshot node : context.nodes()) {
                if (!node.local() && node.available()) {
                    channels.add(topics.node(PacketType.REQUEST, node.nodeId()));
                }
            }
            if (channels.isEmpty()) {
                inFlight.set(false);
                return;
            }
            s.commands().async().pubsubNumsub(channels.toArray(String[]::new)).whenComplete((counts, error) -> {
                inFlight.set(false);
                if (error == null && counts != null) {
                    judge(s, channels, counts);
                }
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            LOG.debug("{}: liveness probe failed: {}", context.nodeId(), e.toString());
        }
    }

    private void judge(RedisLink.Session asked, List<String> channels, Map<String, Long> counts) {
        if (link.current() != asked || quiet()) {
            return; // the answer predates a reconnect
        }
        String prefix = topics.node(PacketType.REQUEST, "");
        for (String channel : channels) {
            Long subscribers = counts.get(channel);
            if (subscribers != null && subscribers == 0) {
                context.nodeUnreachable(
                        channel.substring(prefix.length()), "nobody subscribes its Redis channels any more");
            }
        }
    }
}
