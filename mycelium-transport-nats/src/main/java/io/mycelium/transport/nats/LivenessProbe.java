package io.mycelium.transport.nats;

import io.mycelium.protocol.PacketType;
import io.mycelium.protocol.PingPacket;
import io.mycelium.spi.LivenessSchedule;
import io.mycelium.spi.TransportContext;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Finds dead nodes in about one interval instead of a heartbeat timeout. Every {@code interval} it sends
 * each known remote node a NATS request carrying a valid PING to {@code PREFIX.PING.<nodeID>}. A live
 * node (Mycelium or Moleculer) answers with a PONG on its usual subject and never on the reply inbox, so
 * the request just times out, harmlessly. A node whose process died has no subscriptions left: the
 * server answers "no responders" at once, and the node is reported unreachable to the context (its calls
 * in flight fail fast, new ones go elsewhere).
 *
 * <p>Probing pauses while the connection is down and for two intervals after it comes back, so a peer
 * still resubscribing is not taken for dead. The timing is a {@link LivenessSchedule}'s; the requests are asynchronous.
 */
final class LivenessProbe {
    private final TransportContext context;
    private final Topics topics;
    private final LivenessSchedule schedule;
    private final Supplier<@Nullable Connection> online;
    private final AtomicLong counter = new AtomicLong();

    /** {@code online} gives the connection when it is up and the transporter open, else null. */
    LivenessProbe(TransportContext context, Topics topics, Duration interval, Supplier<@Nullable Connection> online) {
        this.context = context;
        this.topics = topics;
        this.schedule = LivenessSchedule.create(context, interval);
        this.online = online;
    }

    void start() {
        schedule.start(this::probeAll);
    }

    /** The connection came back: peers get two intervals to resubscribe before a probe may judge them. */
    void reconnected() {
        schedule.reconnected();
    }

    void stop() {
        schedule.stop();
    }

    // The requests are asynchronous and each judges its own answer: the round ends once they are sent.
    private void probeAll(List<String> nodeIds, Runnable done) {
        Connection c = online.get();
        if (c != null) {
            for (String nodeId : nodeIds) {
                probe(c, nodeId);
            }
        }
        done.run();
    }

    private void probe(Connection c, String nodeId) {
        byte[] ping = context.serializer()
                .serialize(new PingPacket(
                        context.nodeId(),
                        PingPacket.probeId(context.nodeId(), counter.incrementAndGet()),
                        System.currentTimeMillis()));
        c.requestWithTimeout(
                        topics.node(PacketType.PING, nodeId),
                        ping,
                        schedule.interval().multipliedBy(2))
                .whenComplete((reply, error) -> {
                    if (noResponders(error) && online.get() == c && !schedule.quiet()) {
                        context.nodeUnreachable(nodeId, "its NATS subscriptions are gone (no responders to a probe)");
                    }
                });
    }

    private static boolean noResponders(@Nullable Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof JetStreamStatusException s && s.getStatus().isNoResponders();
    }
}
