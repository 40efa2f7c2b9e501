package io.mycelium.internal.stream;

import io.mycelium.StreamCancelledException;
import io.mycelium.StreamIdleTimeoutException;
import io.mycelium.StreamOverflowException;
import io.mycelium.spi.PushBack;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A received byte stream as its reader sees it. Transporter threads {@link #push} chunks in order; one
 * reader thread reads them. At most {@code limit} bytes wait for the reader: above half of it, reading
 * from the sender's connection is paused when the transporter can push back; past the limit the stream
 * fails with {@link StreamOverflowException}. Reads throw the stream's failure unchecked (a typed
 * {@link io.mycelium.MyceliumException}); a read waits at most the idle timeout for the next chunk.
 */
public final class InboundStream extends InputStream {
    private static final byte[] EMPTY = new byte[0];

    private final String id;
    private final long limit;
    private final long idleNanos;
    private final Consumer<InboundStream> onAbort;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current = EMPTY;
    private int position;
    private long buffered;
    private long peakBuffered;
    private long received;
    private boolean ended;
    private boolean closed;
    private @Nullable RuntimeException failure;
    private @Nullable Runnable resume;
    private long consumed;
    private long lastProgress;
    private long progressEvery = Long.MAX_VALUE;
    private java.util.function.LongConsumer progress = n -> {};
    private long pausedSinceNanos;

    /**
     * @param onAbort told once when the stream ends early (failure, overflow, idle, or closed by the reader)
     */
    public InboundStream(String id, long limit, long idleNanos, Consumer<InboundStream> onAbort) {
        this.id = id;
        this.limit = limit;
        this.idleNanos = idleNanos;
        this.onAbort = onAbort;
    }

    public String id() {
        return id;
    }

    /** Tells {@code progress} the total bytes consumed by the reader, each time {@code every} more were read. */
    public void onProgress(java.util.function.LongConsumer progress, long every) {
        lock.lock();
        try {
            this.progress = progress;
            this.progressEvery = every;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes that ever waited for the reader. */
    public long peakBufferedBytes() {
        lock.lock();
        try {
            return peakBuffered;
        } finally {
            lock.unlock();
        }
    }

    /** The bytes received so far. */
    public long receivedBytes() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    // ---- producer side (transporter threads)

    /**
     * Adds the next chunk; false when the stream no longer takes data (failed, closed or overflowed). When
     * the reader falls behind, pauses {@code pushBack}: the connection of the packet being delivered.
     */
    public boolean push(byte[] chunk, PushBack pushBack) {
        boolean overflow = false;
        boolean pause = false;
        lock.lock();
        try {
            if (ended || closed || failure != null) {
                return false;
            }
            if (buffered + chunk.length > limit) {
                overflow = true;
            } else if (chunk.length > 0) {
                chunks.add(chunk);
                buffered += chunk.length;
                received += chunk.length;
                peakBuffered = Math.max(peakBuffered, buffered);
                changed.signalAll();
                pause = resume == null && buffered > limit / 2;
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            fail(new StreamOverflowException(id, limit));
            return false;
        }
        if (pause) {
            Optional<Runnable> r = pushBack.pause();
            if (r.isPresent()) {
                boolean resumeNow;
                lock.lock();
                try {
                    resumeNow = resume != null || closed || failure != null || buffered <= limit / 4;
                    if (!resumeNow) {
                        resume = r.get();
                        pausedSinceNanos = System.nanoTime();
                    }
                } finally {
                    lock.unlock();
                }
                if (resumeNow) {
                    r.get().run();
                }
            }
        }
        return true;
    }

    /** The sender closed the stream normally. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream with an error its reader will get; the first failure wins. */
    public void fail(RuntimeException error) {
        Runnable r;
        lock.lock();
        try {
            if (failure != null || closed || ended && chunks.isEmpty() && position >= current.length) {
                return;
            }
            failure = error;
            dropBuffer();
            r = takeResume();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        run(r);
        onAbort.accept(this);
    }

    /** True once the stream ended, failed or was closed: it takes no more chunks. */
    public boolean finished() {
        lock.lock();
        try {
            return ended || closed || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Fails the stream when it has been paused longer than the idle timeout: its reader is not reading. */
    public void checkStalled(long nowNanos) {
        boolean stalled;
        lock.lock();
        try {
            stalled = resume != null && nowNanos - pausedSinceNanos > idleNanos;
        } finally {
            lock.unlock();
        }
        if (stalled) {
            fail(new StreamOverflowException(id, limit));
        }
    }

    // ---- reader side

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        Runnable r = null;
        boolean idle = false;
        long report = -1;
        int n;
        lock.lock();
        try {
            long waitNanos = idleNanos;
            while (position >= current.length && chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (closed) {
                    throw new StreamCancelledException(id, "the stream was closed by its reader");
                }
                if (ended) {
                    return -1;
                }
                if (waitNanos <= 0) {
                    idle = true;
                    break;
                }
                try {
                    waitNanos = changed.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StreamCancelledException(id, "the reading thread was interrupted");
                }
            }
            if (idle) {
                n = -1;
            } else {
                if (position >= current.length) {
                    current = chunks.poll();
                    position = 0;
                }
                n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                buffered -= n;
                consumed += n;
                if (consumed - lastProgress >= progressEvery) {
                    lastProgress = consumed;
                    report = consumed;
                }
                if (position >= current.length) {
                    current = EMPTY;
                    position = 0;
                }
                if (resume != null && buffered <= limit / 4) {
                    r = takeResume();
                }
            }
        } finally {
            lock.unlock();
        }
        if (idle) {
            StreamIdleTimeoutException e = new StreamIdleTimeoutException(id, TimeUnit.NANOSECONDS.toMillis(idleNanos));
            fail(e);
            throw e;
        }
        run(r);
        if (report >= 0) {
            progress.accept(report);
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading: what is buffered is dropped, and a stream not yet at its end is cancelled. */
    @Override
    public void close() {
        Runnable r;
        boolean abort;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            abort = !ended && failure == null;
            closed = true;
            dropBuffer();
            r = takeResume();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        run(r);
        if (abort) {
            onAbort.accept(this);
        }
    }

    private void dropBuffer() {
        chunks.clear();
        current = EMPTY;
        position = 0;
        buffered = 0;
    }

    private @Nullable Runnable takeResume() {
        Runnable r = resume;
        resume = null;
        return r;
    }

    private static void run(@Nullable Runnable r) {
        if (r != null) {
            r.run();
        }
    }
}
