package io.mycelium;

import org.jspecify.annotations.Nullable;

/** The node refused the call, for example because it is stopping (Moleculer's {@code RequestRejectedError}, 503, retryable). */
public class RequestRejectedException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The error for {@code action}, raised on {@code nodeId} when known. */
    public RequestRejectedException(String action, @Nullable String nodeId) {
        super(
                "RequestRejectedError",
                "Request is rejected when call '" + action + "' action"
                        + (nodeId == null ? "" : " on '" + nodeId + "' node") + ".",
                503,
                "REQUEST_REJECTED",
                actionData(action, nodeId));
    }

    /** An error recreated from its wire form. */
    public RequestRejectedException(ErrorDetails details) {
        super(details);
    }
}
