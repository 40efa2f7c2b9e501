package io.mycelium.internal.transit;

import io.mycelium.internal.registry.NodeEntry;
import io.mycelium.internal.registry.Registry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit per remote node: after {@code threshold} calls to a node time out in a row, the node gets no new
 * work ({@link NodeEntry#circuitOpen}) and is pinged about every {@link #PROBE_EVERY} until it answers; its
 * answer, a response from it, or its leaving closes the circuit. A hung node (stopped, overloaded, its
 * broker subscription stuck) thus stops eating the timeouts of new calls. Thread-safe.
 */
final class NodeCircuits {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCircuits.class);
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final int threshold;
    private final Registry registry;
    private final ScheduledExecutorService scheduler;
    private final Function<String, CompletableFuture<?>> ping;
    private final Map<String, AtomicInteger> timeoutsInARow = new ConcurrentHashMap<>();

    /** {@code ping} sends one PING to a node; its future completes when the PONG arrives, fails otherwise. */
    NodeCircuits(
            int threshold,
            Registry registry,
            ScheduledExecutorService scheduler,
            Function<String, CompletableFuture<?>> ping) {
        this.threshold = threshold;
        this.registry = registry;
        this.scheduler = scheduler;
        this.ping = ping;
    }

    /** A call to {@code nodeId} timed out (empty node: the message broker picked it, nothing to count). */
    void timedOut(String nodeId) {
        if (threshold <= 0 || nodeId.isEmpty()) {
            return;
        }
        int inARow =
                timeoutsInARow.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
        if (inARow >= threshold) {
            registry.node(nodeId).filter(n -> n.available() && !n.local()).ifPresent(this::open);
        }
    }

    /** {@code nodeId} answered a call: its timeouts are no longer in a row. */
    void answered(String nodeId) {
        AtomicInteger count = timeoutsInARow.get(nodeId);
        if (count != null && count.get() != 0) {
            count.set(0);
        }
    }

    /** Forgets a node that left (its circuit closes: a node coming back starts afresh). */
    void forget(String nodeId) {
        timeoutsInARow.remove(nodeId);
        registry.node(nodeId).ifPresent(n -> n.circuitOpen(false));
    }

    private void open(NodeEntry node) {
        synchronized (node) {
            if (node.circuitOpen()) {
                return;
            }
            node.circuitOpen(true);
        }
        LOG.warn(
                "Node {}: {} calls in a row timed out; it gets no new calls until it answers a ping",
                node.id(),
                threshold);
        schedule(node.id());
    }

    private void schedule(String nodeId) {
        try {
            scheduler.schedule(() -> probe(nodeId), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the broker is stopping
        }
    }

    private void probe(String nodeId) {
        NodeEntry node = registry.node(nodeId).orElse(null);
        if (node == null || !node.available() || !node.circuitOpen()) {
            return;
        }
        ping.apply(nodeId).whenComplete((pong, error) -> {
            if (error == null) {
                timeoutsInARow.remove(nodeId);
                node.circuitOpen(false);
                LOG.info("Node {} answered a ping: it gets calls again", nodeId);
            } else {
                schedule(nodeId);
            }
        });
    }
}
