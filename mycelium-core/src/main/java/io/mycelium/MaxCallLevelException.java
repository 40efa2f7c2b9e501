package io.mycelium;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** A call chain went deeper than the broker's {@code maxCallLevel} (Moleculer's {@code MaxCallLevelError}). */
public class MaxCallLevelException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** The error for a call at {@code level}, refused on {@code nodeId}. */
    public MaxCallLevelException(int level, String nodeId) {
        super(
                "MaxCallLevelError",
                "Request level is reached the limit (" + level + ") on '" + nodeId + "' node.",
                500,
                "MAX_CALL_LEVEL",
                JsonNodeFactory.instance.objectNode().put("level", level).put("nodeID", nodeId),
                false);
    }

    /** An error recreated from its wire form. */
    public MaxCallLevelException(ErrorDetails details) {
        super(details);
    }
}
