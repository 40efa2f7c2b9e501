package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** A retryable error (Moleculer's {@code MoleculerRetryableError}); retry policies retry only these. */
public class RetryableException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** A retryable error with code 500 and no type. */
    public RetryableException(String message) {
        this(message, 500, "", NullNode.getInstance());
    }

    /** A retryable error; {@code type} may be empty. */
    public RetryableException(String message, int code, String type, JsonNode data) {
        this("MoleculerRetryableError", message, code, type, data);
    }

    /** An error recreated from its wire form. */
    public RetryableException(ErrorDetails details) {
        super(details);
    }

    /** For subclasses: a retryable error of the given wire {@code name}. */
    protected RetryableException(String name, String message, int code, String type, JsonNode data) {
        super(name, message, code, type, data, true);
    }

    static ObjectNode actionData(String action, @Nullable String nodeId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("action", action);
        if (nodeId != null) {
            data.put("nodeID", nodeId);
        }
        return data;
    }
}
