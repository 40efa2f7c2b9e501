package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.spi.NodeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Nodes, services and endpoints: the single source of truth for "who serves what". Changes are
 * serialized by one lock and publish a new immutable {@link Catalog}; reads never lock.
 */
public final class Registry {
    /** What an INFO did to the registry. */
    public enum InfoResult {
        /** A node never seen before, or seen again after it left. */
        CONNECTED,
        /** A known node came back with another instance id (it restarted). */
        RECONNECTED,
        /** A known node changed its services. */
        UPDATED,
        /** Nothing new. */
        UNCHANGED
    }

    private final NodeEntry localNode;
    private final Map<String, NodeEntry> nodes = new ConcurrentHashMap<>();
    private final Map<String, LocalService> localServices = new LinkedHashMap<>();
    /** Full names of local services taken out of the mesh at run time (they keep running). */
    private final java.util.Set<String> disabled = new java.util.HashSet<>();

    private final Supplier<InfoPacket> localInfoBase;
    private volatile Catalog catalog = Catalog.EMPTY;
    private boolean stopping;

    /** {@code localInfoBase} gives the static parts of this node's INFO (addresses, client, metadata). */
    public Registry(String nodeId, Supplier<InfoPacket> localInfoBase) {
        this.localNode = new NodeEntry(nodeId, true);
        this.localNode.seq = 1;
        this.localInfoBase = localInfoBase;
        nodes.put(nodeId, localNode);
    }

    public NodeEntry localNode() {
        return localNode;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Optional<NodeEntry> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public Collection<NodeEntry> nodes() {
        return nodes.values();
    }

    public synchronized void registerLocal(LocalService service) {
        if (localServices.containsKey(service.fullName())) {
            throw new IllegalArgumentException("service " + service.fullName() + " is already registered");
        }
        localServices.put(service.fullName(), service);
        localNode.seq++;
        rebuild();
    }

    public synchronized Optional<LocalService> unregisterLocal(String fullName) {
        LocalService removed = localServices.remove(fullName);
        disabled.remove(fullName);
        if (removed != null) {
            localNode.seq++;
            rebuild();
        }
        return Optional.ofNullable(removed);
    }

    /** The local service of this full name, if registered. */
    public synchronized Optional<LocalService> localService(String fullName) {
        return Optional.ofNullable(localServices.get(fullName));
    }

    /**
     * Puts {@code updated} in place of the local service of the same full name (an action or event added or
     * removed at run time): the seq is bumped and the catalog rebuilt, so new calls and events see it at once
     * while those already routed keep the handler they were given. False when no such service is registered.
     */
    public synchronized boolean replaceLocal(LocalService updated) {
        if (!localServices.containsKey(updated.fullName())) {
            return false;
        }
        localServices.put(updated.fullName(), updated);
        localNode.seq++;
        rebuild();
        return true;
    }

    public synchronized List<LocalService> localServices() {
        return List.copyOf(localServices.values());
    }

    /**
     * Takes a local service out of (or puts it back into) INFO and local routing; a name not registered yet
     * is remembered and applies when it is. True when something changed (the seq is then bumped).
     */
    public synchronized boolean enabled(String fullName, boolean enabled) {
        boolean changed = enabled ? disabled.remove(fullName) : disabled.add(fullName);
        if (changed && localServices.containsKey(fullName)) {
            localNode.seq++;
            rebuild();
        }
        return changed;
    }

    /** True when the local service was disabled (registered or not yet). */
    public synchronized boolean disabled(String fullName) {
        return disabled.contains(fullName);
    }

    /** True when {@code action} belongs to a local service that is disabled (a call raced the new INFO). */
    public synchronized boolean disabledAction(String action) {
        for (String name : disabled) {
            LocalService s = localServices.get(name);
            if (s != null && s.actions().stream().anyMatch(a -> a.fullName().equals(action))) {
                return true;
            }
        }
        return false;
    }

    private List<LocalService> announced() {
        if (stopping) {
            return List.of();
        }
        if (disabled.isEmpty()) {
            return List.copyOf(localServices.values());
        }
        return localServices.values().stream()
                .filter(s -> !disabled.contains(s.fullName()))
                .toList();
    }

    /** From now on this node announces no service (graceful stop) and local endpoints disappear. */
    public synchronized void stopping() {
        if (!stopping) {
            stopping = true;
            localNode.seq++;
            rebuild();
        }
    }

    /** This node's INFO as it stands. */
    public synchronized InfoPacket localInfo() {
        InfoPacket base = localInfoBase.get();
        ArrayNode services = Json.nodes().arrayNode();
        announced().forEach(s -> services.add(s.info()));
        InfoPacket info = new InfoPacket(
                localNode.id(),
                services,
                base.ipList(),
                base.hostname(),
                base.client(),
                base.config(),
                base.instanceId(),
                base.metadata(),
                localNode.seq,
                base.extras());
        localNode.info = info;
        return info;
    }

    public synchronized InfoResult processInfo(InfoPacket info) {
        if (info.sender().equals(localNode.id())) {
            return InfoResult.UNCHANGED;
        }
        NodeEntry node = nodes.get(info.sender());
        InfoResult result;
        if (node == null) {
            node = new NodeEntry(info.sender(), false);
            nodes.put(node.id(), node);
            result = InfoResult.CONNECTED;
        } else if (!node.available) {
            result = InfoResult.CONNECTED;
        } else if (node.info != null && !node.info.instanceId().equals(info.instanceId())) {
            result = InfoResult.RECONNECTED;
        } else if (node.info == null
                || info.seq() != node.seq
                || !info.services().equals(node.info.services())) {
            result = InfoResult.UPDATED;
        } else {
            result = InfoResult.UNCHANGED;
        }
        if (result == InfoResult.CONNECTED || result == InfoResult.RECONNECTED) {
            node.circuitOpen(false); // a new instance, or one back from offline: start from a clean slate
        }
        node.awaitingReturn(false);
        node.info = info;
        node.seq = info.seq();
        node.available = true;
        node.offlineSinceNanos = 0;
        node.lastHeartbeatNanos = System.nanoTime();
        if (result != InfoResult.UNCHANGED) {
            rebuild();
        }
        return result;
    }

    /** A heartbeat; false when the node is unknown or offline (the caller should ask it for INFO). */
    public boolean heartbeat(String nodeId, int cpu) {
        NodeEntry node = nodes.get(nodeId);
        if (node == null || !node.available || node.local()) {
            return node != null && node.local();
        }
        node.lastHeartbeatNanos = System.nanoTime();
        if (cpu >= 0 && cpu != node.cpu) {
            node.cpu = cpu;
            node.cpuSeq++;
        }
        return true;
    }

    public void nodeCpu(String nodeId, long cpuSeq, int cpu) {
        NodeEntry node = nodes.get(nodeId);
        if (node != null && !node.local()) {
            node.lastHeartbeatNanos = System.nanoTime();
            if (cpuSeq >= node.cpuSeq) {
                node.cpuSeq = cpuSeq;
                node.cpu = cpu;
            }
        }
    }

    public void localCpu(int cpu) {
        if (cpu != localNode.cpu) {
            localNode.cpu = cpu;
            localNode.cpuSeq++;
        }
    }

    /** Marks a node offline and drops its services; returns it when it was online. */
    public synchronized Optional<NodeEntry> disconnected(String nodeId) {
        NodeEntry node = nodes.get(nodeId);
        if (node == null || node.local() || !node.available) {
            return Optional.empty();
        }
        node.available = false;
        node.offlineSinceNanos = System.nanoTime();
        node.seq++;
        rebuild();
        return Optional.of(node);
    }

    /** Remote online nodes silent for longer than {@code timeout}. */
    public List<String> silentNodes(Duration timeout) {
        long limit = System.nanoTime() - timeout.toNanos();
        List<String> silent = new ArrayList<>();
        for (NodeEntry n : nodes.values()) {
            if (!n.local() && n.available && n.lastHeartbeatNanos - limit < 0) {
                silent.add(n.id());
            }
        }
        return silent;
    }

    /** Forgets nodes offline for longer than {@code timeout}. */
    public synchronized void forgetOffline(Duration timeout) {
        long limit = System.nanoTime() - timeout.toNanos();
        nodes.values().removeIf(n -> !n.local() && !n.available && n.offlineSinceNanos - limit < 0);
    }

    public List<NodeSnapshot> snapshots() {
        List<NodeSnapshot> list = new ArrayList<>();
        for (NodeEntry n : nodes.values()) {
            InfoPacket info = n.local() ? localInfo() : n.info;
            list.add(new NodeSnapshot(
                    n.id(), n.local(), n.available, n.seq, n.cpuSeq, Math.max(0, n.cpu), Optional.ofNullable(info)));
        }
        return list;
    }

    private void rebuild() {
        catalog = Catalog.build(announced(), localNode, nodes.values());
    }
}
