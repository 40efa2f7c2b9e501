package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
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
    /** The packet's bytes, from which a payload object is copied whole (see {@link #payload}). */
    private final byte @Nullable [] source;
    /** CBOR only: text must be well-formed UTF-16 (see {@link WellFormedText}). */
    private final boolean checkText;

    private TreeReader(WireFormat format, JsonParser parser, PacketType type, byte @Nullable [] source) {
        this.format = format;
        this.parser = parser;
        this.type = type;
        this.source = source;
        this.checkText = format == WireFormat.CBOR;
    }

    /**
     * The packet's top-level fields; the parser, reading {@code source}, stands on the root object's
     * END_OBJECT afterwards.
     */
    static PacketReader readPacket(WireFormat format, JsonParser parser, PacketType type, byte[] source)
            throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidPacketException(type + " packet: not a " + format.serializerName() + " object");
        }
        return new TreeReader(format, parser, type, source).fields();
    }

    /**
     * Reads one object, the whole input of {@code parser}, into {@code into}: the fields of a {@link
     * LazyObjectNode}, with the same checks and at the same depth as when it is read inside its packet.
     */
    static void readObjectInto(WireFormat format, JsonParser parser, PacketType type, Map<String, JsonNode> into)
            throws IOException {
        TreeReader reader = new TreeReader(format, parser, type, null);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidPacketException(type + " packet: not a " + format.serializerName() + " object");
        }
        reader.checkDepth(2);
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = reader.name();
            into.put(name, reader.value(parser.nextToken(), 3));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidPacketException(type + " packet: not valid " + format.serializerName());
        }
    }

    private PacketReader fields() throws IOException {
        // The protocol's fields by Field ordinal; any other in wire order, in a map made when one comes (a
        // hash map: a hostile packet may carry a hundred thousand of them).
        JsonNode[] known = new JsonNode[Field.COUNT];
        @Nullable Map<String, JsonNode> others = null;
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = name();
            Field field = Field.named(name);
            JsonToken first = parser.nextToken();
            JsonNode value = isPayload(field, first) ? payload() : value(first, 2);
            // a repeated name: the last one wins, as in a tree
            if (field != null) {
                known[field.ordinal()] = value;
            } else {
                if (others == null) {
                    others = new LinkedHashMap<>();
                }
                others.put(name, value);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidPacketException(type + " packet: not valid " + format.serializerName());
        }
        return new PacketReader(type, known, others == null ? Map.of() : others);
    }

    /**
     * Whether this top-level field is the payload kept encoded: an object in {@code params} of a REQUEST or
     * {@code data} of a RESPONSE or EVENT, in JSON. The binary formats still build trees: CBOR text must be
     * checked for unpaired surrogates, which means decoding it; MsgPack is not done yet.
     */
    private boolean isPayload(@Nullable Field field, @Nullable JsonToken first) {
        if (source == null || format != WireFormat.JSON || first != JsonToken.START_OBJECT) {
            return false;
        }
        return switch (type) {
            case REQUEST -> field == Field.PARAMS;
            case RESPONSE, EVENT -> field == Field.DATA;
            default -> false;
        };
    }

    /**
     * The payload object, with the parser on its START_OBJECT: skipped token by token (which checks that it
     * is well-formed and not too deep without building anything) and copied out of the packet's bytes,
     * which the transport may reuse. Text that is not UTF-8 (JSON may also be UTF-16 or UTF-32) is read by a
     * parser that counts chars, not bytes: it becomes a tree as before.
     */
    private JsonNode payload() throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        byte[] bytes = java.util.Objects.requireNonNull(source);
        if (start < 0 || start >= bytes.length || bytes[(int) start] != '{') {
            return value(JsonToken.START_OBJECT, 2);
        }
        parser.skipChildren();
        long end = parser.currentLocation().getByteOffset();
        if (end <= start || end > bytes.length || bytes[(int) end - 1] != '}') {
            // The UTF-8 parser reports where the object ends; should it not, refuse rather than guess.
            throw new IllegalStateException("payload offsets " + start + ".." + end + " do not frame an object");
        }
        return LazyObjectNode.of(format, type, java.util.Arrays.copyOfRange(bytes, (int) start, (int) end));
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
