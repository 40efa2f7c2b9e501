package io.mycelium.gateway;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} calls per one-second window per client address (moleculer-web's memory store works
 * the same way). Windows of addresses not seen for a second are dropped once the table holds many, so its
 * size stays bounded by the addresses active in the last second. Thread-safe.
 */
final class RateLimiter {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int SWEEP_ABOVE = 10_000;

    /** A verdict: allowed or not, and what is left in the window. */
    record Verdict(boolean allowed, int remaining, long resetMillis) {}

    private static final class Window {
        long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }

    private final int limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    Verdict acquire(String client) {
        long now = System.nanoTime();
        if (windows.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        Window w = windows.computeIfAbsent(client, k -> new Window(now));
        synchronized (w) {
            if (now - w.start >= WINDOW_NANOS) {
                w.start = now;
                w.count = 0;
            }
            long reset = (w.start + WINDOW_NANOS - now) / 1_000_000L;
            if (w.count >= limit) {
                return new Verdict(false, 0, reset);
            }
            w.count++;
            return new Verdict(true, limit - w.count, reset);
        }
    }

    private void sweep(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            synchronized (w) {
                if (now - w.start >= WINDOW_NANOS) {
                    it.remove();
                }
            }
        }
    }
}
