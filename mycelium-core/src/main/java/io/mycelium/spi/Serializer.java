package io.mycelium.spi;

import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.Packet;
import io.mycelium.protocol.PacketType;

/**
 * Turns packets into bytes and back. The serializer is mesh-wide: every node of a namespace uses the same
 * one. Implementations are stateless and <b>thread-safe</b>: transit and transporter threads call them
 * concurrently.
 */
public interface Serializer {

    /** The name users choose it by: {@code json}, {@code msgpack}, {@code cbor}. */
    String name();

    /**
     * Encodes a packet, adding {@code ver} and {@code sender}. The returned array belongs to the caller.
     */
    byte[] serialize(Packet packet);

    /**
     * Decodes the bytes of a packet whose type the transport already knows (from the topic or the TCP
     * frame header). Unknown fields are ignored.
     *
     * @throws InvalidPacketException when the bytes do not decode, {@code ver} is not {@code "5"}, or a
     *     required field is missing or of the wrong type
     */
    Packet deserialize(PacketType type, byte[] bytes);
}
