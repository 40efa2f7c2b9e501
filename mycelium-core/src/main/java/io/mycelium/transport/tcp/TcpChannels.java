package io.mycelium.transport.tcp;

import io.netty.util.AttributeKey;

/** Channel attributes of this package. */
final class TcpChannels {

    /** The peer a channel belongs to: known when dialling, learned from GOSSIP_HELLO when accepting. */
    static final AttributeKey<String> NODE_ID = AttributeKey.valueOf("mycelium.tcp.nodeId");

    /** The GOSSIP_HELLO an accepted channel opened with: the address its sender says it listens on. */
    static final AttributeKey<io.mycelium.protocol.GossipHelloPacket> HELLO =
            AttributeKey.valueOf("mycelium.tcp.hello");

    /** The outgoing connection a dialled channel serves. */
    static final AttributeKey<OutboundConnection> CONNECTION = AttributeKey.valueOf("mycelium.tcp.connection");

    /**
     * On an accepted channel from a dial-only node ({@code listen=false}): the connection this node's
     * packets to that node are written on, in the reverse direction.
     */
    static final AttributeKey<OutboundConnection> ADOPTED = AttributeKey.valueOf("mycelium.tcp.adopted");

    private TcpChannels() {}
}
