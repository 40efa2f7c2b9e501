package io.mycelium.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Counts events received by a peer's subscriber; thread-safe. */
final class EventCounter {
    private final AtomicLong count = new AtomicLong();

    void increment() {
        count.incrementAndGet();
    }

    void reset() {
        count.set(0);
    }

    /** Polls every 0.2 ms, which is noise beside a run of seconds. */
    long await(long n, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (count.get() < n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
        }
        return count.get();
    }
}
