package io.mycelium.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timing shared by the broker transporters' liveness probes: every {@code interval}, on the context's
 * {@link TransportContext#scheduler() scheduler}, it hands the IDs of the known remote available nodes to a
 * {@link Round}, which asks the broker whether each is still subscribed and reports the dead ones with
 * {@link TransportContext#nodeUnreachable}. At most one round is in flight: a tick is skipped while the
 * previous round has not called its {@code done}. For two intervals after {@link #reconnected()} no round
 * starts, so a peer still resubscribing is not taken for dead; a round whose answer arrives later checks
 * {@link #quiet()} before judging.
 *
 * <p>The transporter owns its schedule: it calls {@link #start} once when connected, {@link #reconnected()}
 * from its reconnect callback (any thread) and {@link #stop()} when it closes. Pausing while the broker is
 * down is the round's part: it returns at once, calling {@code done}, when it has no connection. A round
 * that throws is logged at debug level and the next tick tries again.
 */
public final class LivenessSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessSchedule.class);

    /** One probing round, asked by the schedule; the broker-specific half of a liveness probe. */
    @FunctionalInterface
    public interface Round {
        /**
         * Asks the broker about {@code nodeIds} (never empty). Called on the scheduler thread, so it must not
         * block: slow work goes asynchronous, and calls {@code done} once when it ends, on any thread. A
         * round that throws must not have called {@code done}; the schedule then frees the slot itself.
         */
        void probe(List<String> nodeIds, Runnable done);
    }

    private final String nodeId;
    private final ScheduledExecutorService scheduler;
    private final Supplier<List<NodeSnapshot>> nodes;
    private final Duration interval;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile long quietUntilNanos;
    private volatile @Nullable ScheduledFuture<?> task;

    // Takes the three things it uses from the context, so that it is tested without one.
    LivenessSchedule(
            String nodeId, ScheduledExecutorService scheduler, Supplier<List<NodeSnapshot>> nodes, Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.nodeId = nodeId;
        this.scheduler = scheduler;
        this.nodes = nodes;
        this.interval = interval;
    }

    /**
     * A schedule probing every {@code interval} the nodes {@code context} knows, on its scheduler; a zero
     * interval makes {@link #start} do nothing.
     *
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public static LivenessSchedule create(TransportContext context, Duration interval) {
        return new LivenessSchedule(context.nodeId(), context.scheduler(), context::nodes, interval);
    }

    /** How often a round starts; a round may derive from it how long to wait for an answer. */
    public Duration interval() {
        return interval;
    }

    /** Starts the rounds, the first one interval from now; call once. */
    public void start(Round round) {
        if (interval.isZero()) {
            return;
        }
        long ms = Math.max(1, interval.toMillis());
        task = scheduler.scheduleWithFixedDelay(() -> tick(round), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The connection came back: peers get two intervals to resubscribe before a probe may judge them. */
    public void reconnected() {
        quietUntilNanos = System.nanoTime() + interval.multipliedBy(2).toNanos();
    }

    /** Stops the rounds; one in flight still completes but should find its connection gone. Idempotent. */
    public void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** True within two intervals of a reconnect: no node may be judged dead now. Any thread. */
    public boolean quiet() {
        return System.nanoTime() - quietUntilNanos < 0;
    }

    private void tick(Round round) {
        if (quiet() || !inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            List<String> nodeIds = new ArrayList<>();
            for (NodeSnapshot node : nodes.get()) {
                if (!node.local() && node.available()) {
                    nodeIds.add(node.nodeId());
                }
            }
            if (nodeIds.isEmpty()) {
                inFlight.set(false);
                return;
            }
            round.probe(List.copyOf(nodeIds), () -> inFlight.set(false));
        } catch (RuntimeException e) {
            inFlight.set(false);
            LOG.debug("{}: liveness probe failed: {}", nodeId, e.toString());
        }
    }
}
