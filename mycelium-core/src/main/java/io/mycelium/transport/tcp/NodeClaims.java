package io.mycelium.transport.tcp;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which running node holds each node id, as key handshakes proved it: the instance key of the open
 * connections authenticated under that id (see {@link InstanceKey}). A new connection under an id with the
 * same instance key belongs to that node (a redundant connection, a redial) and is admitted; with another
 * key it is admitted only once every connection of the current holder is gone (the node restarted), else it
 * is contested. Holds no I/O of its own; thread-safe.
 */
final class NodeClaims {

    /** The answer to a claim. */
    sealed interface Verdict {
        /** The connection now belongs to {@code holder}. */
        record Admitted(Holder holder) implements Verdict {}

        /** Another running node holds the id over these open connections. */
        record Contested(Holder holder, List<Channel> channels) implements Verdict {}
    }

    /** One running node: its instance key, its open connections, and when a frame last came from it. */
    static final class Holder {
        final String nodeId;
        final byte[] instance;
        final Set<Channel> channels = new LinkedHashSet<>(); // guarded by NodeClaims.this
        volatile long lastFrameNanos = System.nanoTime();

        Holder(String nodeId, byte[] instance) {
            this.nodeId = nodeId;
            this.instance = instance;
        }

        /** A frame arrived over one of its connections: the node is alive. Any thread. */
        void heard() {
            lastFrameNanos = System.nanoTime();
        }
    }

    private final Map<String, Holder> holders = new HashMap<>();

    /** {@code channel}, authenticated as {@code nodeId} with {@code instance}, asks to carry packets. */
    synchronized Verdict claim(String nodeId, byte[] instance, Channel channel) {
        Holder current = holders.get(nodeId);
        if (current != null) {
            current.channels.removeIf(c -> !c.isActive());
            if (current.channels.isEmpty()) {
                holders.remove(nodeId, current);
                current = null;
            }
        }
        if (current != null && !Arrays.equals(current.instance, instance)) {
            return new Verdict.Contested(current, new ArrayList<>(current.channels));
        }
        Holder holder = current != null ? current : new Holder(nodeId, instance);
        holders.put(nodeId, holder);
        holder.channels.add(channel);
        channel.closeFuture().addListener(f -> release(holder, channel));
        return new Verdict.Admitted(holder);
    }

    private synchronized void release(Holder holder, Channel channel) {
        holder.channels.remove(channel);
        if (holder.channels.isEmpty()) {
            holders.remove(holder.nodeId, holder);
        }
    }

    /** Forgets {@code holder} (found dead while its connections still looked open; the caller closes them). */
    synchronized void evict(Holder holder) {
        holders.remove(holder.nodeId, holder);
    }

    /** Open connections authenticated as {@code nodeId}. */
    synchronized int connections(String nodeId) {
        Holder h = holders.get(nodeId);
        return h == null
                ? 0
                : (int) h.channels.stream().filter(Channel::isActive).count();
    }
}
