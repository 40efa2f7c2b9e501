package io.mycelium.internal.transit;

import io.mycelium.DuplicateNodeIdException;
import io.mycelium.protocol.InfoPacket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Tells this node's own packets, echoed back by a message broker, from those of another instance using
 * the same node id: an INFO carries the {@code instanceID} of the process that sent it. While the node
 * starts, such an INFO fails the {@linkplain #probe probe}; once running, each impostor instance is
 * reported once. Thread-safe: packets arrive on transporter threads, the probe ends on the scheduler.
 */
final class DuplicateGuard {

    /** What an INFO carrying this node's id means. */
    enum Sighting {
        /** This node's own INFO, echoed by the broker. */
        ECHO,
        /** Another instance, seen while this node checks its id: the start fails. */
        REFUSED,
        /** Another instance, seen for the first time while this node runs: report it. */
        IMPOSTOR,
        /** An impostor already reported. */
        KNOWN_IMPOSTOR
    }

    private static final long MIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAX_REMEMBERED = 64;

    private final String nodeId;
    private final String namespace;
    private final String instanceId;
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();
    private volatile @Nullable Probe probe;
    private volatile boolean refused;

    private record Probe(CompletableFuture<Void> verdict, long startNanos, long deadlineNanos) {}

    DuplicateGuard(String nodeId, String namespace, String instanceId) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.instanceId = instanceId;
    }

    /**
     * Starts watching for another instance for at most {@code window}; the future fails with
     * {@link DuplicateNodeIdException} when one shows itself, and completes normally at the end of the
     * window, or earlier once the mesh has answered ({@link #meshAnswered()}) and a grace period passed.
     */
    CompletableFuture<Void> probe(Duration window, ScheduledExecutorService scheduler) {
        long now = System.nanoTime();
        Probe p = new Probe(new CompletableFuture<>(), now, now + window.toNanos());
        probe = p;
        scheduler.schedule(() -> end(p), window.toNanos(), TimeUnit.NANOSECONDS);
        p.verdict().whenComplete((ok, e) -> {
            if (probe == p) {
                probe = null;
            }
        });
        return p.verdict();
    }

    /** True while the probe runs: this node must not act on packets meant for the other instance. */
    boolean probing() {
        return probe != null;
    }

    /**
     * Something came back through the mesh (this node's own echo, or another node's INFO): whoever else
     * holds this id has had about as long to answer. The probe ends after twice the time it has run so
     * far (at least 100 ms), never after its window.
     */
    void meshAnswered(ScheduledExecutorService scheduler) {
        Probe p = probe;
        if (p == null) {
            return;
        }
        long now = System.nanoTime();
        long grace = Math.max(MIN_GRACE_NANOS, 2 * (now - p.startNanos()));
        long end = Math.min(p.deadlineNanos(), now + grace);
        scheduler.schedule(() -> end(p), Math.max(0, end - now), TimeUnit.NANOSECONDS);
    }

    private static void end(Probe p) {
        p.verdict().complete(null);
    }

    /** True once this node's start was refused: it is the second instance, and says nothing more. */
    boolean refused() {
        return refused;
    }

    /** Classifies an INFO whose sender is this node's id. */
    Sighting sighted(InfoPacket info) {
        if (info.instanceId().equals(instanceId)) {
            return Sighting.ECHO;
        }
        if (refused) {
            return Sighting.KNOWN_IMPOSTOR; // this node is the one leaving: nothing more to say
        }
        Probe p = probe;
        if (p != null) {
            return Sighting.REFUSED;
        }
        if (reported.size() >= MAX_REMEMBERED) {
            reported.clear();
        }
        return reported.putIfAbsent(info.instanceId(), Boolean.TRUE) == null
                ? Sighting.IMPOSTOR
                : Sighting.KNOWN_IMPOSTOR;
    }

    /** Fails the running probe, if any, with the error naming {@code other}. */
    void refuse(InfoPacket other) {
        refuse(describe(other));
    }

    /** Fails the running probe, if any, with the error naming the other instance as {@code other}. */
    void refuse(String other) {
        Probe p = probe;
        if (p != null) {
            refused = true;
            p.verdict().completeExceptionally(new DuplicateNodeIdException(nodeId, namespace, other));
        }
    }

    /** The other instance as a log line or an error message can name it. */
    static String describe(InfoPacket info) {
        String instance = info.instanceId().isEmpty() ? "no instanceID" : "instanceID " + info.instanceId();
        String host = info.hostname().isEmpty() ? "" : ", host " + info.hostname();
        String ips = info.ipList().isEmpty() ? "" : ", addresses " + info.ipList();
        String client = info.client().path("type").asText("");
        String port = info.extras().path("port").canConvertToInt()
                ? ", TCP port " + info.extras().path("port").asInt()
                : "";
        return instance + host + ips + port + (client.isEmpty() ? "" : ", client " + client);
    }
}
