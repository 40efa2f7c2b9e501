package io.mycelium.transport.tcp;

import io.netty.util.AttributeKey;

/** Channel attributes of this package. */
final class TcpChannels {

    /** The peer a channel belongs to: known when dialling, learned from GOSSIP_HELLO when accepting. */
    static final AttributeKey<String> NODE_ID = AttributeKey.valueOf("mycelium.tcp.nodeId");

    /** The outgoing connection a dialled channel serves. */
    static final AttributeKey<OutboundConnection> CONNECTION = AttributeKey.valueOf("mycelium.tcp.connection");

    private TcpChannels() {}
}
