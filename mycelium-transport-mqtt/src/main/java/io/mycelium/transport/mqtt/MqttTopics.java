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

    /** The balanced topic of an action, {@code PREFIX.REQB.<action>} (broker balancing). */
    String balancedRequest(String action) {
        return prefix + ".REQB." + action;
    }

    /** The balanced topic of an event group, {@code PREFIX.EVENTB.<group>.<event>} (broker balancing). */
    String balancedEvent(String group, String event) {
        return prefix + ".EVENTB." + group + "." + event;
    }

    /**
     * A shared subscription of {@code topic} in share group {@code group}: the broker hands each message to
     * one subscriber of the group. A share name may not hold {@code / + #}; those become {@code _}.
     */
    static String shared(String group, String topic) {
        return "$share/" + group.replaceAll("[/+#]", "_") + "/" + topic;
    }

    /** Every topic this node subscribes. */
    Iterable<String> subscriptions() {
        return subscribed.keySet();
    }

    /** The packet type of a message on one of the subscribed topics, or null for any other topic. */
    @Nullable
    PacketType typeOf(String topic) {
        PacketType type = subscribed.get(topic);
        if (type == null && topic.startsWith(prefix + ".")) {
            if (topic.startsWith(".REQB.", prefix.length())) {
                return PacketType.REQUEST;
            }
            if (topic.startsWith(".EVENTB.", prefix.length())) {
                return PacketType.EVENT;
            }
        }
        return type;
    }
}
