package io.mycelium.transport.testkit;

import io.mycelium.protocol.PacketType;

/** One packet a {@link RecordingTransportContext} was handed, with the bytes exactly as they arrived. */
public record ReceivedPacket(PacketType type, byte[] payload) {

    /** The payload read as UTF-8, for tests that send text. */
    public String text() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
