package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.protocol.InvalidPacketException;
import io.mycelium.protocol.PacketType;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The children of a {@link LazyObjectNode}: every map operation first parses the encoded object into an
 * ordinary {@link LinkedHashMap} (once; the same value may reach several event handlers on several threads,
 * hence the lock), then delegates to it.
 */
final class LazyFields extends AbstractMap<String, JsonNode> {

    private final WireFormat format;
    private final PacketType packetType;
    private final byte[] raw;
    private volatile @Nullable Map<String, JsonNode> fields;

    LazyFields(WireFormat format, PacketType packetType, byte[] raw) {
        this.format = format;
        this.packetType = packetType;
        this.raw = raw;
    }

    byte @Nullable [] untouchedBytes(WireFormat wanted) {
        return fields == null && wanted == format ? raw : null;
    }

    private Map<String, JsonNode> fields() {
        Map<String, JsonNode> parsed = fields;
        if (parsed == null) {
            synchronized (this) {
                parsed = fields;
                if (parsed == null) {
                    parsed = parse();
                    fields = parsed;
                }
            }
        }
        return parsed;
    }

    private Map<String, JsonNode> parse() {
        Map<String, JsonNode> parsed = new LinkedHashMap<>();
        try (JsonParser parser = format.factory().createParser(raw)) {
            TreeReader.readObjectInto(format, parser, packetType, parsed);
        } catch (IOException | RuntimeException e) {
            // The envelope's decoder already walked these bytes, so this is a parser disagreeing with itself.
            throw e instanceof InvalidPacketException ipe
                    ? ipe
                    : new InvalidPacketException(
                            packetType + " packet: not valid " + format.serializerName() + ": " + e.getMessage(), e);
        }
        return parsed;
    }

    @Override
    public int size() {
        return fields().size();
    }

    @Override
    public boolean isEmpty() {
        return fields().isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return fields().containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return fields().containsValue(value);
    }

    @Override
    public @Nullable JsonNode get(Object key) {
        return fields().get(key);
    }

    @Override
    public @Nullable JsonNode put(String key, JsonNode value) {
        return fields().put(key, value);
    }

    @Override
    public @Nullable JsonNode remove(Object key) {
        return fields().remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ? extends JsonNode> m) {
        fields().putAll(m);
    }

    @Override
    public void clear() {
        fields().clear();
    }

    @Override
    public Set<String> keySet() {
        return fields().keySet();
    }

    @Override
    public Collection<JsonNode> values() {
        return fields().values();
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        return fields().entrySet();
    }

    @Override
    public JsonNode getOrDefault(Object key, JsonNode defaultValue) {
        return fields().getOrDefault(key, defaultValue);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        fields().forEach(action);
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super JsonNode, ? extends JsonNode> function) {
        fields().replaceAll(function);
    }

    @Override
    public @Nullable JsonNode putIfAbsent(String key, JsonNode value) {
        return fields().putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return fields().remove(key, value);
    }

    @Override
    public boolean replace(String key, JsonNode oldValue, JsonNode newValue) {
        return fields().replace(key, oldValue, newValue);
    }

    @Override
    public @Nullable JsonNode replace(String key, JsonNode value) {
        return fields().replace(key, value);
    }

    @Override
    public JsonNode computeIfAbsent(String key, Function<? super String, ? extends JsonNode> mappingFunction) {
        return fields().computeIfAbsent(key, mappingFunction);
    }

    @Override
    public @Nullable JsonNode computeIfPresent(
            String key, BiFunction<? super String, ? super JsonNode, ? extends JsonNode> remappingFunction) {
        return fields().computeIfPresent(key, remappingFunction);
    }

    @Override
    public @Nullable JsonNode compute(
            String key, BiFunction<? super String, ? super @Nullable JsonNode, ? extends JsonNode> remappingFunction) {
        return fields().compute(key, remappingFunction);
    }

    @Override
    public @Nullable JsonNode merge(
            String key,
            JsonNode value,
            BiFunction<? super JsonNode, ? super JsonNode, ? extends @Nullable JsonNode> remappingFunction) {
        return fields().merge(key, value, remappingFunction);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o == this || fields().equals(o);
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return fields().toString();
    }
}
