package io.mycelium.internal.memory;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.protocol.DiscoverPacket;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.spi.TransportContext;
import io.mycelium.spi.Transporter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * An in-JVM transporter for tests: nodes of one namespace exchange the serialized bytes of every packet,
 * exactly as they would go on the wire. Each node receives on its own thread, in order. A test aid, not a
 * production transport.
 */
public final class MemoryTransporter implements Transporter {
    private volatile @Nullable TransportContext context;
    private volatile @Nullable ExecutorService inbox;
    private volatile boolean connected;
    private volatile boolean linkUp = true;

    @Override
    public synchronized CompletableFuture<Void> connect(TransportContext ctx) {
        if (connected) {
            return CompletableFuture.completedFuture(null);
        }
        if (!MemoryBus.join(ctx.namespace(), ctx.nodeId(), this)) {
            // The live node hears a DISCOVER from its own id it did not send, and reports it.
            MemoryBus.member(ctx.namespace(), ctx.nodeId())
                    .ifPresent(live -> live.deliver(
                            PacketType.DISCOVER, ctx.serializer().serialize(new DiscoverPacket(ctx.nodeId()))));
            return CompletableFuture.failedFuture(new DuplicateNodeIdException(
                    ctx.nodeId(), ctx.namespace(), "another broker of this JVM on memory://"));
        }
        this.context = ctx;
        this.inbox = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("memory-" + ctx.nodeId()).factory());
        this.connected = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean detectsDuplicateIds() {
        return true;
    }

    @Override
    public CompletableFuture<Void> send(PacketType type, Destination destination, byte[] payload) {
        TransportContext ctx = context;
        if (!connected || !linkUp || ctx == null) {
            return CompletableFuture.failedFuture(new BrokerDisconnectedException());
        }
        switch (destination) {
            case Destination.Broadcast b -> {
                for (MemoryTransporter t : MemoryBus.members(ctx.namespace())) {
                    if (t != this) {
                        t.deliver(type, payload);
                    }
                }
            }
            case Destination.Node n ->
                MemoryBus.member(ctx.namespace(), n.nodeId()).ifPresent(t -> t.deliver(type, payload));
            case Destination.BalancedRequest r -> {
                return CompletableFuture.failedFuture(
                        new UnsupportedOperationException("memory:// does not balance in the broker"));
            }
            case Destination.BalancedEvent e -> {
                return CompletableFuture.failedFuture(
                        new UnsupportedOperationException("memory:// does not balance in the broker"));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Simulates losing the connection to the message broker: sends fail until {@link #restoreConnection()}. */
    public void loseConnection() {
        TransportContext ctx = context;
        linkUp = false;
        if (ctx != null) {
            ctx.connectionLost(new java.io.IOException("memory link down"));
        }
    }

    /** Ends a {@link #loseConnection()}. */
    public void restoreConnection() {
        TransportContext ctx = context;
        linkUp = true;
        if (ctx != null) {
            ctx.connectionRestored();
        }
    }

    private void deliver(PacketType type, byte[] payload) {
        ExecutorService in = inbox;
        TransportContext ctx = context;
        if (in == null || ctx == null || !connected || !linkUp) {
            return;
        }
        try {
            in.execute(() -> ctx.receive(type, payload));
        } catch (RejectedExecutionException e) {
            // the node disconnected meanwhile: the packet is lost, as on a real network
        }
    }

    @Override
    public synchronized CompletableFuture<Void> disconnect() {
        leave();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Simulates a crash: the node vanishes without DISCONNECT. With {@code peersNotice}, the other nodes
     * are told it is unreachable at once (as a TCP peer notices a dropped connection); without, they find
     * out by heartbeat timeout.
     */
    public void crash(boolean peersNotice) {
        TransportContext ctx = context;
        leave();
        if (peersNotice && ctx != null) {
            for (MemoryTransporter t : MemoryBus.members(ctx.namespace())) {
                TransportContext peer = t.context;
                if (peer != null) {
                    peer.nodeUnreachable(ctx.nodeId(), "connection lost");
                }
            }
        }
    }

    private synchronized void leave() {
        TransportContext ctx = context;
        connected = false;
        if (ctx != null) {
            MemoryBus.leave(ctx.namespace(), ctx.nodeId(), this);
        }
        ExecutorService in = inbox;
        if (in != null) {
            in.shutdownNow();
        }
    }
}
