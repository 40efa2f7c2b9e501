package io.mycelium.protocol;

/**
 * One protocol packet. Every packet names its {@link #sender()} node; the protocol version {@code "5"}
 * is written and checked by the serializers and not stored here.
 *
 * <p>Dynamic values (params, data, meta, headers, errors, service lists) are Jackson trees: a decoded
 * packet holds exactly what the peer sent, so it re-encodes losslessly in any of the serializers.
 * A {@code switch} over this sealed type is exhaustive, so a new packet type makes the compiler list
 * every place to update.
 */
public sealed interface Packet
        permits DiscoverPacket,
                InfoPacket,
                HeartbeatPacket,
                RequestPacket,
                ResponsePacket,
                EventPacket,
                PingPacket,
                PongPacket,
                DisconnectPacket,
                GossipHelloPacket,
                GossipRequestPacket,
                GossipResponsePacket {

    /** The protocol version this library speaks. */
    String PROTOCOL_VERSION = "5";

    /** The node that sent the packet. */
    String sender();

    /** The type of this packet. */
    PacketType type();
}
