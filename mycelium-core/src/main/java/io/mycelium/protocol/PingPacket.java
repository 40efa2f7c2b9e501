package io.mycelium.protocol;

/** Asks a node for a PONG; {@code time} is the sender's clock in epoch milliseconds. */
public record PingPacket(String sender, String id, long time) implements Packet {

    private static final String PROBE = "$probe:";

    @Override
    public PacketType type() {
        return PacketType.PING;
    }

    /**
     * The id of a PING a transporter sends only to learn whether a node is still there (a liveness probe that
     * reads the broker's answer, not the PONG): the node's PONG to it is expected and dropped without a
     * warning.
     */
    public static String probeId(String nodeId, long sequence) {
        return PROBE + nodeId + ":" + sequence;
    }

    /** True for an id made by {@link #probeId}. */
    public static boolean isProbe(String id) {
        return id.startsWith(PROBE);
    }
}
