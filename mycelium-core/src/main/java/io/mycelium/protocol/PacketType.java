package io.mycelium.protocol;

import java.util.Optional;

/**
 * Every packet type of the protocol, with the command word used in broker topics and the id used in TCP
 * frames (0 where the packet never travels over the TCP transporter).
 */
public enum PacketType {
    DISCOVER("DISCOVER", 0),
    INFO("INFO", 0),
    HEARTBEAT("HEARTBEAT", 0),
    REQUEST("REQ", 2),
    RESPONSE("RES", 3),
    EVENT("EVENT", 1),
    PING("PING", 4),
    PONG("PONG", 5),
    DISCONNECT("DISCONNECT", 0),
    GOSSIP_REQ("GOSSIP_REQ", 6),
    GOSSIP_RES("GOSSIP_RES", 7),
    GOSSIP_HELLO("GOSSIP_HELLO", 8);

    private static final PacketType[] BY_TCP_ID = new PacketType[9];

    static {
        for (PacketType type : values()) {
            if (type.tcpId != 0) {
                BY_TCP_ID[type.tcpId] = type;
            }
        }
    }

    private final String command;
    private final int tcpId;

    PacketType(String command, int tcpId) {
        this.command = command;
        this.tcpId = tcpId;
    }

    /** The command word of broker topics, e.g. {@code REQ} in {@code MOL.REQ.node-1}. */
    public String command() {
        return command;
    }

    /** The type byte of a TCP frame, or 0 when this type never travels over TCP. */
    public int tcpId() {
        return tcpId;
    }

    /** The packet type for a TCP frame's type byte, if any. */
    public static Optional<PacketType> ofTcpId(int id) {
        return id > 0 && id < BY_TCP_ID.length ? Optional.ofNullable(BY_TCP_ID[id]) : Optional.empty();
    }

    /** The packet type for a topic command word, if any. */
    public static Optional<PacketType> ofCommand(String command) {
        for (PacketType type : values()) {
            if (type.command.equals(command)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
