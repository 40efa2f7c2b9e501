package io.mycelium.transport.tcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What gossip knows of one remote node. Gossip state ({@code info}, {@code seq}, CPU, availability) is
 * confined to the control event loop; addresses and the last sign of life are read from any thread.
 */
final class Peer {

    final String id;

    @Nullable
    ObjectNode info;

    long seq;
    long cpuSeq;
    int cpu;
    volatile boolean available;
    long offlineSinceNanos;
    /** Learned from a UDP beacon, which anyone can forge: forgotten quickly if it never answers. */
    boolean fromUdp;
    /** Dials that failed while this node never answered (a ghost from a forged beacon, maybe). */
    int failedDials;

    volatile long lastHeardNanos;
    /** The last frame from this node itself, on any connection (gossip about it does not count). */
    volatile long lastFrameNanos;
    /** The first packet this node waits on an answer to was sent then; over once {@link #lastFrameNanos} passes it. */
    volatile long awaitingSinceNanos;
    /** {@link SilenceWatch} state, confined to the control loop: last ping or dial, and when it was suspected. */
    long silenceProbeNanos;

    long suspectedSinceNanos;
    boolean suspected;
    volatile @Nullable String udpAddress;
    volatile @Nullable String hostname;
    volatile List<String> ipList = List.of();
    volatile int port;

    Peer(String id, long nowNanos) {
        this.id = id;
        this.lastHeardNanos = nowNanos;
        this.lastFrameNanos = nowNanos;
        this.awaitingSinceNanos = nowNanos;
        this.offlineSinceNanos = nowNanos;
    }

    /**
     * Whether this node announced no port (GOSSIP_HELLO and INFO with port 0): it listens on nothing
     * ({@code listen=false}) and is reached only on the connections it opens.
     */
    boolean dialOnly() {
        return port <= 0;
    }

    /** Hosts to dial, in Moleculer's order of preference, without repeats. */
    List<String> dialHosts(boolean useHostname) {
        Set<String> hosts = new LinkedHashSet<>();
        String udp = udpAddress;
        if (udp != null) {
            hosts.add(udp);
        }
        String name = hostname;
        if (useHostname && name != null && !name.isEmpty()) {
            hosts.add(name);
        }
        hosts.addAll(ipList);
        return new ArrayList<>(hosts);
    }
}
