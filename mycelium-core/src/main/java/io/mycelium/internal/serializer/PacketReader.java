package io.mycelium.internal.serializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to the top-level fields of a decoded packet. A missing field or one of the wrong type
 * becomes an {@link InvalidPacketException} naming the packet type and the field; {@code null} counts as
 * absent, as it does for Moleculer.
 */
final class PacketReader {

    private final PacketType type;
    /** The protocol's fields by {@link Field} ordinal, {@code null} when absent. */
    private final @Nullable JsonNode[] known;
    /** Any other top-level field, in wire order (INFO relays them). */
    private final Map<String, JsonNode> others;

    PacketReader(PacketType type, @Nullable JsonNode[] known, Map<String, JsonNode> others) {
        this.type = type;
        this.known = known;
        this.others = others;
    }

    /**
     * All top-level fields as a tree (INFO keeps the ones it does not know): the protocol's in {@link Field}
     * order, then the others in wire order.
     */
    ObjectNode root() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Field field : Field.values()) {
            JsonNode value = known[field.ordinal()];
            if (value != null) {
                root.set(field.toString(), value);
            }
        }
        root.setAll(others);
        return root;
    }

    /** A top-level field, or {@code null} when absent. */
    @Nullable
    JsonNode get(Field name) {
        return known[name.ordinal()];
    }

    String requiredString(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            throw invalid("missing required field '" + name + "'");
        }
        if (!node.isTextual()) {
            throw wrongType(name, "a string", node);
        }
        return node.textValue();
    }

    /** A string, or the empty string when absent. */
    String string(Field name) {
        return optionalString(name).orElse("");
    }

    /** A string; numbers are accepted and turned into text (Moleculer ids may be user-chosen). */
    Optional<String> optionalString(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isNumber()) {
            return Optional.of(node.asText());
        }
        throw wrongType(name, "a string", node);
    }

    long requiredLong(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            throw invalid("missing required field '" + name + "'");
        }
        return toLong(name, node);
    }

    long longOr(Field name, long absent) {
        JsonNode node = present(name);
        return node == null ? absent : toLong(name, node);
    }

    int intOr(Field name, int absent) {
        JsonNode node = present(name);
        return node == null ? absent : toInt(name, node);
    }

    OptionalInt optionalInt(Field name) {
        JsonNode node = present(name);
        return node == null ? OptionalInt.empty() : OptionalInt.of(toInt(name, node));
    }

    boolean requiredBoolean(Field name) {
        return optionalBoolean(name).orElseThrow(() -> invalid("missing required field '" + name + "'"));
    }

    boolean booleanOr(Field name, boolean absent) {
        return optionalBoolean(name).orElse(absent);
    }

    Optional<Boolean> optionalBoolean(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw wrongType(name, "a boolean", node);
        }
        return Optional.of(node.booleanValue());
    }

    /** Any value; {@code null} (a {@link NullNode}) when absent. */
    JsonNode value(Field name) {
        JsonNode node = get(name);
        return node == null ? NullNode.getInstance() : node;
    }

    /**
     * A stream chunk: a Node Buffer that JSON carried as {@code {"type":"Buffer","data":[...]}} becomes a
     * {@link BinaryNode}; native binary already is one; anything else (object-mode chunks) is kept.
     */
    JsonNode chunk(Field name) {
        JsonNode node = value(name);
        if (node.isObject()
                && node.size() == 2
                && "Buffer".equals(node.path("type").textValue())) {
            JsonNode data = node.get("data");
            if (data != null && data.isArray()) {
                return BinaryNode.valueOf(bytes(name, data));
            }
        }
        return node;
    }

    /** An object, or a new empty object when absent. */
    ObjectNode object(Field name) {
        return optionalObject(name).orElseGet(JsonNodeFactory.instance::objectNode);
    }

    Optional<ObjectNode> optionalObject(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw wrongType(name, "an object", node);
        }
        return Optional.of((ObjectNode) node);
    }

    ArrayNode requiredArray(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            throw invalid("missing required field '" + name + "'");
        }
        if (!node.isArray()) {
            throw wrongType(name, "an array", node);
        }
        return (ArrayNode) node;
    }

    /** A list of strings, or empty when absent. */
    List<String> strings(Field name) {
        return optionalStrings(name).orElse(List.of());
    }

    Optional<List<String>> optionalStrings(Field name) {
        JsonNode node = present(name);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw wrongType(name, "an array of strings", node);
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw wrongType(name, "an array of strings", element);
            }
            values.add(element.textValue());
        }
        return Optional.of(values);
    }

    InvalidPacketException invalid(String reason) {
        return new InvalidPacketException(type + " packet: " + reason);
    }

    private @Nullable JsonNode present(Field name) {
        JsonNode node = get(name);
        // a type test, not isNull(): a call on JsonNode here has a dozen receiver classes
        return node == null || node instanceof NullNode ? null : node;
    }

    private long toLong(Field name, JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber() && Double.isFinite(node.doubleValue())) {
            return Math.round(node.doubleValue());
        }
        throw wrongType(name, "a number", node);
    }

    private int toInt(Field name, JsonNode node) {
        long value = toLong(name, node);
        if (value != (int) value) {
            throw invalid("field '" + name + "' is out of range: " + value);
        }
        return (int) value;
    }

    private byte[] bytes(Field name, JsonNode data) {
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonNode b = data.get(i);
            if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
                throw invalid("field '" + name + "' is a Buffer with a non-byte value: " + show(b));
            }
            bytes[i] = (byte) b.intValue();
        }
        return bytes;
    }

    private InvalidPacketException wrongType(Field name, String expected, JsonNode actual) {
        return invalid("field '" + name + "' must be " + expected + ", not " + describe(actual));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING, NUMBER, BOOLEAN -> node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(node);
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * A value as it may appear in a message: scalars as text, anything else by its kind. Never {@code
     * toString()} of a container: a MsgPack extension inside it is a POJO that only a MsgPack generator
     * can write, so its text fails (found by fuzzing, docs/fuzzing.md).
     */
    static String show(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING, NUMBER, BOOLEAN, NULL -> abbreviate(node);
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
