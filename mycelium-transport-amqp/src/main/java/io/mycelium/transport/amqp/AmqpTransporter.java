package io.mycelium.transport.amqp;

import com.rabbitmq.client.ConnectionFactory;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The AMQP 0-9-1 transporter. Targeted packets go to the queue {@code PREFIX.<CMD>.<nodeID>} through the
 * default exchange; broadcasts to the fanout exchange {@code PREFIX.<CMD>}; balanced requests and events
 * to the shared queues {@code PREFIX.REQB.<action>} and {@code PREFIX.EVENTB.<group>.<event>}.
 * Thread-safe; {@link #send} never blocks (a bounded queue feeds one writer thread).
 */
final class AmqpTransporter implements Transporter {
    private final AmqpOptions options;
    private final AtomicReference<@Nullable AmqpLink> link = new AtomicReference<>();
    private volatile boolean disconnected;
    private volatile @Nullable TransportContext context;

    AmqpTransporter(AmqpOptions options) {
        this.options = options;
    }

    AmqpOptions options() {
        return options;
    }

    /** The connected link, null before {@link #connect}. */
    @Nullable
    AmqpLink link() {
        return link.get();
    }

    @Override
    public CompletableFuture<Void> connect(TransportContext context) {
        if (disconnected) {
            return Failures.failed(new IllegalStateException("AMQP transporter already disconnected"));
        }
        ConnectionFactory factory;
        try {
            factory = connectionFactory();
        } catch (NoSuchAlgorithmException e) {
            return Failures.failed(new IllegalStateException("No TLS available for " + options.redactedUrl(), e));
        }
        AmqpLink created = new AmqpLink(options, factory, context);
        if (!link.compareAndSet(null, created)) {
            return Failures.failed(new IllegalStateException("AMQP transporter connect() called twice"));
        }
        this.context = context;
        return created.start();
    }

    private ConnectionFactory connectionFactory() throws NoSuchAlgorithmException {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(options.host());
        f.setPort(options.port());
        f.setUsername(options.username());
        f.setPassword(options.password());
        f.setVirtualHost(options.virtualHost());
        f.setConnectionTimeout(
                (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        f.setHandshakeTimeout(
                (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        f.setRequestedHeartbeat(options.heartbeatSeconds());
        // We reconnect ourselves: fail fast while down, resubscribe once, tell the node.
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        f.setThreadFactory(
                Thread.ofPlatform().daemon().name("mycelium-amqp-io-", 0).factory());
        if (options.tls()) {
            f.useSslProtocol(SSLContext.getDefault());
            if (options.tlsVerifyHostname()) {
                f.enableHostnameVerification();
            }
        }
        return f;
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        AmqpLink l = link.get();
        AmqpSession s = l == null ? null : l.session();
        if (l == null || s == null || disconnected) {
            return Failures.failed(
                    Failures.disconnected("AMQP broker " + options.redactedUrl() + " is not connected", null));
        }
        if (payload.length > options.maxPayload()) {
            return Failures.failed(new IllegalArgumentException("Packet of " + payload.length
                    + " bytes exceeds the AMQP transporter's maxPayload of " + options.maxPayload()));
        }
        AmqpTopology topology = l.topology();
        String exchange = "";
        String routingKey;
        AmqpTopology.QueueSpec queue = null;
        switch (destination) {
            case Destination.Broadcast b -> {
                exchange = topology.exchange(type);
                routingKey = "";
            }
            case Destination.Node n -> routingKey = topology.nodeQueue(type, n.nodeId());
            case Destination.BalancedRequest r -> {
                queue = topology.balancedRequest(r.action());
                routingKey = queue.queue();
            }
            case Destination.BalancedEvent e -> routingKey = topology.balancedEventQueue(e.group(), e.event());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AmqpPublisher.Outgoing outgoing = new AmqpPublisher.Outgoing(s, exchange, routingKey, queue, payload, done);
        TransportContext ctx = context;
        if (type == PacketType.INFO && ctx != null && ctx.brokerBalancing()) {
            // Consume the balanced queues of new actions before peers learn of them from this INFO.
            l.refreshBalancedThen(() -> enqueue(l, outgoing));
            return done;
        }
        enqueue(l, outgoing);
        return done;
    }

    private static void enqueue(AmqpLink l, AmqpPublisher.Outgoing outgoing) {
        if (!l.publisher().offer(outgoing)) {
            outgoing.done()
                    .completeExceptionally(new IllegalStateException(
                            "AMQP send queue is full (" + l.publisher().capacity() + " packets waiting)"));
        }
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        disconnected = true;
        AmqpLink l = link.get();
        return l == null ? CompletableFuture.completedFuture(null) : l.stop();
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
        return options.maxPayload();
    }
}
