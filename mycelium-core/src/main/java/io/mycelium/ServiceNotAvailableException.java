package io.mycelium;

import org.jspecify.annotations.Nullable;

/** The serving node left or cannot be reached (Moleculer's {@code ServiceNotAvailableError}, 404, retryable). */
public class ServiceNotAvailableException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The error for {@code action}, raised on {@code nodeId} when known. */
    public ServiceNotAvailableException(String action, @Nullable String nodeId) {
        super(
                "ServiceNotAvailableError",
                "Service '" + action + "' is not available" + (nodeId == null ? "" : " on '" + nodeId + "' node") + ".",
                404,
                "SERVICE_NOT_AVAILABLE",
                actionData(action, nodeId));
    }

    /** An error recreated from its wire form. */
    public ServiceNotAvailableException(ErrorDetails details) {
        super(details);
    }
}
