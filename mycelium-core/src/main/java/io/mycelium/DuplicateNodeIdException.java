package io.mycelium;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * This node's id is already live in its namespace: another instance (a Mycelium or Moleculer node)
 * answered with the same node id. Thrown by {@link ServiceBroker#start()}, which then leaves the mesh
 * untouched; the instance already running keeps its identity and logs an error naming this one. Not
 * retryable until the other instance stops or one of the two gets another id.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DuplicateNodeIdException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    private final String duplicateId;
    private final String namespace;
    private final String otherInstance;

    /**
     * @param duplicateId the node id both instances claim
     * @param namespace the namespace, empty for none
     * @param otherInstance how the other instance describes itself (instance id, host, addresses)
     */
    public DuplicateNodeIdException(String duplicateId, String namespace, String otherInstance) {
        super(
                "DuplicateNodeIdError",
                "Node ID '" + duplicateId + "' is already in use"
                        + (namespace.isEmpty() ? "" : " in namespace '" + namespace + "'")
                        + " by another live instance (" + otherInstance + "). Give every node "
                        + "a unique ID (ServiceBroker.builder().nodeId(...), or `mycelium node --node-id`), or stop "
                        + "the other instance first.",
                409,
                "DUPLICATE_NODE_ID",
                JsonNodeFactory.instance
                        .objectNode()
                        .put("nodeID", duplicateId)
                        .put("namespace", namespace)
                        .put("otherInstance", otherInstance),
                false);
        this.duplicateId = duplicateId;
        this.namespace = namespace;
        this.otherInstance = otherInstance;
    }

    /** The node id both instances claim. */
    public String duplicateId() {
        return duplicateId;
    }

    /** The namespace, empty for none. */
    public String namespace() {
        return namespace;
    }

    /** How the other instance describes itself: its instance id, host name and addresses, as far as known. */
    public String otherInstance() {
        return otherInstance;
    }
}
