package io.mycelium.interop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A transporter both sides have, and how each side is configured for it: Moleculer through peer.js's
 * {@code MOL_TRANSPORTER}/{@code MOL_TRANSPORTER_OPTIONS}, Mycelium through its transporter URL. The brokers
 * are the ones of this machine, on loopback.
 */
enum Transport {
    /**
     * Brokerless TCP, nodes found by UDP multicast (the default of both sides), bound to the loopback
     * interface so that discovery and the addresses it yields stay on 127.0.0.1.
     */
    TCP_UDP,
    /** Brokerless TCP, nodes listed up front ({@code host:port/nodeID}), no UDP. */
    TCP_STATIC,
    NATS,
    REDIS,
    AMQP,
    MQTT;

    /** A node taking part in a TCP mesh: its id and the port it listens on. */
    record Member(String nodeId, int port) {
        String url() {
            return "127.0.0.1:" + port + "/" + nodeId;
        }
    }

    boolean isTcp() {
        return this == TCP_UDP || this == TCP_STATIC;
    }

    /** {@code MOL_TRANSPORTER} for peer.js. */
    String moleculerTransporter() {
        return switch (this) {
            case TCP_UDP, TCP_STATIC -> "TCP";
            case NATS -> "nats://127.0.0.1:4222";
            case REDIS -> "redis://127.0.0.1:6379";
            case AMQP -> "amqp://guest:guest@127.0.0.1:5672";
            case MQTT -> "mqtt://127.0.0.1:1883";
        };
    }

    /** {@code MOL_TRANSPORTER_OPTIONS} for peer.js: {@code self} is the Node peer, {@code seeds} every member. */
    String moleculerOptions(Member self, List<Member> seeds) {
        ObjectNode o = NodePeer.JSON.createObjectNode();
        switch (this) {
            case TCP_UDP -> o.put("port", self.port()).put("udpBindAddress", "127.0.0.1");
            case TCP_STATIC -> {
                o.put("udpDiscovery", false).put("port", self.port());
                seeds.forEach(m -> o.withArray("urls").add(m.url()));
            }
            // Moleculer's default prefetch of 1 cannot receive a streamed request at all, not even from
            // another Moleculer node: the REQUEST opening the stream stays unacknowledged until its handler
            // ends, so the chunks behind it are never delivered (MoleculerWireFactsTest shows it). 2 is what
            // a Moleculer user must set to receive streams over AMQP.
            case AMQP -> o.put("prefetch", 2);
            default -> {}
        }
        return o.toString();
    }

    /** The Mycelium transporter URL for a Java node {@code self} in a mesh whose members are {@code seeds}. */
    String myceliumUrl(Member self, List<Member> seeds) {
        return switch (this) {
            case TCP_UDP -> "tcp://?udpBindAddress=127.0.0.1";
            case TCP_STATIC ->
                "tcp://" + seeds.stream().map(Member::url).collect(Collectors.joining(",")) + "?udpDiscovery=false";
            case NATS -> "nats://127.0.0.1:4222";
            case REDIS -> "redis://127.0.0.1:6379";
            case AMQP -> "amqp://guest:guest@127.0.0.1:5672";
            case MQTT -> "mqtt://127.0.0.1:1883";
        };
    }
}
