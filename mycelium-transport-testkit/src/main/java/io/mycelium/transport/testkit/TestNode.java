package io.mycelium.transport.testkit;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.Transporter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** One node of a transporter-level test: a transporter and the context that records what it receives. */
public record TestNode(String nodeId, Transporter transporter, RecordingTransportContext context) {

    /** Sends a UTF-8 text as the payload of a packet. */
    public CompletableFuture<Void> send(PacketType type, Destination destination, String text) {
        return transporter.send(type, destination, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends to one node. */
    public CompletableFuture<Void> sendTo(TestNode target, PacketType type, String text) {
        return send(type, Destination.node(target.nodeId()), text);
    }

    /** Sends to every node. */
    public CompletableFuture<Void> broadcast(PacketType type, String text) {
        return send(type, Destination.BROADCAST, text);
    }
}
