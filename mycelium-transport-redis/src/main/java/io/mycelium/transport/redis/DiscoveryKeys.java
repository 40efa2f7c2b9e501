package io.mycelium.transport.redis;

import java.util.Optional;

/**
 * The key layout of Moleculer's Redis discoverer, so Java and Node nodes can share one registry:
 * {@code MOL[-<ns>]-DSCVR-INFO:<nodeID>} holds the INFO packet, and
 * {@code MOL[-<ns>]-DSCVR-BEAT:<nodeID>|<instance>|<seq>} the latest heartbeat (it expires after the
 * heartbeat timeout, which is how a crashed node disappears).
 */
final class DiscoveryKeys {

    /** The parts of a heartbeat key. */
    record Beat(String nodeId, String instance, long seq) {}

    private final String prefix;
    private final String nodeId;
    private final String instance;

    DiscoveryKeys(String namespace, String nodeId, String instanceId) {
        this.prefix = "MOL" + (namespace.isEmpty() ? "" : "-" + namespace) + "-DSCVR";
        this.nodeId = nodeId;
        this.instance = instanceId.length() > 8 ? instanceId.substring(0, 8) : instanceId;
    }

    String info(String node) {
        return prefix + "-INFO:" + node;
    }

    String ownInfo() {
        return info(nodeId);
    }

    String ownBeat(long seq) {
        return prefix + "-BEAT:" + nodeId + '|' + instance + '|' + seq;
    }

    /** A SCAN pattern matching every heartbeat key of the namespace. */
    String beatPattern() {
        StringBuilder escaped = new StringBuilder();
        for (char c : (prefix + "-BEAT:").toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.append('*').toString();
    }

    Optional<Beat> parseBeat(String key) {
        String head = prefix + "-BEAT:";
        if (!key.startsWith(head)) {
            return Optional.empty();
        }
        String[] parts = key.substring(head.length()).split("\\|");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Beat(parts[0], parts[1], Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
