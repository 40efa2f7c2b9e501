package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.internal.util.Json;
import io.mycelium.spi.Selection;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a strategy sees of one call or event; the params tree is made only if a shard key asks for it. */
final class CallSelection implements Selection {
    private final String name;
    private final @Nullable Object params;
    private final Map<String, Object> meta;
    private final Optional<String> group;

    CallSelection(String name, @Nullable Object params, Map<String, Object> meta) {
        this(name, params, meta, Optional.empty());
    }

    private CallSelection(String name, @Nullable Object params, Map<String, Object> meta, Optional<String> group) {
        this.name = name;
        this.params = params;
        this.meta = meta;
        this.group = group;
    }

    /** The same selection for one event group. */
    CallSelection forGroup(String group) {
        return new CallSelection(name, params, meta, Optional.of(group));
    }

    @Override
    public Optional<String> group() {
        return group;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> key(String key) {
        if (key.startsWith("#")) {
            Object v = meta.get(key.substring(1));
            return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
        }
        if (params instanceof Map<?, ?> map) {
            Object v = map.get(key);
            return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
        }
        JsonNode tree = Json.tree(params);
        JsonNode v = tree.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.isValueNode() ? v.asText() : v.toString());
    }
}
