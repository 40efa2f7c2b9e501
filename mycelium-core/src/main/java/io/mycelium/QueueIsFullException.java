package io.mycelium;

import org.jspecify.annotations.Nullable;

/** The node's queue is full (Moleculer's {@code QueueIsFullError}, 429, retryable). */
public class QueueIsFullException extends RetryableException {
    private static final long serialVersionUID = 1L;

    /** The error for {@code action}, raised on {@code nodeId} when known. */
    public QueueIsFullException(String action, @Nullable String nodeId) {
        super(
                "QueueIsFullError",
                "Queue is full. Request '" + action + "' action" + (nodeId == null ? "" : " on '" + nodeId + "' node")
                        + " is rejected.",
                429,
                "QUEUE_FULL",
                actionData(action, nodeId));
    }

    /** An error recreated from its wire form. */
    public QueueIsFullException(ErrorDetails details) {
        super(details);
    }
}
