package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a packet from a streaming parser: the top-level fields into a small name/value table (no map, no
 * root tree), each value into a Jackson tree built straight from the tokens. {@code ObjectMapper.readTree}
 * builds the same trees but allocates a deserialization context and a container stack per call, which cost
 * more than the envelope itself on a small REQUEST. Rare values (big decimals, embedded objects other than
 * bytes) still go through the mapper so that they come out exactly as before.
 */
final class TreeReader {

    private final WireFormat format;
    private final JsonParser parser;
    private final PacketType type;
    /** CBOR only: text must be well-formed UTF-16 (see {@link WellFormedText}). */
    private final boolean checkText;

    private TreeReader(WireFormat format, JsonParser parser, PacketType type) {
        this.format = format;
        this.parser = parser;
        this.type = type;
        this.checkText = format == WireFormat.CBOR;
    }

    /** The packet's top-level fields; the parser stands on the root object's END_OBJECT afterwards. */
    static PacketReader readPacket(WireFormat format, JsonParser parser, PacketType type) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidPacketException(type + " packet: not a " + format.serializerName() + " object");
        }
        return new TreeReader(format, parser, type).fields();
    }

    private PacketReader fields() throws IOException {
        String[] names = new String[16];
        JsonNode[] values = new JsonNode[16];
        int size = 0;
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = name();
            JsonNode value = value(parser.nextToken(), 2);
            int at = indexOf(names, size, name);
            if (at >= 0) {
                values[at] = value; // a repeated name: the last one wins, as in a tree
                continue;
            }
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = value;
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidPacketException(type + " packet: not valid " + format.serializerName());
        }
        return new PacketReader(type, names, values, size);
    }

    private static int indexOf(String[] names, int size, String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode value(@Nullable JsonToken t, int depth) throws IOException {
        if (t == null) {
            throw new InvalidPacketException(
                    type + " packet: not valid " + format.serializerName() + ": unexpected end of input");
        }
        var nodes = SmallIntNodeFactory.INSTANCE;
        return switch (t) {
            case START_OBJECT -> object(depth);
            case START_ARRAY -> array(depth);
            case VALUE_STRING -> nodes.textNode(text(parser.getText()));
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT ->
                switch (parser.getNumberType()) {
                    case DOUBLE -> nodes.numberNode(parser.getDoubleValue());
                    case FLOAT -> nodes.numberNode(parser.getFloatValue());
                    default -> format.mapper().readTree(parser);
                };
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            case VALUE_EMBEDDED_OBJECT ->
                parser.getEmbeddedObject() instanceof byte[] bytes
                        ? nodes.binaryNode(bytes)
                        : format.mapper().readTree(parser);
            default ->
                throw new InvalidPacketException(
                        type + " packet: not valid " + format.serializerName() + ": unexpected " + t);
        };
    }

    private ObjectNode object(int depth) throws IOException {
        checkDepth(depth);
        ObjectNode node = SmallIntNodeFactory.INSTANCE.objectNode();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = name();
            node.replace(name, value(parser.nextToken(), depth + 1));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidPacketException(type + " packet: not valid " + format.serializerName());
        }
        return node;
    }

    private ArrayNode array(int depth) throws IOException {
        checkDepth(depth);
        ArrayNode node = SmallIntNodeFactory.INSTANCE.arrayNode();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            node.add(value(t, depth + 1));
        }
        return node;
    }

    private String name() throws IOException {
        String name = parser.currentName();
        if (checkText && !WellFormedText.wellFormed(name)) {
            throw new InvalidPacketException(type + " packet: a field name with an unpaired surrogate");
        }
        return name;
    }

    private String text(String text) {
        if (checkText && !WellFormedText.wellFormed(text)) {
            throw new InvalidPacketException(type + " packet: a string with an unpaired surrogate");
        }
        return text;
    }

    /** A backstop: the parsers enforce the same limit (MsgPack through {@link MsgPackGuard}). */
    private void checkDepth(int depth) {
        if (depth > WireFormat.MAX_DEPTH) {
            throw new InvalidPacketException(
                    type + " packet: nesting depth " + depth + " exceeds the maximum of " + WireFormat.MAX_DEPTH);
        }
    }
}
