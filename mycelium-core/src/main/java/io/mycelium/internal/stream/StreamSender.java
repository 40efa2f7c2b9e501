package io.mycelium.internal.stream;

import io.mycelium.MyceliumException;
import io.mycelium.StreamCancelledException;
import io.mycelium.StreamIdleTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one byte stream as chunk packets on a virtual thread of its own: reads the source, hands each
 * chunk (seq 1, 2, ...) to the {@link ChunkSink}, then the closing packet, or an error packet when the
 * source fails or the stream is cancelled. At most {@code window} chunks are in flight: the sender waits
 * for the transporter to take the oldest before reading more, so a peer that reads slowly (TCP push back)
 * slows the source down and memory stays bounded. A chunk the transporter does not take within the idle
 * timeout fails the stream.
 */
public final class StreamSender {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSender.class);

    /** Turns chunks into packets and sends them; called from the sender's thread only. */
    public interface ChunkSink {
        CompletableFuture<Void> chunk(int seq, byte[] bytes);

        CompletableFuture<Void> end(int seq);

        CompletableFuture<Void> error(int seq, Throwable error);
    }

    private final String id;
    private final InputStream source;
    private final int chunkSize;
    private final int window;
    private final long idleNanos;
    private final ChunkSink sink;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile @Nullable MyceliumException cancelled;
    private volatile @Nullable Thread thread;
    private final boolean flowControlled;
    private final Object credit = new Object();
    private long sent;
    private volatile long acked;
    private volatile long creditWindow;

    /**
     * @param creditWindow when positive, the peer acknowledges what its reader consumed ({@link #ack}) and
     *     this sender never runs more than that many bytes ahead of it (until told another window)
     */
    public StreamSender(
            String id,
            InputStream source,
            int chunkSize,
            int window,
            long idleNanos,
            long creditWindow,
            ChunkSink sink) {
        this.flowControlled = creditWindow > 0;
        this.creditWindow = creditWindow;
        this.id = id;
        this.source = source;
        this.chunkSize = chunkSize;
        this.window = window;
        this.idleNanos = idleNanos;
        this.sink = sink;
    }

    /** Starts sending; returns the future that completes when the closing packet is sent. */
    public synchronized CompletableFuture<Void> start() {
        if (done.isDone()) {
            return done;
        }
        thread = Thread.ofVirtual().name("mycelium-stream-" + id).start(this::run);
        return done;
    }

    /** Completes once the stream is fully sent; fails when it was cancelled or could not be sent. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** The peer's reader consumed {@code consumed} bytes in all and lets this sender run {@code window} ahead. */
    public void ack(long consumed, long window) {
        synchronized (credit) {
            if (consumed > acked) {
                acked = consumed;
            }
            if (window > 0) {
                this.creditWindow = window;
            }
            credit.notifyAll();
        }
    }

    /** Stops sending; the peer gets an error packet carrying {@code reason}, so its reader fails typed. */
    public void cancel(MyceliumException reason) {
        synchronized (this) {
            if (done.isDone() || cancelled != null) {
                return;
            }
            cancelled = reason;
            if (thread == null) {
                done.completeExceptionally(reason); // never started: nothing was sent, nothing to tell
                return;
            }
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        int seq = 0;
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        try (source) {
            byte[] buffer = new byte[chunkSize];
            while (true) {
                checkCancelled();
                int n = fill(buffer);
                if (n < 0) {
                    break;
                }
                checkCancelled();
                byte[] chunk = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                awaitCredit(n);
                inFlight.add(sink.chunk(++seq, chunk));
                buffer = new byte[chunkSize];
                while (inFlight.size() >= window) {
                    await(inFlight.poll());
                }
                // a transporter that takes chunks at once never blocks this virtual thread: let others run
                Thread.yield();
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.poll());
            }
            checkCancelled();
            await(sink.end(++seq));
            done.complete(null);
        } catch (Cancelled c) {
            Thread.interrupted();
            MyceliumException reason = java.util.Objects.requireNonNull(cancelled);
            sink.error(++seq, reason);
            done.completeExceptionally(reason);
        } catch (SendFailed e) {
            LOG.debug("Stream {} stopped: {}", id, e.getCause().toString());
            done.completeExceptionally(e.getCause());
        } catch (IOException | RuntimeException e) {
            Thread.interrupted();
            if (cancelled != null) {
                MyceliumException reason = java.util.Objects.requireNonNull(cancelled);
                sink.error(++seq, reason);
                done.completeExceptionally(reason);
            } else {
                LOG.debug("Source of stream {} failed", id, e);
                sink.error(++seq, e);
                done.completeExceptionally(e);
            }
        }
    }

    /** Reads until the buffer is full or the source has nothing more at hand; -1 at its end. */
    private int fill(byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = source.read(buffer, total, buffer.length - total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (n == 0 || source.available() <= 0) {
                break; // send what we have rather than wait on a live source
            }
        }
        return total;
    }

    /** With flow control, waits until the peer's reader is less than a window behind. */
    private void awaitCredit(int next) {
        if (!flowControlled) {
            return;
        }
        synchronized (credit) {
            long deadline = System.nanoTime() + idleNanos;
            long lastAcked = acked;
            while (sent + next - acked > creditWindow && sent > acked) {
                checkCancelled();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cancelled = new StreamIdleTimeoutException(id, TimeUnit.NANOSECONDS.toMillis(idleNanos));
                    throw new Cancelled();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(credit, left);
                } catch (InterruptedException e) {
                    if (cancelled == null) {
                        cancelled = new StreamCancelledException(id, "the sending thread was interrupted");
                    }
                    throw new Cancelled();
                }
                if (acked != lastAcked) {
                    lastAcked = acked;
                    deadline = System.nanoTime() + idleNanos;
                }
            }
            sent += next;
        }
    }

    private void checkCancelled() {
        if (cancelled != null) {
            throw new Cancelled();
        }
    }

    private void await(@Nullable CompletableFuture<Void> f) {
        if (f == null) {
            return;
        }
        try {
            f.get(idleNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            if (cancelled != null) {
                throw new Cancelled();
            }
            cancelled = new StreamCancelledException(id, "the sending thread was interrupted");
            throw new Cancelled();
        } catch (ExecutionException e) {
            throw new SendFailed(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            cancelled = new StreamIdleTimeoutException(id, TimeUnit.NANOSECONDS.toMillis(idleNanos));
            throw new Cancelled();
        }
    }

    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    private static final class SendFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SendFailed(Throwable cause) {
            super(null, cause, false, false);
        }
    }
}
