package io.mycelium.stats;

/**
 * Latencies in milliseconds of the calls that ended in the last 30 to 60 seconds (a sliding window, as
 * Moleculer's quantiles). Percentiles and min/max are within 3.125 % of a recorded latency; the mean is
 * exact (to the microsecond).
 *
 * @param count how many calls ended in the window
 * @param min the shortest
 * @param mean the mean
 * @param max the longest
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 */
public record Latency(
        long count, double min, double mean, double max, double p50, double p90, double p95, double p99, double p999) {

    /** No call ended in the window: every figure is zero. */
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
