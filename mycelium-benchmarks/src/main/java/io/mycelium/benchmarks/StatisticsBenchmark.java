package io.mycelium.benchmarks;

import io.mycelium.internal.stats.CallTimer;
import io.mycelium.internal.stats.Statistics;
import io.mycelium.stats.CallSide;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What request statistics add to one call, alone: the start (map lookup, clock read, adder) and the finish
 * (clock read, histogram bucket, adders) of one measured call. Compare with {@link LocalCallBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatisticsBenchmark {
    private final Statistics statistics = new Statistics(true);

    @Benchmark
    public void successfulCall() {
        CallTimer t = statistics.actionStarted("bench.echo", "bench", CallSide.HANDLED);
        t.finish(null);
    }
}
