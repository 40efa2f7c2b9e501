package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** A non-retryable error caused by the caller (Moleculer's {@code MoleculerClientError}, code 400 by default). */
public class ClientException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** A client error with code 400 and no type. */
    public ClientException(String message) {
        this(message, 400, "", NullNode.getInstance());
    }

    /** A client error; {@code type} may be empty. */
    public ClientException(String message, int code, String type, JsonNode data) {
        this("MoleculerClientError", message, code, type, data);
    }

    /** An error recreated from its wire form. */
    public ClientException(ErrorDetails details) {
        super(details);
    }

    /** For subclasses: a client error of the given wire {@code name}. */
    protected ClientException(String name, String message, int code, String type, JsonNode data) {
        super(name, message, code, type, data, false);
    }
}
