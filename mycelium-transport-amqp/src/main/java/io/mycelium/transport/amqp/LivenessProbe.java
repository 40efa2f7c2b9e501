package io.mycelium.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.LivenessSchedule;
import io.mycelium.spi.TransportContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds dead nodes in about one interval instead of a heartbeat timeout: every {@code interval} it
 * declares passively the {@code REQ.<nodeID>} queue of each known remote node and reads its consumer
 * count. RabbitMQ cancels a connection's consumers the moment the connection closes (a killed process's
 * sockets are closed by the kernel), so 0 consumers, or no queue at all, means the node is gone: it is
 * reported unreachable to the context (its calls in flight fail fast, new ones go elsewhere).
 *
 * <p>It uses a channel of its own (a passive declaration of a missing queue closes its channel) on the
 * current session's connection, from a virtual thread, one round at a time (the timing is a
 * {@link LivenessSchedule}'s). Probing pauses while the link is down and for two intervals after it comes
 * back, so a peer still resubscribing is not taken for dead.
 */
final class LivenessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessProbe.class);
    private static final int NOT_FOUND = 404;

    private final TransportContext context;
    private final AmqpTopology topology;
    private final LivenessSchedule schedule;
    private final Supplier<@Nullable AmqpSession> sessions;
    private @Nullable AmqpSession channelSession; // the probing thread only (one round at a time)
    private @Nullable Channel channel;

    LivenessProbe(
            TransportContext context,
            AmqpTopology topology,
            Duration interval,
            Supplier<@Nullable AmqpSession> sessions) {
        this.context = context;
        this.topology = topology;
        this.schedule = LivenessSchedule.create(context, interval);
        this.sessions = sessions;
    }

    void start() {
        schedule.start(this::round);
    }

    /** The link came back: peers get two intervals to resubscribe before a probe may judge them. */
    void reconnected() {
        schedule.reconnected();
    }

    void stop() {
        schedule.stop();
    }

    private void round(List<String> nodeIds, Runnable done) {
        AmqpSession s = sessions.get();
        if (s == null) {
            done.run();
            return;
        }
        Thread.ofVirtual().name("mycelium-amqp-probe").start(() -> {
            try {
                for (String nodeId : nodeIds) {
                    if (gone(s, nodeId) && sessions.get() == s && !schedule.quiet()) {
                        context.nodeUnreachable(nodeId, "its AMQP queue has no consumer any more");
                    }
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debug("{}: liveness probe failed: {}", context.nodeId(), e.toString());
                channel = null;
            } finally {
                done.run();
            }
        });
    }

    /** True when the node's REQ queue has no consumer, or does not exist. */
    private boolean gone(AmqpSession s, String nodeId) throws IOException, TimeoutException {
        Channel ch = channel;
        if (ch == null || !ch.isOpen() || channelSession != s) {
            ch = s.connection().createChannel();
            channel = ch;
            channelSession = s;
        }
        try {
            return ch.queueDeclarePassive(topology.nodeQueue(PacketType.REQUEST, nodeId))
                            .getConsumerCount()
                    == 0;
        } catch (IOException e) {
            channel = null;
            if (e.getCause() instanceof ShutdownSignalException signal
                    && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }
}
