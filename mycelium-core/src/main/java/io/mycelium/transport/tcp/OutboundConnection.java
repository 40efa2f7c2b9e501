package io.mycelium.transport.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * This node's connection to one peer, for sending. Frames from any thread wait in a lock-free queue
 * (bounded by a byte budget) until the connection is ready; the channel's event loop then writes as many
 * as the channel's writability allows and flushes once per burst. When the channel stops being writable
 * the queue waits for it (backpressure), and a send that would exceed the budget fails at once.
 */
final class OutboundConnection {

    private record Pending(Frame frame, CompletableFuture<Void> future) {}

    /** Frames drained between two updates of the queued-bytes count. */
    private static final int DRAIN_BATCH = 64;

    /**
     * Where a frame goes when it could not be written because this connection closed: another connection
     * to the same peer, or a fresh one when this one was {@link #evicted}. Returns false when there is none
     * (the frame then fails).
     */
    interface Rescue {
        boolean resend(OutboundConnection from, Frame frame, CompletableFuture<Void> future);
    }

    final String nodeId;
    private final int budget;
    private final Queue<Pending> queue = PlatformDependent.newMpscQueue();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    private volatile @Nullable Channel channel;
    private volatile @Nullable Channel attached;
    private volatile @Nullable Throwable closedCause;
    volatile boolean intentional;
    /**
     * Closed by this node to stay within {@code maxConnections}, not because the peer went: its frames are
     * owed to the peer and go on a fresh connection ({@link Rescue}).
     */
    volatile boolean evicted;

    volatile long lastUsedNanos = System.nanoTime();
    /** When this connection closed or failed to open; meaningful once {@link #isClosed()}. */
    volatile long closedAtNanos;

    private final Rescue rescue;
    private final AtomicLong sentFrames = new AtomicLong();

    OutboundConnection(String nodeId, int budget, Rescue rescue) {
        this.nodeId = nodeId;
        this.budget = budget;
        this.rescue = rescue;
    }

    /** Frames written to the socket so far. */
    long sentFrames() {
        return sentFrames.get();
    }

    /** The channel once it is ready, for tests that cut one connection. */
    @Nullable
    Channel channel() {
        return channel;
    }

    boolean isClosed() {
        return closedCause != null;
    }

    boolean isReady() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    void enqueue(Frame frame, CompletableFuture<Void> future) {
        Throwable closed = closedCause;
        if (closed != null) {
            // a sender that picked this connection just before it closed
            if (!rescue.resend(this, frame, future)) {
                future.completeExceptionally(closed);
            }
            return;
        }
        long size = frame.frameLength();
        long total = queuedBytes.addAndGet(size);
        if (total > budget && total > size) {
            queuedBytes.addAndGet(-size);
            future.completeExceptionally(new TcpTransportException(
                    "more than " + budget + " bytes are already waiting for node '" + nodeId + "' (slow peer)"));
            return;
        }
        queue.offer(new Pending(frame, future));
        if (closedCause != null) {
            failQueued();
        } else {
            scheduleDrain();
        }
    }

    /** A channel is being opened for this connection. */
    void attach(Channel ch) {
        attached = ch;
        if (intentional) {
            ch.close();
        }
    }

    /**
     * Whether this node did not dial this connection but accepted it from a dial-only node ({@code
     * listen=false}): it cannot be dialled again, only waited for.
     */
    volatile boolean adopted;

    /** An accepted connection of a dial-only node, already past its handshakes, now carries this node's frames. */
    void adopt(Channel ch) {
        adopted = true;
        attached = ch;
        channel = ch;
        drainAndFlush();
    }

    /** The channel passed its handshakes: the first frame (GOSSIP_HELLO) goes out, then the queue. */
    void ready(Channel ch, Frame first) {
        channel = ch;
        ch.write(first, ch.voidPromise());
        drain();
        ch.flush();
    }

    void scheduleDrain() {
        Channel ch = channel;
        if (ch != null && drainScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(this::drainAndFlush);
        }
    }

    private void drainAndFlush() {
        Channel ch = channel;
        if (ch != null && drain()) {
            ch.flush();
        }
    }

    private boolean drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        if (ch == null) {
            return false;
        }
        boolean wrote = false;
        // the budget is given back a batch at a time: one atomic update per frame would contend with the
        // senders' own updates of it on every packet
        long drained = 0;
        int frames = 0;
        try {
            Pending p;
            while (ch.isWritable() && (p = queue.poll()) != null) {
                drained += p.frame().frameLength();
                if (++frames % DRAIN_BATCH == 0) {
                    queuedBytes.addAndGet(-drained);
                    drained = 0;
                }
                CompletableFuture<Void> future = p.future();
                Frame frame = p.frame();
                ChannelPromise promise = ch.newPromise();
                promise.addListener(f -> {
                    if (f.isSuccess()) {
                        sentFrames.incrementAndGet();
                        future.complete(null);
                    } else if (!ch.isActive() && rescue.resend(this, frame, future)) {
                        // never reached the peer: another connection to it carries the frame
                    } else {
                        future.completeExceptionally(new TcpTransportException(
                                "cannot write to node '" + nodeId + "': " + f.cause(), f.cause()));
                    }
                });
                ch.write(p.frame(), promise);
                wrote = true;
            }
        } finally {
            if (drained != 0) {
                queuedBytes.addAndGet(-drained);
            }
        }
        return wrote;
    }

    /** Fails every queued frame and any later one; idempotent. */
    void closed(Throwable cause) {
        closed(cause, null);
    }

    /**
     * Refuses any later frame with {@code cause}, and moves the frames still queued to {@code sibling}, another
     * connection to the same peer (redundant connections), or fails them when there is none.
     */
    void closed(Throwable cause, @Nullable OutboundConnection sibling) {
        if (closedCause == null) {
            closedAtNanos = System.nanoTime();
            closedCause = cause;
        }
        if (sibling == null) {
            failQueued();
            return;
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            queuedBytes.addAndGet(-p.frame().frameLength());
            sibling.enqueue(p.frame(), p.future());
        }
    }

    /** Hands every queued frame to {@link Rescue}, failing those it has nowhere to send. */
    private void failQueued() {
        Throwable cause = closedCause;
        Pending p;
        while ((p = queue.poll()) != null) {
            queuedBytes.addAndGet(-p.frame().frameLength());
            if (!rescue.resend(this, p.frame(), p.future())) {
                p.future().completeExceptionally(cause);
            }
        }
    }

    void close() {
        intentional = true;
        Channel ch = attached;
        if (ch != null) {
            ch.close();
        }
    }
}
