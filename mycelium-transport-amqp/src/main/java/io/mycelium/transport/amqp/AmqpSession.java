package io.mycelium.transport.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.protocol.DiscoverPacket;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.TransportContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection with its queues declared and consumed: a consume channel (prefetch, acks) and a
 * publish channel written only by the {@link AmqpPublisher} thread. A session never comes back once it
 * fails: the transporter opens a new one, so subscriptions are made exactly once per connection.
 */
final class AmqpSession {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpSession.class);

    private final Connection connection;
    private final Channel consumer;
    private final Channel publisher;
    private final AmqpTopology topology;
    private final TransportContext context;
    private final AmqpAcks acks;
    private final List<AmqpTopology.QueueSpec> bound = new ArrayList<>();
    private final Set<String> exchanges = new HashSet<>(); // publisher thread only
    private final Set<String> queues = new HashSet<>(); // publisher thread only
    private final Map<String, String> balancedTags = new HashMap<>(); // lifecycle thread only
    private final BiConsumer<AmqpSession, Throwable> onFailure;
    private volatile boolean closing;

    private AmqpSession(
            Connection connection,
            AmqpTopology topology,
            TransportContext context,
            AmqpAcks acks,
            BiConsumer<AmqpSession, Throwable> onFailure)
            throws IOException {
        this.connection = connection;
        this.acks = acks;
        this.onFailure = onFailure;
        this.topology = topology;
        this.context = context;
        this.consumer = connection.createChannel();
        this.publisher = connection.createChannel();
    }

    /**
     * Connects, declares and consumes this node's queues. {@code onFailure} is called (on a client
     * thread) when the connection or a channel dies unexpectedly, once the session is open.
     */
    static AmqpSession open(
            ConnectionFactory factory,
            String connectionName,
            AmqpTopology topology,
            TransportContext context,
            AmqpAcks acks,
            int prefetch,
            boolean first,
            BiConsumer<AmqpSession, Throwable> onFailure)
            throws IOException, TimeoutException {
        Connection connection = factory.newConnection(connectionName);
        try {
            AmqpSession session = new AmqpSession(connection, topology, context, acks, onFailure);
            if (first) {
                session.refuseIfIdTaken();
            }
            session.subscribe(prefetch);
            session.watch();
            return session;
        } catch (IOException | RuntimeException e) {
            connection.abort(1000);
            throw e;
        }
    }

    /**
     * Both instances of a node id would consume the same queues, and the broker would share their packets
     * between them: before subscribing, a node whose DISCOVER queue already has a consumer refuses to
     * start. The live instance is sent a DISCOVER from its own id, which it reports.
     */
    private void refuseIfIdTaken() throws IOException, TimeoutException {
        String queue = topology.nodeQueue(PacketType.DISCOVER, context.nodeId());
        Channel probe = connection.createChannel();
        int consumers;
        try {
            consumers = probe.queueDeclarePassive(queue).getConsumerCount();
            if (consumers > 0) {
                probe.basicPublish(
                        "", queue, null, context.serializer().serialize(new DiscoverPacket(context.nodeId())));
            }
        } catch (IOException e) {
            consumers = 0; // no such queue: nobody holds the id (the passive declaration closed the channel)
        } finally {
            if (probe.isOpen()) {
                probe.close();
            }
        }
        if (consumers > 0) {
            throw new DuplicateNodeIdException(
                    context.nodeId(), context.namespace(), consumers + " consumer(s) already on AMQP queue " + queue);
        }
    }

    /**
     * {@code prefetch} is per consumer: how many unacknowledged messages each queue's consumer may hold. On
     * a balanced queue a message stays unacknowledged until its handler ends, so it bounds the handlers
     * this node runs at once for that action or event group (1 by default, as Moleculer).
     */
    private void subscribe(int prefetch) throws IOException {
        consumer.basicQos(prefetch);
        for (AmqpTopology.QueueSpec spec : topology.nodeQueues()) {
            String exchange = spec.exchange();
            if (exchange != null) {
                declareExchange(consumer, exchange);
                exchanges.add(exchange);
            }
            consumer.queueDeclare(spec.queue(), true, false, spec.autoDelete(), spec.arguments());
            if (exchange != null) {
                consumer.queueBind(spec.queue(), exchange, "");
                bound.add(spec);
            }
            consume(spec);
        }
    }

    private void watch() {
        connection.addShutdownListener(cause -> {
            if (!closing && !cause.isInitiatedByApplication()) {
                onFailure.accept(this, cause);
            }
        });
        // A channel error (a failed declaration, for instance) leaves a half-working session: drop it all.
        for (Channel channel : List.of(consumer, publisher)) {
            channel.addShutdownListener(cause -> {
                if (!closing && !cause.isHardError() && !cause.isInitiatedByApplication()) {
                    onFailure.accept(this, cause);
                }
            });
        }
    }

    /** The connection, for a liveness probe that opens a channel of its own on it. */
    Connection connection() {
        return connection;
    }

    static void declareExchange(Channel channel, String exchange) throws IOException {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true, false, null);
    }

    private String consume(AmqpTopology.QueueSpec spec) throws IOException {
        return consumer.basicConsume(
                spec.queue(),
                !spec.acknowledged(),
                (tag, delivery) -> {
                    Envelope envelope = delivery.getEnvelope();
                    switch (spec.ack()) {
                        case NONE -> context.receive(spec.type(), delivery.getBody());
                        case ON_RECEIPT -> {
                            context.receive(spec.type(), delivery.getBody());
                            acks.ack(consumer, spec.queue(), envelope.getDeliveryTag());
                        }
                        case WHEN_SETTLED ->
                            context.receive(
                                    spec.type(),
                                    delivery.getBody(),
                                    acks.delivery(
                                            consumer, spec.queue(), envelope.getDeliveryTag(), envelope.isRedeliver()));
                    }
                },
                tag -> {
                    if (!closing) {
                        LOG.warn("AMQP broker cancelled the consumer of {}; reconnecting", spec.queue());
                        onFailure.accept(
                                this, new IOException("consumer of " + spec.queue() + " cancelled by the broker"));
                    }
                });
    }

    /** Makes the balanced queues consumed exactly {@code wanted}. Lifecycle thread only. */
    void syncBalanced(Map<String, AmqpTopology.QueueSpec> wanted) throws IOException {
        for (var it = balancedTags.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!wanted.containsKey(entry.getKey())) {
                consumer.basicCancel(entry.getValue());
                it.remove();
            }
        }
        for (AmqpTopology.QueueSpec spec : wanted.values()) {
            if (!balancedTags.containsKey(spec.queue())) {
                consumer.queueDeclare(spec.queue(), true, false, spec.autoDelete(), spec.arguments());
                balancedTags.put(spec.queue(), consume(spec));
            }
        }
    }

    /**
     * Publishes one packet, declaring {@code queue} first (once per session) when given. Publisher thread
     * only.
     */
    void publish(String exchange, String routingKey, AmqpTopology.@Nullable QueueSpec queue, byte[] body)
            throws IOException {
        if (!exchange.isEmpty() && !exchanges.contains(exchange)) {
            // Publishing to a missing exchange would close the channel: declare it first (idempotent).
            declareExchange(publisher, exchange);
            exchanges.add(exchange);
        }
        if (queue != null && !queues.contains(queue.queue())) {
            // RabbitMQ silently drops a message sent to a queue that does not exist yet, and a Moleculer
            // worker advertises its actions (INFO answering a DISCOVER) up to a second before it declares
            // their balanced queues: declared here (idempotent, with the arguments its consumers use), the
            // request waits in the queue for them instead of being lost while its call hangs to timeout.
            declareQueue(queue);
            queues.add(queue.queue());
        }
        publisher.basicPublish(exchange, routingKey, null, body);
    }

    /**
     * On a channel of its own: a queue a worker declared with other arguments fails the declaration
     * ({@code PRECONDITION_FAILED}) and closes the channel, which must not be the publish channel. Such a
     * queue exists, so the packet is published to it all the same (as it was before this declaration).
     */
    private void declareQueue(AmqpTopology.QueueSpec queue) throws IOException {
        Channel channel = connection.createChannel();
        try {
            channel.queueDeclare(queue.queue(), true, false, queue.autoDelete(), queue.arguments());
        } catch (IOException e) {
            if (!connection.isOpen()) {
                throw e;
            }
            // most likely declared with other arguments (else refused, e.g. no configure permission)
            LOG.warn("AMQP queue {} not declared, publishing to it as it is: {}", queue.queue(), e.toString());
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (TimeoutException e) {
                    channel.abort();
                }
            }
        }
    }

    boolean isOpen() {
        return !closing && connection.isOpen();
    }

    /** Unbinds the broadcast queues (as Moleculer does on disconnect) and closes the connection. */
    void close() {
        closing = true;
        try {
            for (AmqpTopology.QueueSpec spec : bound) {
                String exchange = spec.exchange();
                if (exchange != null) {
                    consumer.queueUnbind(spec.queue(), exchange, "");
                }
            }
            connection.close(2000);
        } catch (IOException | ShutdownSignalException e) {
            LOG.debug("AMQP close: {}", e.toString());
            connection.abort(1000);
        }
    }

    /** Drops the connection without any further broker traffic. */
    void abort() {
        closing = true;
        connection.abort(1000);
    }
}
