package io.mycelium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;

/**
 * Everything an error carries on the wire ({@code {name, message, nodeID, code, type, retryable, stack,
 * data}}). Used to recreate a remote error as its typed exception; users rarely need it.
 *
 * @param name the error class name on the wire, e.g. {@code ValidationError}
 * @param message the human readable message
 * @param code the numeric code, HTTP-like (500 when unknown)
 * @param type the machine readable type, e.g. {@code VALIDATION_ERROR}; empty when none
 * @param data extra data; {@link NullNode} when none
 * @param retryable whether a retry may succeed
 * @param nodeId the node where the error was raised, if known
 * @param remoteStack the stack trace text sent by a remote node, if any
 */
public record ErrorDetails(
        String name,
        String message,
        int code,
        String type,
        JsonNode data,
        boolean retryable,
        Optional<String> nodeId,
        Optional<String> remoteStack) {

    /** Details of a local error, with no node and no remote stack. */
    public static ErrorDetails of(
            String name, String message, int code, String type, JsonNode data, boolean retryable) {
        return new ErrorDetails(name, message, code, type, data, retryable, Optional.empty(), Optional.empty());
    }
}
