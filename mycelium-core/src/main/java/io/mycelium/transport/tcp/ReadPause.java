package io.mycelium.transport.tcp;

import io.mycelium.spi.PushBack;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Push back for stream readers on one connection: stops reading from it, so the kernel's receive window
 * fills and the sender's writes wait. Several streams may pause one connection; it reads again when the
 * last of them resumes. One per channel, handed with each of its packets ({@link TcpDelivery}).
 */
final class ReadPause implements PushBack {
    private final Channel channel;
    private final AtomicInteger pauses = new AtomicInteger();

    ReadPause(Channel channel) {
        this.channel = channel;
    }

    @Override
    public Optional<Runnable> pause() {
        if (pauses.getAndIncrement() == 0) {
            applyCount();
        }
        AtomicBoolean once = new AtomicBoolean();
        return Optional.of(() -> {
            if (once.compareAndSet(false, true) && pauses.decrementAndGet() == 0) {
                applyCount();
            }
        });
    }

    /**
     * Sets autoRead from the count on the channel's event loop: a pause and a resume racing on two threads
     * are then applied in order, and the last one applied reads the final count.
     */
    private void applyCount() {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            channel.config().setAutoRead(pauses.get() == 0);
        } else {
            try {
                loop.execute(() -> channel.config().setAutoRead(pauses.get() == 0));
            } catch (RejectedExecutionException stopped) {
                // the connection's event loop is shutting down: nothing is read from it any more anyway
            }
        }
    }
}
