package io.mycelium.internal.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.internal.util.Json;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A params record as a schema in Moleculer's fastest-validator notation, announced as the action's
 * {@code params} in INFO so other nodes, Moleculer's tooling and the CLI can show it, e.g.
 * {@code {"name":{"type":"string","empty":false,"max":40},"limit":{"type":"number","integer":true,
 * "optional":true,"default":20}}}. A field is required unless it is a reference without {@code @NotNull},
 * {@code @NotBlank} or {@code @NotEmpty}, or has a {@code @Default}.
 */
public final class Schemas {
    private Schemas() {}

    /** The schema of {@code type}. */
    public static ObjectNode of(Class<?> type) {
        return props(type, new HashSet<>());
    }

    private static ObjectNode props(Class<?> type, Set<Class<?>> seen) {
        ObjectNode out = Json.object();
        seen.add(type);
        for (RecordShape.Component c : RecordShape.of(type).components()) {
            out.set(c.name(), rule(c, seen));
        }
        seen.remove(type);
        return out;
    }

    private static ObjectNode rule(RecordShape.Component c, Set<Class<?>> seen) {
        ObjectNode r = typeRule(c.type(), c.genericType(), seen);
        if (c.has("Email")) {
            r.put("type", "email");
        }
        if (c.has("NotBlank") || c.has("NotEmpty")) {
            r.put("empty", false);
        }
        c.annotation(Size.class).ifPresent(s -> {
            if (s.min() > 0) {
                r.put("min", s.min());
            }
            if (s.max() != Integer.MAX_VALUE) {
                r.put("max", s.max());
            }
        });
        c.annotation(Min.class).ifPresent(m -> putBound(r, "min", m.value()));
        c.annotation(Max.class).ifPresent(m -> putBound(r, "max", m.value()));
        c.annotation(DecimalMin.class).ifPresent(m -> r.put("min", new BigDecimal(m.value())));
        c.annotation(DecimalMax.class).ifPresent(m -> r.put("max", new BigDecimal(m.value())));
        if (c.has("Positive")) {
            r.put("positive", true);
        }
        if (c.has("Negative")) {
            r.put("negative", true);
        }
        c.annotation(Pattern.class).ifPresent(p -> r.put("pattern", p.regexp()));
        boolean required = c.defaultValue().isEmpty()
                && (c.type().isPrimitive() || c.has("NotNull") || c.has("NotBlank") || c.has("NotEmpty"));
        if (!required) {
            r.put("optional", true);
        }
        c.defaultValue().ifPresent(d -> r.set("default", d));
        return r;
    }

    /** Bounds as ints when they fit, as JavaScript peers read them (and as people write them). */
    private static void putBound(ObjectNode r, String key, long value) {
        if (value == (int) value) {
            r.put(key, (int) value);
        } else {
            r.put(key, value);
        }
    }

    private static ObjectNode typeRule(Class<?> t, Type generic, Set<Class<?>> seen) {
        ObjectNode r = Json.object();
        if (t == String.class || t == char.class || t == Character.class) {
            r.put("type", "string");
        } else if (t == boolean.class || t == Boolean.class) {
            r.put("type", "boolean");
        } else if (t == int.class
                || t == long.class
                || t == short.class
                || t == byte.class
                || t == Integer.class
                || t == Long.class
                || t == Short.class
                || t == Byte.class
                || t == BigInteger.class) {
            r.put("type", "number").put("integer", true);
        } else if (t.isPrimitive() || Number.class.isAssignableFrom(t)) {
            r.put("type", "number");
        } else if (t.isEnum()) {
            r.put("type", "enum");
            ArrayNode values = r.putArray("values");
            for (Object constant : t.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
        } else if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            r.put("type", "array");
            Class<?> element = t.isArray() ? t.getComponentType() : elementClass(generic);
            if (element != null && element != Object.class) {
                r.set("items", typeRule(element, element, seen));
            }
        } else if (t.isRecord() && !seen.contains(t)) {
            r.put("type", "object");
            r.set("props", props(t, seen));
        } else if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            r.put("type", "object");
        } else {
            r.put("type", "any");
        }
        return r;
    }

    /** The element class of a {@code Collection<E>} type, if it names one. */
    static @Nullable Class<?> elementClass(Type generic) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            Type arg = p.getActualTypeArguments()[0];
            if (arg instanceof Class<?> c) {
                return c;
            }
            if (arg instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> raw) {
                return raw;
            }
        }
        return null;
    }
}
