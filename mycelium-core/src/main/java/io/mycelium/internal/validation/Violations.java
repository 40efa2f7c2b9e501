package io.mycelium.internal.validation;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ValidationException;
import io.mycelium.internal.util.Json;
import jakarta.validation.ConstraintViolation;
import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One failure as an entry of a {@code ValidationError}'s data: {@code {type, message, field, actual}}, with
 * the types named as Moleculer's fastest-validator names them ({@code required}, {@code stringMin},
 * {@code numberMax}, ...) so a JavaScript caller reads our errors as it reads its own.
 */
final class Violations {
    private Violations() {}

    /** Violations in a stable order: by field, then type. */
    static List<ConstraintViolation<Record>> sorted(Set<ConstraintViolation<Record>> all) {
        return all.stream()
                .sorted(Comparator.comparing((ConstraintViolation<Record> v) ->
                                v.getPropertyPath().toString())
                        .thenComparing(v -> v.getConstraintDescriptor()
                                .getAnnotation()
                                .annotationType()
                                .getSimpleName()))
                .toList();
    }

    static ObjectNode of(ConstraintViolation<Record> v) {
        String field = v.getPropertyPath().toString();
        Object actual = v.getInvalidValue();
        Annotation constraint = v.getConstraintDescriptor().getAnnotation();
        String type = type(constraint, actual);
        String message = v.getMessageTemplate().startsWith("{")
                ? "The '" + field + "' field " + v.getMessage() + "."
                : v.getMessage();
        return ValidationException.violation(type, message, field, actual == null ? null : Json.tree(actual));
    }

    private static String type(Annotation constraint, @Nullable Object actual) {
        String name = constraint.annotationType().getSimpleName();
        Map<String, Object> attrs = attributes(constraint);
        return switch (name) {
            case "NotNull" -> "required";
            case "NotBlank", "NotEmpty" ->
                actual == null ? "required" : actual instanceof CharSequence ? "stringEmpty" : "arrayEmpty";
            case "Size" -> sizeType(actual, attrs);
            case "Min", "DecimalMin" -> "numberMin";
            case "Max", "DecimalMax" -> "numberMax";
            case "Positive", "PositiveOrZero" -> "numberPositive";
            case "Negative", "NegativeOrZero" -> "numberNegative";
            case "Pattern" -> "stringPattern";
            case "Email" -> "email";
            case "Past", "PastOrPresent" -> "dateMax";
            case "Future", "FutureOrPresent" -> "dateMin";
            case "AssertTrue", "AssertFalse" -> "equalValue";
            default -> Character.toLowerCase(name.charAt(0)) + name.substring(1);
        };
    }

    private static String sizeType(@Nullable Object actual, Map<String, Object> attrs) {
        int length = actual instanceof CharSequence s
                ? s.length()
                : actual instanceof Collection<?> c ? c.size() : actual instanceof Map<?, ?> m ? m.size() : -1;
        String kind = actual instanceof CharSequence ? "string" : "array";
        int min = attrs.get("min") instanceof Integer i ? i : 0;
        return kind + (length >= 0 && length < min ? "Min" : "Max");
    }

    private static Map<String, Object> attributes(Annotation a) {
        Map<String, Object> out = new java.util.HashMap<>();
        for (var m : a.annotationType().getDeclaredMethods()) {
            if (m.getParameterCount() == 0) {
                try {
                    out.put(m.getName(), m.invoke(a));
                } catch (ReflectiveOperationException e) {
                    // an attribute we cannot read only makes the type less precise
                }
            }
        }
        return out;
    }

    /** A value Jackson could not bind: the field's path, the kind it should have been, what came. */
    static ObjectNode ofMapping(JsonMappingException e, JsonNode tree) {
        StringBuilder path = new StringBuilder();
        JsonNode actual = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
                actual = actual.path(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                actual = actual.path(ref.getIndex());
            }
        }
        String field = path.toString();
        if (e instanceof ValueInstantiationException vi && vi.getCause() != null) {
            return ValidationException.violation(
                    "object",
                    String.valueOf(vi.getCause().getMessage()),
                    field,
                    actual.isMissingNode() ? null : actual);
        }
        String kind = e instanceof MismatchedInputException mi && mi.getTargetType() != null
                ? kind(mi.getTargetType())
                : "object";
        return ValidationException.violation(
                kind,
                "The '" + field + "' field must be " + article(kind) + " " + kind + ".",
                field,
                actual.isMissingNode() ? null : actual);
    }

    private static String kind(Class<?> t) {
        if (t == String.class || t == char.class || t == Character.class) {
            return "string";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "boolean";
        }
        if (t.isPrimitive() || Number.class.isAssignableFrom(t)) {
            return "number";
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "array";
        }
        if (t.isEnum()) {
            return "enumValue";
        }
        return "object";
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }
}
