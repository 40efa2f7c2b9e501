package io.mycelium.transport.amqp;

import io.mycelium.protocol.PacketType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The exchanges and queues of one node, named and declared exactly as Moleculer 0.15's AMQP transporter
 * does (amqplib's defaults: durable queues and exchanges, not exclusive), so that a Moleculer node
 * declaring the same exchange or balanced queue gets no {@code PRECONDITION_FAILED}.
 */
final class AmqpTopology {

    /** When the packets of a queue are acknowledged. */
    enum Ack {
        /** Consumed without acknowledgements ({@code noAck}): broadcast, RESPONSE, EVENT and PONG queues. */
        NONE,
        /**
         * Acknowledged once handed to the node: the node's own REQUEST queue. Moleculer waits for the handler
         * there too, but then {@code prefetch} serializes every call to a node (and with 1 a streamed request
         * never gets its chunks), while a redelivery could only reach the same node ID, after its callers
         * have given up.
         */
        ON_RECEIPT,
        /**
         * Acknowledged once the node settles the packet (its handler ended), so a worker that dies mid-handler
         * leaves it to another: the shared balanced queues, as Moleculer's {@code amqp.js}.
         */
        WHEN_SETTLED
    }

    /**
     * One queue this node consumes. {@code exchange} is the fanout exchange it is bound to (routing key
     * {@code ""}), or null for a queue reached with {@code sendToQueue}.
     */
    record QueueSpec(
            String queue,
            PacketType type,
            @Nullable String exchange,
            boolean autoDelete,
            Map<String, Object> arguments,
            Ack ack) {

        /** Consumed with acknowledgements ({@code noAck} false). */
        boolean acknowledged() {
            return ack != Ack.NONE;
        }
    }

    private final String prefix;
    private final String nodeId;
    private final AmqpOptions options;

    AmqpTopology(String namespace, String nodeId, AmqpOptions options) {
        this.prefix = prefix(namespace);
        this.nodeId = nodeId;
        this.options = options;
    }

    /** {@code MOL} or {@code MOL-<namespace>}. */
    static String prefix(String namespace) {
        return namespace.isEmpty() ? "MOL" : "MOL-" + namespace;
    }

    String prefix() {
        return prefix;
    }

    /** The fanout exchange of broadcast packets of a type: {@code PREFIX.<CMD>}. */
    String exchange(PacketType type) {
        return prefix + "." + type.command();
    }

    /** The queue of a type for one node: {@code PREFIX.<CMD>.<nodeID>}. */
    String nodeQueue(PacketType type, String node) {
        return prefix + "." + type.command() + "." + node;
    }

    String balancedRequestQueue(String action) {
        return prefix + ".REQB." + action;
    }

    String balancedEventQueue(String group, String event) {
        return prefix + ".EVENTB." + group + "." + event;
    }

    /** This node's queues, in Moleculer's subscription order, one entry per queue. */
    List<QueueSpec> nodeQueues() {
        List<QueueSpec> specs = new ArrayList<>();
        specs.add(targeted(PacketType.EVENT));
        specs.add(targeted(PacketType.REQUEST));
        specs.add(targeted(PacketType.RESPONSE));
        specs.add(broadcast(PacketType.DISCOVER));
        specs.add(broadcast(PacketType.INFO));
        specs.add(broadcast(PacketType.DISCONNECT));
        specs.add(broadcast(PacketType.HEARTBEAT));
        specs.add(broadcast(PacketType.PING));
        specs.add(targeted(PacketType.PONG));
        return specs;
    }

    private QueueSpec targeted(PacketType type) {
        return new QueueSpec(
                nodeQueue(type, nodeId),
                type,
                null,
                autoDelete(type),
                arguments(type, false),
                type == PacketType.REQUEST ? Ack.ON_RECEIPT : Ack.NONE);
    }

    private QueueSpec broadcast(PacketType type) {
        return new QueueSpec(
                nodeQueue(type, nodeId), type, exchange(type), autoDelete(type), arguments(type, false), Ack.NONE);
    }

    QueueSpec balancedRequest(String action) {
        return new QueueSpec(
                balancedRequestQueue(action),
                PacketType.REQUEST,
                null,
                false,
                arguments(PacketType.REQUEST, true),
                Ack.WHEN_SETTLED);
    }

    QueueSpec balancedEvent(String group, String event) {
        return new QueueSpec(
                balancedEventQueue(group, event),
                PacketType.EVENT,
                null,
                false,
                arguments(PacketType.EVENT, true),
                Ack.WHEN_SETTLED);
    }

    private static boolean autoDelete(PacketType type) {
        return switch (type) {
            case REQUEST, RESPONSE, EVENT -> false;
            default -> true;
        };
    }

    /** Moleculer's {@code _getQueueOptions}: {@code expires} and {@code messageTtl} become these arguments. */
    private Map<String, Object> arguments(PacketType type, boolean balanced) {
        Map<String, Object> args = new LinkedHashMap<>();
        OptionalLong expires = options.queueExpiresMs();
        switch (type) {
            case REQUEST -> {
                if (!balanced) {
                    expires.ifPresent(ms -> args.put("x-expires", (int) ms));
                }
            }
            case RESPONSE -> expires.ifPresent(ms -> args.put("x-expires", (int) ms));
            case EVENT -> {
                expires.ifPresent(ms -> args.put("x-expires", (int) ms));
                options.eventTtlMs().ifPresent(ms -> args.put("x-message-ttl", (int) ms));
            }
            case HEARTBEAT -> options.heartbeatTtlMs().ifPresent(ms -> args.put("x-message-ttl", (int) ms));
            default -> {}
        }
        return Map.copyOf(args);
    }
}
