package io.mycelium.internal.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InputStream} as a {@link Flow.Publisher} of byte buffers, for one subscriber. Buffers are read
 * on a virtual thread only as the subscriber requests them (each buffer is new and owned by the
 * subscriber); a read failure is signalled with {@code onError}.
 */
public final class InputStreamPublisher implements Flow.Publisher<ByteBuffer> {
    private final InputStream source;
    private final int bufferSize;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    public InputStreamPublisher(InputStream source, int bufferSize) {
        this.source = source;
        this.bufferSize = bufferSize;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("this stream publisher has a subscriber already"));
            return;
        }
        AtomicLong demand = new AtomicLong();
        AtomicBoolean cancelled = new AtomicBoolean();
        Object signal = new Object();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancelled.set(true);
                    subscriber.onError(new IllegalArgumentException("request must be positive: " + n));
                }
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                synchronized (signal) {
                    signal.notifyAll();
                }
            }

            @Override
            public void cancel() {
                cancelled.set(true);
                synchronized (signal) {
                    signal.notifyAll();
                }
            }
        });
        Thread.ofVirtual().name("mycelium-stream-publisher").start(() -> {
            try (source) {
                while (!cancelled.get()) {
                    synchronized (signal) {
                        while (demand.get() == 0 && !cancelled.get()) {
                            signal.wait();
                        }
                    }
                    if (cancelled.get()) {
                        return;
                    }
                    byte[] buf = new byte[bufferSize];
                    int n = source.read(buf);
                    if (n < 0) {
                        subscriber.onComplete();
                        return;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(ByteBuffer.wrap(buf, 0, n));
                }
            } catch (IOException | RuntimeException e) {
                if (!cancelled.get()) {
                    subscriber.onError(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
