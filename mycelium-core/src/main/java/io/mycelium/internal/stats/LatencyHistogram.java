package io.mycelium.internal.stats;

import io.mycelium.stats.Latency;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in microseconds counted in fixed log-linear buckets: exact below 16 µs, then 16 buckets per
 * power of two up to 2^37 µs (about 38 hours; longer ones land in the last bucket). 544 counters, about
 * 4.3 KB, whatever the number of recordings.
 *
 * <p>Precision: a bucket is at most 1/16 of its lower bound wide and reads as its midpoint, so a reported
 * percentile is within 1/32 (3.125 %) of the recorded latency it stands for.
 *
 * <p>Thread-safe: any thread records; reads see a consistent-enough view (a recording racing a read may
 * be counted in one field and not yet in another).
 */
final class LatencyHistogram {
    static final int SUB_BUCKETS = 16;
    private static final int SUB_BITS = 4;
    private static final int MAX_EXPONENT = 36;
    static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder sumMicros = new LongAdder();

    void record(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        sumMicros.add(v);
    }

    void clear() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
        sumMicros.reset();
    }

    /** Adds this histogram's counts into {@code into}, for a snapshot over several windows. */
    long addTo(long[] into) {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.get(i);
            into[i] += c;
            n += c;
        }
        return n;
    }

    long sumMicros() {
        return sumMicros.sum();
    }

    static int index(long v) {
        if (v < SUB_BUCKETS) {
            return (int) Math.max(0, v);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return SUB_BUCKETS + (exponent - SUB_BITS) * SUB_BUCKETS + sub;
    }

    static long lowerBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = (index - SUB_BUCKETS) / SUB_BUCKETS + SUB_BITS;
        int sub = (index - SUB_BUCKETS) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    }

    /** The value a bucket reads as, in microseconds: its midpoint (exact for the unit-wide ones). */
    static double value(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = (index - SUB_BUCKETS) / SUB_BUCKETS + SUB_BITS;
        return lowerBound(index) + (double) (1L << (exponent - SUB_BITS)) / 2;
    }

    /** Summarises merged bucket counts; {@code sum} is the total of the recorded microseconds. */
    static Latency summarise(long[] buckets, long count, long sum) {
        if (count == 0) {
            return Latency.NONE;
        }
        int min = -1;
        int max = -1;
        for (int i = 0; i < BUCKETS; i++) {
            if (buckets[i] != 0) {
                if (min < 0) {
                    min = i;
                }
                max = i;
            }
        }
        return new Latency(
                count,
                ms(value(min)),
                ms(sum / (double) count),
                ms(value(max)),
                ms(quantile(buckets, count, 0.5)),
                ms(quantile(buckets, count, 0.9)),
                ms(quantile(buckets, count, 0.95)),
                ms(quantile(buckets, count, 0.99)),
                ms(quantile(buckets, count, 0.999)));
    }

    /** The value at rank ceil(q·n), as Moleculer picks a quantile from its sorted samples. */
    static double quantile(long[] buckets, long count, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return value(i);
            }
        }
        return value(BUCKETS - 1);
    }

    private static double ms(double micros) {
        return micros / 1000.0;
    }
}
