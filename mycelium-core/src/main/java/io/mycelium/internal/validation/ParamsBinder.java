package io.mycelium.internal.validation;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ValidationException;
import io.mycelium.internal.util.Json;
import jakarta.validation.ConstraintViolation;
import java.util.Collection;
import java.util.Set;

/**
 * Turns the params of one call into a valid record, or a {@link ValidationException} in Moleculer's shape.
 * Steps: the params must be an object; {@link io.mycelium.Default defaults} fill missing or null fields
 * (nested records too); a primitive left out with no default is {@code required}; Jackson binds the record
 * (a value of the wrong kind is reported with its field); Bean Validation checks the constraints. Every
 * problem found is reported, not only the first. Thread-safe; one per action.
 */
public final class ParamsBinder {
    private static final String MESSAGE = "Parameters validation error!";

    private final Class<? extends Record> type;

    public ParamsBinder(Class<? extends Record> type) {
        this.type = type;
        RecordShape.of(type);
    }

    public Class<? extends Record> type() {
        return type;
    }

    /** The params with defaults applied, and the record bound from them. */
    public record Bound(ObjectNode tree, Record value) {}

    public Bound bind(JsonNode params) {
        ObjectNode tree;
        if (params.isObject()) {
            tree = ((ObjectNode) params).deepCopy();
        } else if (params.isNull() || params.isMissingNode()) {
            tree = Json.object();
        } else {
            throw failed(Json.nodes()
                    .arrayNode()
                    .add(ValidationException.violation("object", "The params must be an object.", "", params)));
        }
        ArrayNode problems = Json.nodes().arrayNode();
        fill(tree, RecordShape.of(type), "", problems);
        if (!problems.isEmpty()) {
            throw failed(problems);
        }
        Record value;
        try {
            value = Json.MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw failed(Json.nodes().arrayNode().add(Violations.ofMapping(e, tree)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw failed(Json.nodes()
                    .arrayNode()
                    .add(ValidationException.violation("object", String.valueOf(e.getMessage()), "", null)));
        }
        Set<ConstraintViolation<Record>> violations = Validators.get().validate(value);
        if (!violations.isEmpty()) {
            for (ConstraintViolation<Record> v : Violations.sorted(violations)) {
                problems.add(Violations.of(v));
            }
            throw failed(problems);
        }
        return new Bound(tree, value);
    }

    private static void fill(ObjectNode node, RecordShape shape, String prefix, ArrayNode problems) {
        for (RecordShape.Component c : shape.components()) {
            JsonNode v = node.get(c.name());
            if (v == null || v.isNull()) {
                if (c.defaultValue().isPresent()) {
                    node.set(c.name(), c.defaultValue().get().deepCopy());
                } else if (c.requiredPrimitive()) {
                    String field = prefix + c.name();
                    problems.add(ValidationException.violation(
                            "required", "The '" + field + "' field is required.", field, null));
                }
            } else if (v.isObject() && c.type().isRecord()) {
                fill((ObjectNode) v, RecordShape.of(c.type()), prefix + c.name() + ".", problems);
            } else if (v.isArray() && Collection.class.isAssignableFrom(c.type())) {
                Class<?> element = Schemas.elementClass(c.genericType());
                if (element != null && element.isRecord()) {
                    for (int i = 0; i < v.size(); i++) {
                        if (v.get(i).isObject()) {
                            fill(
                                    (ObjectNode) v.get(i),
                                    RecordShape.of(element),
                                    prefix + c.name() + "[" + i + "].",
                                    problems);
                        }
                    }
                }
            }
        }
    }

    private static ValidationException failed(ArrayNode problems) {
        return new ValidationException(MESSAGE, problems);
    }
}
