package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.MyceliumException;

/**
 * A packet does not fit in one TCP frame: its frame would be longer than {@code maxPacketSize} (code 413,
 * type {@code PACKET_TOO_LARGE}, not retryable). Nothing was sent; the caller's future fails with it.
 */
public final class PacketTooLargeException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    private final int frameLength;
    private final int maxPacketSize;

    PacketTooLargeException(int frameLength, int maxPacketSize) {
        super(
                "packet of " + frameLength + " bytes (header included) is larger than maxPacketSize " + maxPacketSize,
                413,
                "PACKET_TOO_LARGE",
                JsonNodeFactory.instance
                        .objectNode()
                        .put("frameLength", frameLength)
                        .put("maxPacketSize", maxPacketSize));
        this.frameLength = frameLength;
        this.maxPacketSize = maxPacketSize;
    }

    /** The frame length that was refused, header included. */
    public int frameLength() {
        return frameLength;
    }

    /** The configured limit. */
    public int maxPacketSize() {
        return maxPacketSize;
    }
}
