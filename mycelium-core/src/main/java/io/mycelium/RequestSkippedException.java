package io.mycelium;

import org.jspecify.annotations.Nullable;

/** The callee skipped the call because its deadline had already passed (Moleculer's {@code RequestSkippedError}, 514). */
public class RequestSkippedException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** The error for {@code action}, raised on {@code nodeId} when known. */
    public RequestSkippedException(String action, @Nullable String nodeId) {
        super(
                "RequestSkippedError",
                "Calling '" + action + "' is skipped because timeout reached"
                        + (nodeId == null ? "" : " on '" + nodeId + "' node") + ".",
                514,
                "REQUEST_SKIPPED",
                RetryableException.actionData(action, nodeId),
                false);
    }

    /** An error recreated from its wire form. */
    public RequestSkippedException(ErrorDetails details) {
        super(details);
    }
}
