package io.mycelium;

import org.jspecify.annotations.Nullable;

/** The call did not end before its deadline (Moleculer's {@code RequestTimeoutError}, 504, retryable). */
public class RequestTimeoutException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The error for {@code action}, raised on {@code nodeId} when known. */
    public RequestTimeoutException(String action, @Nullable String nodeId) {
        super(
                "RequestTimeoutError",
                "Request is timed out when call '" + action + "' action"
                        + (nodeId == null ? "" : " on '" + nodeId + "' node") + ".",
                504,
                "REQUEST_TIMEOUT",
                actionData(action, nodeId));
    }

    /** An error recreated from its wire form. */
    public RequestTimeoutException(ErrorDetails details) {
        super(details);
    }
}
