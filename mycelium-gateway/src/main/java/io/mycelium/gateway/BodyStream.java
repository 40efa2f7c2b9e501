package io.mycelium.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request body as an {@link InputStream} for the action, with bounded memory: the event loop
 * {@link #offer}s each chunk; above {@code HIGH} bytes queued the channel stops reading (TCP then slows the
 * sender) until the reader has taken it below {@code LOW}. A reader waits at most {@code idle} for data.
 * Thread-safe: one producer (the event loop), one reader.
 */
final class BodyStream extends InputStream {
    static final int HIGH = 1024 * 1024;
    static final int LOW = 256 * 1024;

    private final Channel channel;
    private final long idleNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte @Nullable [] current;
    private int position;
    private long queued;
    private boolean ended;
    private boolean closed;
    private boolean paused;
    private @Nullable IOException failure;

    BodyStream(Channel channel, long idleMillis) {
        this.channel = channel;
        this.idleNanos = idleMillis * 1_000_000L;
    }

    /** A chunk of the body (copied; the caller keeps ownership of {@code buf}). Event loop only. */
    void offer(ByteBuf buf) {
        int n = buf.readableBytes();
        lock.lock();
        try {
            if (closed || ended || n == 0) {
                return;
            }
            byte[] b = new byte[n];
            buf.getBytes(buf.readerIndex(), b);
            chunks.add(b);
            queued += n;
            if (queued > HIGH && !paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body is complete. */
    void end() {
        lock.lock();
        try {
            ended = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body will not complete (the connection closed). */
    void fail(IOException e) {
        lock.lock();
        try {
            if (!ended) {
                failure = e;
                ready.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long deadline = System.nanoTime() + idleNanos;
            while (current == null) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                byte[] next = chunks.poll();
                if (next != null) {
                    current = next;
                    position = 0;
                    break;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no request body data for " + idleNanos / 1_000_000 + " ms");
                }
                try {
                    ready.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
            byte[] c = current;
            int n = Math.min(len, c.length - position);
            System.arraycopy(c, position, b, off, n);
            position += n;
            if (position == c.length) {
                current = null;
            }
            queued -= n;
            resumeIfDrained();
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            current = null;
            queued = 0;
            resumeIfDrained(); // the rest of the body is read and dropped
        } finally {
            lock.unlock();
        }
    }

    private void resumeIfDrained() {
        if (paused && queued < LOW && !ended) {
            paused = false;
            channel.config().setAutoRead(true);
            channel.read();
        }
    }
}
