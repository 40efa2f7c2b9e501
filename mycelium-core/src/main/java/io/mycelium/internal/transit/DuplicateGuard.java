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
 * Whether this node's id is free: tells this node's own packets, echoed back by a message broker, from
 * those of another instance using the same id (an INFO carries the {@code instanceID} of the process that
 * sent it). From construction until the check ends ({@link #probe} or {@link #skip}) the node is
 * <em>checking</em>: news of another instance, even heard before the probe began, fails the start; once
 * running, each impostor instance is reported once. Thread-safe: packets arrive on transporter threads,
 * the probe ends on the scheduler.
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
        /** An impostor already reported, or this node is the one refused. */
        KNOWN_IMPOSTOR
    }

    private static final long MIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int MAX_REMEMBERED = 64;

    private final String nodeId;
    private final String namespace;
    private final String instanceId;
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> verdict = new CompletableFuture<>();
    private volatile boolean checking = true;
    private volatile boolean refused;
    private volatile long startNanos;
    private volatile long deadlineNanos;
    private volatile long answeredNanos;
    private volatile @Nullable String evidence;
    private @Nullable ScheduledExecutorService scheduler;

    DuplicateGuard(String nodeId, String namespace, String instanceId) {
        this.nodeId = nodeId;
        this.namespace = namespace;
        this.instanceId = instanceId;
    }

    /**
     * Watches for another instance for at most {@code window}; the future fails with
     * {@link DuplicateNodeIdException} when one showed itself (also before this call, since construction),
     * and completes normally at the end of the window, or earlier once the mesh has answered
     * ({@link #meshAnswered}) and a grace period passed. The check ends with the future.
     */
    synchronized CompletableFuture<Void> probe(Duration window, ScheduledExecutorService timer) {
        long now = System.nanoTime();
        scheduler = timer;
        startNanos = now;
        deadlineNanos = now + window.toNanos();
        String seen = evidence;
        if (seen != null) {
            refuse(seen);
            return verdict;
        }
        timer.schedule(this::pass, window.toNanos(), TimeUnit.NANOSECONDS);
        if (answeredNanos != 0) {
            endAfter(MIN_GRACE_NANOS); // the mesh answered before the probe began (a fast transport)
        }
        return verdict;
    }

    /** The probe ends without news of another instance. The flag goes first: the waiter acts on it. */
    private synchronized void pass() {
        if (checking) {
            checking = false;
            verdict.complete(null);
        }
    }

    /** Ends the check without a probe (none wanted, or the transporter checked at connect). */
    void skip() {
        checking = false;
    }

    /** True until the check ends: this node must not act on packets meant for a live instance of its id. */
    boolean checking() {
        return checking;
    }

    /**
     * This node's own DISCOVER (or UDP beacon) came back, or a peer answered its gossip: whoever else
     * holds this id has had about as long to hear it. The probe ends after three times the time it has run
     * so far, at least 250 ms (the live instance may be busy), never after its window.
     */
    synchronized void meshAnswered() {
        if (!checking || answeredNanos != 0) {
            return;
        }
        answeredNanos = System.nanoTime();
        if (scheduler != null) {
            endAfter(Math.max(MIN_GRACE_NANOS, 3 * (answeredNanos - startNanos)));
        }
    }

    private void endAfter(long graceNanos) {
        ScheduledExecutorService timer = scheduler;
        if (timer == null) {
            return;
        }
        long now = System.nanoTime();
        long end = Math.min(deadlineNanos, now + graceNanos);
        timer.schedule(this::pass, Math.max(0, end - now), TimeUnit.NANOSECONDS);
    }

    /** Classifies an INFO whose sender is this node's id. */
    Sighting sighted(InfoPacket info) {
        if (info.instanceId().equals(instanceId)) {
            return Sighting.ECHO;
        }
        if (refused) {
            return Sighting.KNOWN_IMPOSTOR; // this node is the one leaving: nothing more to say
        }
        if (checking) {
            return Sighting.REFUSED;
        }
        if (reported.size() >= MAX_REMEMBERED) {
            reported.clear();
        }
        return reported.putIfAbsent(info.instanceId(), Boolean.TRUE) == null
                ? Sighting.IMPOSTOR
                : Sighting.KNOWN_IMPOSTOR;
    }

    /** True once this node's start was refused: it is the second instance, and says nothing more. */
    boolean refused() {
        return refused;
    }

    /** Fails the check with the error naming {@code other}. */
    void refuse(InfoPacket other) {
        refuse(describe(other));
    }

    /**
     * Fails the check with the error naming the other instance as {@code other}; heard before the probe
     * began, it fails the probe as soon as it begins.
     */
    synchronized void refuse(String other) {
        if (!checking) {
            return;
        }
        if (scheduler == null) {
            if (evidence == null) {
                evidence = other;
            }
            return;
        }
        refused = true;
        checking = false;
        verdict.completeExceptionally(new DuplicateNodeIdException(nodeId, namespace, other));
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
