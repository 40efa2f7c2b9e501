package io.mycelium.transport.nats;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import java.util.List;

/** Moleculer's subject names: {@code MOL[-<namespace>].<CMD>[.<nodeID>]}, plus the balanced queues. */
final class Topics {

    /** The packet types every node subscribes to with its own node ID appended. */
    static final List<PacketType> TARGETED = List.of(
            PacketType.EVENT,
            PacketType.REQUEST,
            PacketType.RESPONSE,
            PacketType.DISCOVER,
            PacketType.INFO,
            PacketType.PING,
            PacketType.PONG);

    /** The packet types every node subscribes to without a node ID. */
    static final List<PacketType> BROADCAST =
            List.of(PacketType.DISCOVER, PacketType.INFO, PacketType.DISCONNECT, PacketType.HEARTBEAT, PacketType.PING);

    private final String prefix;

    Topics(String namespace) {
        this.prefix = namespace.isEmpty() ? "MOL" : "MOL-" + namespace;
    }

    String prefix() {
        return prefix;
    }

    String broadcast(PacketType type) {
        return prefix + '.' + type.command();
    }

    String node(PacketType type, String nodeId) {
        return prefix + '.' + type.command() + '.' + nodeId;
    }

    String balancedRequest(String action) {
        return prefix + ".REQB." + action;
    }

    /** A trailing {@code **} wildcard of an event name becomes NATS's {@code >}, as Moleculer does. */
    String balancedEvent(String group, String event) {
        String subject = prefix + ".EVENTB." + group + '.' + event;
        int wildcard = subject.indexOf("**");
        return wildcard < 0 ? subject : subject.substring(0, wildcard) + '>';
    }

    String of(PacketType type, Destination destination) {
        return switch (destination) {
            case Destination.Broadcast b -> broadcast(type);
            case Destination.Node n -> node(type, n.nodeId());
            case Destination.BalancedRequest r -> balancedRequest(r.action());
            case Destination.BalancedEvent e -> prefix + ".EVENTB." + e.group() + '.' + e.event();
        };
    }
}
