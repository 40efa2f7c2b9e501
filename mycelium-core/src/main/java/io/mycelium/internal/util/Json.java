package io.mycelium.internal.util;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The one Jackson mapper used to convert params, results and meta; configured once, thread-safe. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    public static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A value as a tree; {@code null} becomes {@link NullNode}. */
    public static JsonNode tree(@Nullable Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        return MAPPER.valueToTree(value);
    }

    /** A map as an object tree; empty maps cost nothing. */
    public static ObjectNode objectTree(Map<String, ?> map) {
        if (map.isEmpty()) {
            return object();
        }
        return MAPPER.valueToTree(map);
    }

    /** An object tree as a mutable map. */
    public static Map<String, Object> map(@Nullable JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return MAPPER.convertValue(node, MAP);
    }

    /**
     * Converts a value (a tree or any object) into {@code type}; the value is returned as is when it already
     * has the type. A value that does not fit is the caller's fault: {@link ValidationException}.
     */
    @SuppressWarnings("unchecked")
    public static <T> T convert(@Nullable Object value, Class<T> type) {
        if (value != null && type.isInstance(value)) {
            return (T) value;
        }
        if (type == JsonNode.class) {
            return (T) tree(value);
        }
        try {
            return value instanceof JsonNode node ? MAPPER.treeToValue(node, type) : MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(type.getTypeName(), e);
        }
    }

    /** Converts a value into a generic type. */
    public static <T> T convert(@Nullable Object value, JavaType type) {
        try {
            if (value instanceof JsonNode node) {
                return MAPPER.treeToValue(node, type);
            }
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(type.toString(), e);
        }
    }

    private static ValidationException invalid(String type, Exception e) {
        String message = "Parameters do not fit " + type + ": " + e.getMessage();
        var data = nodes().arrayNode()
                .add(ValidationException.violation("type", String.valueOf(e.getMessage()), "", null));
        return new ValidationException(message, data);
    }
}
