package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** A retryable server-side error (Moleculer's {@code MoleculerServerError}). */
public class ServerException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** A server error with code 500 and no type. */
    public ServerException(String message) {
        this(message, 500, "", NullNode.getInstance());
    }

    /** A server error; {@code type} may be empty. */
    public ServerException(String message, int code, String type, JsonNode data) {
        super("MoleculerServerError", message, code, type, data);
    }

    /** An error recreated from its wire form. */
    public ServerException(ErrorDetails details) {
        super(details);
    }
}
