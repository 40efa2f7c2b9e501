package io.mycelium.transport.zmq;

import io.mycelium.protocol.PacketType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one-frame message of the transporter: a byte naming the packet type, then the serialized packet.
 * A single frame keeps each packet atomic against the high-water mark (no half-sent multipart message).
 */
final class Frames {

    /** The wire code of a type is its index here: append only, never reorder. */
    private static final List<PacketType> TYPES = List.of(
            PacketType.DISCOVER,
            PacketType.INFO,
            PacketType.HEARTBEAT,
            PacketType.REQUEST,
            PacketType.RESPONSE,
            PacketType.EVENT,
            PacketType.PING,
            PacketType.PONG,
            PacketType.DISCONNECT);

    private Frames() {}

    /** The frame for a packet; {@code type} must be one of the types carried (not the gossip ones). */
    static byte[] encode(PacketType type, byte[] payload) {
        int code = TYPES.indexOf(type);
        if (code < 0) {
            throw new IllegalArgumentException("zmq:// does not carry " + type + " packets");
        }
        byte[] frame = new byte[payload.length + 1];
        frame[0] = (byte) code;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    /** The packet type of a frame, or null when the frame is empty or names no type. */
    static @Nullable PacketType type(byte[] frame) {
        if (frame.length == 0) {
            return null;
        }
        int code = frame[0] & 0xff;
        return code < TYPES.size() ? TYPES.get(code) : null;
    }

    static byte[] payload(byte[] frame) {
        byte[] payload = new byte[frame.length - 1];
        System.arraycopy(frame, 1, payload, 0, payload.length);
        return payload;
    }
}
