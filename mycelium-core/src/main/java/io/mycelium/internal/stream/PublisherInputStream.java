package io.mycelium.internal.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Flow.Publisher} of byte buffers read as an {@link InputStream}. It subscribes on the first
 * read and requests one buffer at a time, so it never holds more than one buffer: the publisher is
 * slowed down to the reader's pace.
 */
public final class PublisherInputStream extends InputStream {
    private final Flow.Publisher<? extends ByteBuffer> publisher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Flow.@Nullable Subscription subscription;
    private @Nullable ByteBuffer current;
    private boolean subscribed;
    private boolean requested;
    private boolean complete;
    private @Nullable Throwable error;

    public PublisherInputStream(Flow.Publisher<? extends ByteBuffer> publisher) {
        this.publisher = publisher;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        boolean subscribe = false;
        lock.lock();
        try {
            if (!subscribed) {
                subscribed = true;
                requested = true;
                subscribe = true;
            }
        } finally {
            lock.unlock();
        }
        if (subscribe) {
            publisher.subscribe(new Subscriber());
        }
        Flow.@Nullable Subscription toRequest = null;
        lock.lock();
        try {
            while (current == null || !current.hasRemaining()) {
                if (current != null && !requested && subscription != null) {
                    current = null;
                    requested = true;
                    toRequest = subscription;
                    break;
                }
                Throwable failed = error;
                if (failed instanceof RuntimeException re) {
                    throw re;
                }
                if (failed != null) {
                    throw new IOException(failed);
                }
                if (complete) {
                    return -1;
                }
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        } finally {
            lock.unlock();
        }
        if (toRequest != null) {
            toRequest.request(1);
            return read(b, off, len);
        }
        lock.lock();
        try {
            ByteBuffer buf = Objects.requireNonNull(current);
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Flow.@Nullable Subscription s;
        lock.lock();
        try {
            s = subscription;
            complete = true;
            current = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.cancel();
        }
    }

    private final class Subscriber implements Flow.Subscriber<ByteBuffer> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            lock.lock();
            try {
                subscription = s;
            } finally {
                lock.unlock();
            }
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            lock.lock();
            try {
                current = item;
                requested = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onError(Throwable t) {
            lock.lock();
            try {
                error = t;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onComplete() {
            lock.lock();
            try {
                complete = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
