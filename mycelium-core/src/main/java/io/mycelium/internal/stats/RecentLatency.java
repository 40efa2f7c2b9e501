package io.mycelium.internal.stats;

import io.mycelium.stats.Latency;

/**
 * Latencies of the last 30 to 60 seconds: two {@link LatencyHistogram}s of 30 s each, the older cleared
 * and reused as the window moves (Moleculer's quantiles also cover a sliding minute). Fixed memory: two
 * histograms. A recording racing the rotation may land in the window being cleared and be lost to the
 * percentiles (never to the counters, which live elsewhere).
 */
final class RecentLatency {
    static final long WINDOW_NANOS = 30_000_000_000L;

    private final LatencyHistogram[] slots = {new LatencyHistogram(), new LatencyHistogram()};
    private volatile long epoch;

    RecentLatency(long nowNanos) {
        this.epoch = nowNanos / WINDOW_NANOS;
    }

    void record(long micros, long nowNanos) {
        slots[slot(nowNanos)].record(micros);
    }

    Latency snapshot(long nowNanos) {
        long current = nowNanos / WINDOW_NANOS;
        slot(nowNanos);
        long[] merged = new long[LatencyHistogram.BUCKETS];
        long count = slots[(int) (current & 1)].addTo(merged);
        long sum = slots[(int) (current & 1)].sumMicros();
        count += slots[(int) ((current + 1) & 1)].addTo(merged);
        sum += slots[(int) ((current + 1) & 1)].sumMicros();
        return LatencyHistogram.summarise(merged, count, sum);
    }

    /** The slot of the window {@code now} falls in, after clearing the windows that have gone by. */
    private int slot(long nowNanos) {
        long current = nowNanos / WINDOW_NANOS;
        long seen = epoch;
        if (current > seen) {
            synchronized (this) {
                seen = epoch;
                if (current > seen) {
                    if (current - seen >= 2) {
                        slots[0].clear();
                        slots[1].clear();
                    } else {
                        slots[(int) (current & 1)].clear();
                    }
                    epoch = current;
                }
            }
        }
        return (int) (current & 1);
    }
}
