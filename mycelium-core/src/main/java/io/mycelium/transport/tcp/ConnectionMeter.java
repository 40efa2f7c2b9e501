package io.mycelium.transport.tcp;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ConnectionLimits} watches of one connection: when it last read, whether a frame is half
 * received and since when, how many bytes its decoder holds. Written by the channel's event loop, read by
 * the control loop's sweep and by other loops choosing a connection to close.
 */
final class ConnectionMeter implements FrameDecoder.Meter {

    final Channel channel;
    final boolean inbound;
    final @Nullable InetAddress address;
    final long openedNanos = System.nanoTime();
    volatile long lastReadNanos = openedNanos;
    /** When the frame now partly buffered started; 0 when none is. */
    volatile long partialSinceNanos;

    volatile long frames;
    /** Bytes counted against the shared budget; taken back once by whoever closes. */
    final AtomicLong accounted = new AtomicLong();

    final AtomicBoolean closing = new AtomicBoolean();
    /** Frees the decoder's buffer at once; run on the channel's event loop. */
    volatile Runnable dropBuffer = () -> {};

    private final ConnectionLimits limits;

    ConnectionMeter(Channel channel, boolean inbound, @Nullable InetAddress address, ConnectionLimits limits) {
        this.channel = channel;
        this.inbound = inbound;
        this.address = address;
        this.limits = limits;
    }

    @Override
    public void afterRead(int bufferedBytes, int framesDone) {
        long now = System.nanoTime();
        lastReadNanos = now;
        if (framesDone > 0) {
            frames += framesDone;
        }
        if (bufferedBytes == 0) {
            partialSinceNanos = 0;
        } else if (partialSinceNanos == 0 || framesDone > 0) {
            partialSinceNanos = now;
        }
        limits.account(this, bufferedBytes);
    }

    /** The peer's address and port, for log lines. */
    String remote() {
        return String.valueOf(channel.remoteAddress());
    }
}
