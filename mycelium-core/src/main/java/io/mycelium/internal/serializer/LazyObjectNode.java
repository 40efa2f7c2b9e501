package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.protocol.PacketType;
import org.jspecify.annotations.Nullable;

/**
 * An object value ({@code params} of a REQUEST, {@code data} of a RESPONSE or EVENT) kept as its encoded
 * bytes until someone looks inside. It is an ordinary {@code ObjectNode} to its users: every read or write
 * goes through the children map, which parses the bytes on first use ({@link LazyFields}). Until then the
 * same format's encoder copies the bytes instead of writing a tree, so a handler that returns its params
 * untouched (echo, proxies) costs one copy of the payload. Once parsed, the bytes are forgotten: a tree that
 * has been handed out may have been changed, at any depth.
 */
final class LazyObjectNode extends com.fasterxml.jackson.databind.node.ObjectNode {

    private static final long serialVersionUID = 1L;

    private LazyObjectNode(LazyFields fields) {
        super(JsonNodeFactory.instance, fields);
    }

    /** An object over {@code raw}, the complete encoding of one object value; the array is kept, not copied. */
    static LazyObjectNode of(WireFormat format, PacketType packetType, byte[] raw) {
        return new LazyObjectNode(new LazyFields(format, packetType, raw));
    }

    /** The encoded bytes while no one has looked inside and {@code format} is theirs; else {@code null}. */
    byte @Nullable [] untouchedBytes(WireFormat format) {
        return ((LazyFields) _children).untouchedBytes(format);
    }
}
