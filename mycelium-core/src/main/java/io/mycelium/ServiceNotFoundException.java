package io.mycelium;

import org.jspecify.annotations.Nullable;

/** No node serves the action (Moleculer's {@code ServiceNotFoundError}, 404, retryable). */
public class ServiceNotFoundException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The error for {@code action}, raised on {@code nodeId} when known. */
    public ServiceNotFoundException(String action, @Nullable String nodeId) {
        super(
                "ServiceNotFoundError",
                "Service '" + action + "' is not found" + (nodeId == null ? "" : " on '" + nodeId + "' node") + ".",
                404,
                "SERVICE_NOT_FOUND",
                actionData(action, nodeId));
    }

    /** An error recreated from its wire form. */
    public ServiceNotFoundException(ErrorDetails details) {
        super(details);
    }
}
