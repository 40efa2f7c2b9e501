package io.mycelium.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** The gateway's one Jackson mapper (thread-safe once configured) and small tree helpers. */
final class Json {
    // A shared buffer pool: Jackson's default pool is per thread, and the HTTP API writes on virtual threads
    // that each live for one call, so every answer would allocate fresh 8 KiB buffers.
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
            .build());

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static JsonNode tree(@Nullable Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        return value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
    }

    static ArrayNode args(Object... args) {
        ArrayNode a = array();
        for (Object o : args) {
            a.add(tree(o));
        }
        return a;
    }

    /** {@code node} as UTF-8 JSON. */
    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
