package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.internal.util.Json;
import io.mycelium.protocol.InfoPacket;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** What the registry knows of one node. Fields change under the registry's lock; reads are lock-free. */
public final class NodeEntry {
    private final String id;
    private final boolean local;
    volatile boolean available = true;
    volatile long lastHeartbeatNanos = System.nanoTime();
    volatile long offlineSinceNanos;
    volatile int cpu = -1;
    volatile long cpuSeq;
    volatile long seq;
    volatile long latencyNanos = -1;
    volatile @Nullable InfoPacket info;
    /** Calls to it timed out too often in a row: no new work until it answers a ping. */
    private volatile boolean circuitOpen;
    /** The broker connection came back: no new work until this node shows it has resubscribed too. */
    private volatile boolean awaitingReturn;

    NodeEntry(String id, boolean local) {
        this.id = id;
        this.local = local;
    }

    public String id() {
        return id;
    }

    public boolean local() {
        return local;
    }

    public boolean available() {
        return available;
    }

    /**
     * True when new calls and balanced events may be sent to this node: it is available, its circuit is
     * closed and, after a broker reconnect, it has been heard from again.
     */
    public boolean routable() {
        return available && !circuitOpen && !awaitingReturn;
    }

    public boolean circuitOpen() {
        return circuitOpen;
    }

    /** Opens (no new work) or closes the node's circuit; any thread. */
    public void circuitOpen(boolean open) {
        circuitOpen = open;
    }

    public boolean awaitingReturn() {
        return awaitingReturn;
    }

    /** Holds back new work until the node is heard from after a broker reconnect (or releases it); any thread. */
    public void awaitingReturn(boolean awaiting) {
        awaitingReturn = awaiting;
    }

    public long seq() {
        return seq;
    }

    public long cpuSeq() {
        return cpuSeq;
    }

    public OptionalInt cpu() {
        int c = cpu;
        return c < 0 ? OptionalInt.empty() : OptionalInt.of(c);
    }

    public Optional<Duration> latency() {
        long l = latencyNanos;
        return l < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(l));
    }

    public void latency(Duration rtt) {
        latencyNanos = rtt.toNanos();
    }

    public Optional<InfoPacket> info() {
        return Optional.ofNullable(info);
    }

    /** The node as Moleculer's {@code $node.list} shows it. */
    public ObjectNode toJson(boolean withServices) {
        InfoPacket i = info;
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("instanceID", i == null ? null : i.instanceId());
        n.put("available", available);
        n.put("local", local);
        n.put("lastHeartbeatTime", uptimeSeconds(lastHeartbeatNanos));
        n.set("config", i == null ? Json.object() : i.config());
        n.set("client", i == null ? Json.object() : i.client());
        n.set("metadata", i == null ? Json.object() : i.metadata());
        if (i == null) {
            n.putNull("ipList");
        } else {
            n.set("ipList", Json.tree(i.ipList()));
        }
        JsonNode port = i == null ? null : i.extras().get("port");
        n.set("port", port == null ? Json.nodes().nullNode() : port);
        n.put("hostname", i == null ? null : i.hostname());
        n.putNull("udpAddress");
        if (cpu < 0) {
            n.putNull("cpu");
            n.putNull("cpuSeq");
        } else {
            n.put("cpu", cpu);
            n.put("cpuSeq", cpuSeq);
        }
        n.put("seq", seq);
        if (offlineSinceNanos == 0) {
            n.putNull("offlineSince");
        } else {
            n.put("offlineSince", uptimeSeconds(offlineSinceNanos));
        }
        if (withServices) {
            n.set("services", i == null ? Json.nodes().arrayNode() : (ArrayNode) i.services());
        }
        return n;
    }

    private static long uptimeSeconds(long atNanos) {
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        long ago = (System.nanoTime() - atNanos) / 1_000_000;
        return Math.max(0, (uptimeMillis - ago) / 1000);
    }
}
