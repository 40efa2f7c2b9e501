package io.mycelium.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mycelium.stats.Latency;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void everyValueFallsInABucketWhoseReadingIsWithinOneThirtySecondOfIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextLong(1L << random.nextInt(1, 37));
            int index = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.lowerBound(index)).isLessThanOrEqualTo(v);
            if (index + 1 < LatencyHistogram.BUCKETS) {
                assertThat(LatencyHistogram.lowerBound(index + 1)).isGreaterThan(v);
            }
            assertThat(Math.abs(LatencyHistogram.value(index) - v)).isLessThanOrEqualTo(v / 32.0);
        }
    }

    @Test
    void percentilesAreWithinTheStatedPrecisionOfTheExactOnes() {
        SplittableRandom random = new SplittableRandom(11);
        LatencyHistogram h = new LatencyHistogram();
        long[] values = new long[50_000];
        for (int i = 0; i < values.length; i++) {
            // a long-tailed spread from a few µs to a few seconds
            values[i] = (long) Math.exp(random.nextDouble(1, 15));
            h.record(values[i]);
        }
        Arrays.sort(values);
        long[] buckets = new long[LatencyHistogram.BUCKETS];
        long n = h.addTo(buckets);
        assertThat(n).isEqualTo(values.length);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat(LatencyHistogram.quantile(buckets, n, q)).isCloseTo(exact, within(exact / 32.0));
        }
        Latency l = LatencyHistogram.summarise(buckets, n, h.sumMicros());
        assertThat(l.mean() * 1000).isCloseTo(Arrays.stream(values).average().orElseThrow(), within(0.001));
        assertThat(l.min() * 1000).isCloseTo(values[0], within(values[0] / 32.0));
        assertThat(l.max() * 1000).isCloseTo(values[values.length - 1], within(values[values.length - 1] / 32.0));
    }

    @Test
    void smallValuesAreExactAndHugeOnesLandInTheLastBucket() {
        for (long v = 0; v < 16; v++) {
            assertThat(LatencyHistogram.value(LatencyHistogram.index(v))).isEqualTo(v);
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.index(-5)).isZero();
    }

    @Test
    void theWindowForgetsLatenciesOlderThanAMinute() {
        long t0 = 1_000 * RecentLatency.WINDOW_NANOS;
        RecentLatency recent = new RecentLatency(t0);
        recent.record(100, t0);
        recent.record(300, t0 + 1);
        assertThat(recent.snapshot(t0 + 2).count()).isEqualTo(2);
        // the next window still shows the previous one
        recent.record(200, t0 + RecentLatency.WINDOW_NANOS);
        assertThat(recent.snapshot(t0 + RecentLatency.WINDOW_NANOS).count()).isEqualTo(3);
        // two windows later the first is gone
        assertThat(recent.snapshot(t0 + 2 * RecentLatency.WINDOW_NANOS).count()).isEqualTo(1);
        assertThat(recent.snapshot(t0 + 5 * RecentLatency.WINDOW_NANOS)).isEqualTo(Latency.NONE);
    }
}
