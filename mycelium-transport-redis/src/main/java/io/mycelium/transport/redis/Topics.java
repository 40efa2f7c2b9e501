package io.mycelium.transport.redis;

import io.mycelium.protocol.PacketType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Moleculer's channel names: {@code MOL[-<namespace>].<CMD>[.<nodeID>]}. */
final class Topics {

    private static final List<PacketType> TARGETED = List.of(
            PacketType.EVENT,
            PacketType.REQUEST,
            PacketType.RESPONSE,
            PacketType.DISCOVER,
            PacketType.INFO,
            PacketType.PING,
            PacketType.PONG);
    private static final List<PacketType> BROADCAST =
            List.of(PacketType.DISCOVER, PacketType.INFO, PacketType.DISCONNECT, PacketType.HEARTBEAT, PacketType.PING);

    private final String prefix;

    Topics(String namespace) {
        this.prefix = namespace.isEmpty() ? "MOL" : "MOL-" + namespace;
    }

    String broadcast(PacketType type) {
        return prefix + '.' + type.command();
    }

    String node(PacketType type, String nodeId) {
        return prefix + '.' + type.command() + '.' + nodeId;
    }

    /** Every channel a node subscribes to, with the packet type it carries. */
    Map<String, PacketType> subscriptions(String nodeId) {
        Map<String, PacketType> channels = new HashMap<>();
        TARGETED.forEach(t -> channels.put(node(t, nodeId), t));
        BROADCAST.forEach(t -> channels.put(broadcast(t), t));
        return Map.copyOf(channels);
    }
}
