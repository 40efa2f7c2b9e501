package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Parameters failed validation (Moleculer's {@code ValidationError}, code 422, type
 * {@code VALIDATION_ERROR}). {@link #data()} is a list of {@code {type, message, field, actual}}.
 */
public class ValidationException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** A validation error with type {@code VALIDATION_ERROR}. */
    public ValidationException(String message, JsonNode data) {
        this(message, "VALIDATION_ERROR", data);
    }

    /** A validation error of the given type. */
    public ValidationException(String message, String type, JsonNode data) {
        super("ValidationError", message, 422, type, data);
    }

    /** An error recreated from its wire form. */
    public ValidationException(ErrorDetails details) {
        super(details);
    }

    /** One failed field, as an entry of {@link #data()}: {@code {type, message, field, actual}}. */
    public static ObjectNode violation(String type, String message, String field, @Nullable Object actual) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type).put("message", message).put("field", field);
        if (actual == null) {
            node.putNull("actual");
        } else if (actual instanceof com.fasterxml.jackson.databind.JsonNode tree) {
            node.set("actual", tree);
        } else {
            node.putPOJO("actual", actual);
        }
        return node;
    }
}
