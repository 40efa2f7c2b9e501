package io.mycelium.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Default;
import io.mycelium.internal.util.Json;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The components of a params record as validation and the schema need them: name, type, constraint
 * annotations (read from the record's private field, where Java puts annotations that do not target record
 * components) and the parsed {@link Default}. Computed once per class.
 */
record RecordShape(Class<?> type, List<Component> components) {

    private static final ClassValue<RecordShape> CACHE = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return read(type);
        }
    };

    /** One component of the record. */
    record Component(
            String name, Class<?> type, Type genericType, Annotation[] annotations, Optional<JsonNode> defaultValue) {

        /** A primitive with no default cannot be left out: Moleculer's schema calls it required. */
        boolean requiredPrimitive() {
            return type.isPrimitive() && defaultValue.isEmpty();
        }

        <A extends Annotation> Optional<A> annotation(Class<A> kind) {
            for (Annotation a : annotations) {
                if (kind.isInstance(a)) {
                    return Optional.of(kind.cast(a));
                }
            }
            return Optional.empty();
        }

        boolean has(String simpleName) {
            for (Annotation a : annotations) {
                if (a.annotationType().getSimpleName().equals(simpleName)) {
                    return true;
                }
            }
            return false;
        }
    }

    static RecordShape of(Class<?> type) {
        return CACHE.get(type);
    }

    private static RecordShape read(Class<?> type) {
        RecordComponent[] rcs = type.getRecordComponents();
        if (rcs == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        List<Component> out = new ArrayList<>();
        for (RecordComponent rc : rcs) {
            Annotation[] annotations =
                    field(type, rc.getName()).map(Field::getAnnotations).orElseGet(rc::getAnnotations);
            Default d = rc.getAnnotation(Default.class);
            out.add(new Component(
                    rc.getName(),
                    rc.getType(),
                    rc.getGenericType(),
                    annotations,
                    d == null ? Optional.empty() : Optional.of(parseDefault(type, rc, d.value()))));
        }
        return new RecordShape(type, List.copyOf(out));
    }

    private static Optional<Field> field(Class<?> type, String name) {
        try {
            return Optional.of(type.getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    private static JsonNode parseDefault(Class<?> owner, RecordComponent rc, String text) {
        if (rc.getType() == String.class || rc.getType() == char.class || rc.getType() == Character.class) {
            return Json.nodes().textNode(text);
        }
        JsonNode parsed = parseJson(text);
        JsonNode value = parsed != null ? parsed : Json.nodes().textNode(text);
        try {
            Json.convert(value, Json.MAPPER.getTypeFactory().constructType(rc.getGenericType()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "@Default(\"" + text + "\") of " + owner.getSimpleName() + "." + rc.getName() + " does not fit "
                            + rc.getGenericType().getTypeName(),
                    e);
        }
        return value;
    }

    private static @Nullable JsonNode parseJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
