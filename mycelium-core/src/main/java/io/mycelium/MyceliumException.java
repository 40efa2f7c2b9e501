package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The base of every Mycelium error, Moleculer's {@code MoleculerError}. It carries a numeric
 * {@link #code()}, a machine readable {@link #type()}, extra {@link #data()}, whether it is
 * {@link #retryable()} and the {@link #nodeId()} where it happened. Thrown by a handler it crosses the
 * wire in Moleculer's error shape and comes back to a Java caller as the same class (chosen by
 * {@link #name()}); an error name Mycelium does not know arrives as a plain {@code MyceliumException}
 * keeping its name, code, type and data.
 *
 * <p>Exceptions are immutable and safe to share between threads.
 */
public class MyceliumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int code;
    private final String type;
    private final transient JsonNode data;
    private final boolean retryable;
    private final @Nullable String nodeId;
    private final @Nullable String remoteStack;

    /** A non-retryable error with code 500 and no type. */
    public MyceliumException(String message) {
        this(message, 500, "", NullNode.getInstance());
    }

    /** A non-retryable error; {@code type} may be empty. */
    public MyceliumException(String message, int code, String type, JsonNode data) {
        this("MoleculerError", message, code, type, data, false);
    }

    /** A non-retryable error with a cause kept for local diagnosis (the cause does not cross the wire). */
    public MyceliumException(String message, int code, String type, JsonNode data, Throwable cause) {
        super(message, cause);
        this.name = "MoleculerError";
        this.code = code;
        this.type = type;
        this.data = data;
        this.retryable = false;
        this.nodeId = null;
        this.remoteStack = null;
    }

    /** An error recreated from its wire form (used when a remote error arrives). */
    public MyceliumException(ErrorDetails details) {
        super(details.message());
        this.name = details.name();
        this.code = details.code();
        this.type = details.type();
        this.data = details.data();
        this.retryable = details.retryable();
        this.nodeId = details.nodeId().orElse(null);
        this.remoteStack = details.remoteStack().orElse(null);
    }

    /** For subclasses: an error of the given wire {@code name}. */
    protected MyceliumException(String name, String message, int code, String type, JsonNode data, boolean retryable) {
        super(message);
        this.name = name;
        this.code = code;
        this.type = type;
        this.data = data;
        this.retryable = retryable;
        this.nodeId = null;
        this.remoteStack = null;
    }

    /** The error class name on the wire, e.g. {@code ServiceNotFoundError}. */
    public String name() {
        return name;
    }

    /** The numeric code (HTTP-like: 404 not found, 422 validation, 500 server, 504 timeout). */
    public int code() {
        return code;
    }

    /** The machine readable type, e.g. {@code SERVICE_NOT_FOUND}; empty when none. */
    public String type() {
        return type;
    }

    /** Extra data; {@link NullNode} when none. */
    public JsonNode data() {
        return data == null ? NullNode.getInstance() : data;
    }

    /** True when trying again may succeed (a retry policy retries only these). */
    public boolean retryable() {
        return retryable;
    }

    /** The node where the error was raised, when it came from another node. */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** The stack trace text the remote node sent, if any. */
    public Optional<String> remoteStack() {
        return Optional.ofNullable(remoteStack);
    }

    /** The wire form of this error. */
    public ErrorDetails details() {
        return new ErrorDetails(
                name, String.valueOf(getMessage()), code, type, data(), retryable, nodeId(), remoteStack());
    }
}
