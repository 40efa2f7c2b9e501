package io.mycelium.internal.memory;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-JVM "network": connected memory transporters by namespace and node id. */
public final class MemoryBus {
    private static final Map<String, Map<String, MemoryTransporter>> NAMESPACES = new ConcurrentHashMap<>();

    private MemoryBus() {}

    static boolean join(String namespace, String nodeId, MemoryTransporter transporter) {
        return NAMESPACES
                        .computeIfAbsent(namespace, k -> new ConcurrentHashMap<>())
                        .putIfAbsent(nodeId, transporter)
                == null;
    }

    static void leave(String namespace, String nodeId, MemoryTransporter transporter) {
        Map<String, MemoryTransporter> nodes = NAMESPACES.get(namespace);
        if (nodes != null) {
            nodes.remove(nodeId, transporter);
        }
    }

    static Collection<MemoryTransporter> members(String namespace) {
        return NAMESPACES.getOrDefault(namespace, Map.of()).values();
    }

    static Optional<MemoryTransporter> member(String namespace, String nodeId) {
        return Optional.ofNullable(NAMESPACES.getOrDefault(namespace, Map.of()).get(nodeId));
    }

    /** The transporter of a connected node, for tests that simulate failures. */
    public static Optional<MemoryTransporter> find(String namespace, String nodeId) {
        return member(namespace, nodeId);
    }
}
