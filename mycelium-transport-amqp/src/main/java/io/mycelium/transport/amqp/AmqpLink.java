package io.mycelium.transport.amqp;

import com.rabbitmq.client.ConnectionFactory;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.spi.TransportContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a connected transporter: the current {@link AmqpSession}, loss detection, reconnection with
 * back-off and the balanced queues. Every state change runs on one lifecycle thread, so a reconnect, a
 * balanced refresh and a disconnect never interleave; senders only read the volatile {@link #session}.
 */
final class AmqpLink {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpLink.class);
    private static final long ACK_FLUSH_MILLIS = 2000;

    private final AmqpOptions options;
    private final ConnectionFactory factory;
    private final TransportContext context;
    private final AmqpTopology topology;
    private final AmqpPublisher publisher;
    private final AmqpAcks acks;
    private final ScheduledExecutorService lifecycle;
    private final String connectionName;
    private volatile @Nullable AmqpSession session;
    private final LivenessProbe probe;
    private volatile boolean closed;
    private int attempts; // lifecycle thread
    private long balancedSeq = Long.MIN_VALUE; // lifecycle thread
    private @Nullable AmqpSession balancedSession; // lifecycle thread

    AmqpLink(AmqpOptions options, ConnectionFactory factory, TransportContext context) {
        this.options = options;
        this.factory = factory;
        this.context = context;
        this.topology = new AmqpTopology(context.namespace(), context.nodeId(), options);
        this.connectionName = "mycelium:" + context.nodeId();
        this.publisher =
                new AmqpPublisher(options.sendQueue(), options.redactedUrl(), "mycelium-amqp-send-" + context.nodeId());
        this.acks = new AmqpAcks(context.nodeId());
        this.probe = new LivenessProbe(context, topology, options.probeInterval(), this::session);
        this.lifecycle = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("mycelium-amqp-" + context.nodeId())
                .factory());
    }

    AmqpTopology topology() {
        return topology;
    }

    AmqpPublisher publisher() {
        return publisher;
    }

    AmqpAcks acks() {
        return acks;
    }

    @Nullable
    AmqpSession session() {
        return session;
    }

    CompletableFuture<Void> start() {
        publisher.start();
        CompletableFuture<Void> started = new CompletableFuture<>();
        lifecycle.execute(() -> {
            try {
                session = open(true);
                probe.start();
                started.complete(null);
            } catch (Exception e) {
                started.completeExceptionally(
                        e instanceof DuplicateNodeIdException
                                ? e
                                : Failures.disconnected(
                                        "Cannot connect to AMQP broker " + options.redactedUrl() + ": " + e, e));
                shutdown();
            }
        });
        return started;
    }

    private AmqpSession open(boolean first) throws Exception {
        AmqpSession s = AmqpSession.open(
                factory, connectionName, topology, context, acks, options.prefetch(), first, (failed, cause) -> {
                    try {
                        lifecycle.execute(() -> lost(failed, cause));
                    } catch (RejectedExecutionException e) {
                        LOG.debug("AMQP connection lost after stop: {}", cause.toString());
                    }
                });
        try {
            syncBalanced(s);
        } catch (Exception e) {
            s.abort();
            throw e;
        }
        return s;
    }

    private void lost(AmqpSession failed, Throwable cause) {
        if (closed || session != failed) {
            return; // a stale report about a session that is no longer ours
        }
        session = null;
        failed.abort();
        publisher.failAll("AMQP broker " + options.redactedUrl() + " connection lost", cause);
        LOG.warn("AMQP connection to {} lost: {}", options.redactedUrl(), cause.toString());
        context.connectionLost(cause);
        attempts = 0;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        attempts++;
        if (options.reconnectAttempts() >= 0 && attempts > options.reconnectAttempts()) {
            LOG.error(
                    "AMQP broker {} still unreachable after {} attempts; giving up (sends keep failing)",
                    options.redactedUrl(),
                    options.reconnectAttempts());
            return;
        }
        lifecycle.schedule(this::reconnect, options.backoff(attempts).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        try {
            session = open(false);
            LOG.info("AMQP connection to {} restored after {} attempt(s)", options.redactedUrl(), attempts);
            attempts = 0;
            probe.reconnected();
            context.connectionRestored();
        } catch (Exception e) {
            LOG.debug("AMQP reconnect attempt {} failed: {}", attempts, e.toString());
            scheduleReconnect();
        }
    }

    /** Runs {@code then} on the lifecycle thread after the balanced queues match the local INFO. */
    void refreshBalancedThen(Runnable then) {
        try {
            lifecycle.execute(() -> {
                AmqpSession s = session;
                if (s != null && !closed) {
                    try {
                        syncBalanced(s);
                    } catch (Exception e) {
                        LOG.warn("AMQP balanced queues refresh failed: {}; reconnecting", e.toString());
                        lost(s, e);
                    }
                }
                then.run();
            });
        } catch (RejectedExecutionException e) {
            then.run();
        }
    }

    private void syncBalanced(AmqpSession s) throws Exception {
        if (!context.brokerBalancing()) {
            return;
        }
        InfoPacket info = context.localInfo();
        if (s == balancedSession && info.seq() == balancedSeq) {
            return;
        }
        Map<String, AmqpTopology.QueueSpec> wanted = BalancedQueues.of(info, topology);
        s.syncBalanced(wanted);
        balancedSession = s;
        balancedSeq = info.seq();
    }

    CompletableFuture<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        closed = true;
        probe.stop();
        try {
            lifecycle.execute(() -> {
                AmqpSession s = session;
                session = null;
                if (s != null) {
                    acks.flush(ACK_FLUSH_MILLIS); // what the node settled before stopping is not redelivered
                    s.close();
                }
                shutdown();
                stopped.complete(null);
            });
        } catch (RejectedExecutionException e) {
            shutdown();
            stopped.complete(null);
        }
        return stopped;
    }

    private void shutdown() {
        closed = true;
        publisher.stop();
        acks.stop();
        lifecycle.shutdown();
    }
}
