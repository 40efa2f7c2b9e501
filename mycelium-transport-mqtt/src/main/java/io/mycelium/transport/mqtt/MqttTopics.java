package io.mycelium.transport.mqtt;

import io.mycelium.protocol.PacketType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Moleculer's MQTT topics: {@code PREFIX.<CMD>} and {@code PREFIX.<CMD>.<nodeID>} (separator {@code .}),
 * with {@code PREFIX} = {@code MOL} or {@code MOL-<namespace>}; and the topics one node subscribes.
 */
final class MqttTopics {
    private final String prefix;
    private final Map<String, PacketType> subscribed = new HashMap<>();

    MqttTopics(String namespace, String nodeId) {
        this.prefix = namespace.isEmpty() ? "MOL" : "MOL-" + namespace;
        for (PacketType type : List.of(
                PacketType.EVENT,
                PacketType.REQUEST,
                PacketType.RESPONSE,
                PacketType.DISCOVER,
                PacketType.INFO,
                PacketType.PING,
                PacketType.PONG)) {
            subscribed.put(topic(type, nodeId), type);
        }
        for (PacketType type : List.of(
                PacketType.DISCOVER, PacketType.INFO, PacketType.DISCONNECT, PacketType.HEARTBEAT, PacketType.PING)) {
            subscribed.put(topic(type), type);
        }
    }

    String topic(PacketType type) {
        return prefix + "." + type.command();
    }

    String topic(PacketType type, String nodeId) {
        return prefix + "." + type.command() + "." + nodeId;
    }

    /** Every topic this node subscribes. */
    Iterable<String> subscriptions() {
        return subscribed.keySet();
    }

    /** The packet type of a message on one of the subscribed topics, or null for any other topic. */
    @Nullable
    PacketType typeOf(String topic) {
        return subscribed.get(topic);
    }
}
