package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.msgpack.jackson.dataformat.ExtensionTypeCustomDeserializers;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * msgpack5 (Moleculer's MsgPack library) sends a JavaScript {@code Date} as the MsgPack timestamp
 * extension (type -1). Left alone it would reach handlers as an opaque extension object; it becomes the
 * ISO-8601 text that Moleculer's JSON serializer would have carried ({@code Date.toISOString()}), so a
 * handler sees the same value whichever serializer the mesh uses.
 */
final class MsgPackTimestamps {

    private static final byte TIMESTAMP_TYPE = -1;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private MsgPackTimestamps() {}

    /** A MsgPack factory whose parsers turn timestamps into ISO-8601 text nodes. */
    static MessagePackFactory factory() {
        ExtensionTypeCustomDeserializers deserializers = new ExtensionTypeCustomDeserializers();
        deserializers.addCustomDeser(TIMESTAMP_TYPE, MsgPackTimestamps::toIsoText);
        return new MessagePackFactory().setExtTypeCustomDesers(deserializers);
    }

    static TextNode toIsoText(byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        Instant instant =
                switch (data.length) {
                    case 4 -> Instant.ofEpochSecond(Integer.toUnsignedLong(buffer.getInt()));
                    case 8 -> {
                        long value = buffer.getLong();
                        yield Instant.ofEpochSecond(value & 0x3_FFFF_FFFFL, value >>> 34);
                    }
                    case 12 -> {
                        long nanos = Integer.toUnsignedLong(buffer.getInt());
                        yield Instant.ofEpochSecond(buffer.getLong(), nanos);
                    }
                    default -> throw new IOException("a MsgPack timestamp of " + data.length + " bytes");
                };
        return TextNode.valueOf(ISO_MILLIS.format(instant));
    }
}
