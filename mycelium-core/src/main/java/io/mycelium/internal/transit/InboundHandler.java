package io.mycelium.internal.transit;

import io.mycelium.internal.registry.NodeEntry;
import io.mycelium.protocol.EventPacket;
import io.mycelium.protocol.RequestPacket;

/**
 * What the broker does with what transit receives. Called on transporter threads: must not block. The
 * {@link Settlement} handed with a REQUEST or an EVENT is the receiver's: it settles it once the packet's
 * handler has ended (or the packet was dropped), on every path.
 */
public interface InboundHandler {

    void request(RequestPacket request, Settlement settlement);

    /**
     * The first packet of a streamed request, with the stream its chunks will fill. The receiver owns the
     * stream: it closes it when the handler is done.
     */
    void streamRequest(RequestPacket request, java.io.InputStream stream, Settlement settlement);

    void event(EventPacket event, Settlement settlement);

    void nodeConnected(NodeEntry node, boolean reconnected);

    void nodeDisconnected(NodeEntry node, boolean unexpected);

    void servicesChanged(boolean local);
}
