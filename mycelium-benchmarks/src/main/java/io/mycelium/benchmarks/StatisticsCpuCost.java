package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of request statistics on the local call in <b>CPU time</b> (of the whole process, every thread),
 * not wall time: on a shared machine whose load is many times its cores, JMH's wall-clock figures of a
 * call that hops to a virtual thread vary by orders of magnitude between iterations, while the CPU time a
 * call burns barely moves. Two brokers, statistics on and off, are measured in alternating rounds so that
 * drifting load hits both alike; prints the mean and standard deviation of CPU ns per call of each and the
 * difference.
 *
 * <pre>java -cp … io.mycelium.benchmarks.StatisticsCpuCost [rounds=10] [callsPerRound=100000]</pre>
 */
public final class StatisticsCpuCost {
    private StatisticsCpuCost() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ServiceBroker on = broker("cpu-on", true);
        ServiceBroker off = broker("cpu-off", false);
        JsonNode params = Payload.small().tree();
        try {
            for (int i = 0; i < 3; i++) { // warm-up: both call paths compiled
                run(on, params, calls);
                run(off, params, calls);
            }
            List<Double> withStats = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ServiceBroker first = r % 2 == 0 ? on : off;
                ServiceBroker second = first == on ? off : on;
                double a = cpuPerCall(os, first, params, calls);
                double b = cpuPerCall(os, second, params, calls);
                (first == on ? withStats : without).add(a);
                (second == on ? withStats : without).add(b);
            }
            double mOn = mean(withStats);
            double mOff = mean(without);
            System.out.printf(
                    "statistics on : %.0f ± %.0f CPU ns/call (%d rounds of %d calls)%n",
                    mOn, sd(withStats), rounds, calls);
            System.out.printf("statistics off: %.0f ± %.0f CPU ns/call%n", mOff, sd(without));
            double se = Math.sqrt(
                    sd(withStats) * sd(withStats) / withStats.size() + sd(without) * sd(without) / without.size());
            System.out.printf(
                    "difference    : %.0f ± %.0f ns/call (standard error) = %.1f %%%n",
                    mOn - mOff, se, 100 * (mOn - mOff) / mOff);
            List<Double> alone = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                alone.add(statisticsAlone(calls * 20));
            }
            System.out.printf(
                    "statistics alone (start + finish of one call, this thread's CPU): %.1f ± %.1f ns%n",
                    mean(alone), sd(alone));
        } finally {
            on.stop();
            off.stop();
        }
    }

    /** What {@code StatisticsBenchmark} measures, in this thread's CPU time instead of wall time. */
    private static double statisticsAlone(int n) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        io.mycelium.internal.stats.Statistics statistics = new io.mycelium.internal.stats.Statistics(true);
        for (int i = 0; i < n; i++) { // warm
            statistics
                    .actionStarted("bench.echo", "bench", io.mycelium.stats.CallSide.HANDLED)
                    .finish(null);
        }
        long before = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            statistics
                    .actionStarted("bench.echo", "bench", io.mycelium.stats.CallSide.HANDLED)
                    .finish(null);
        }
        return (threads.getCurrentThreadCpuTime() - before) / (double) n;
    }

    private static ServiceBroker broker(String id, boolean statistics) {
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(id)
                .namespace(id + "-" + System.nanoTime())
                .transporter("memory://")
                .statistics(statistics)
                .build();
        b.register(Service.named("bench").action("echo", ctx -> ctx.params()));
        b.start();
        return b;
    }

    private static double cpuPerCall(
            com.sun.management.OperatingSystemMXBean os, ServiceBroker b, JsonNode params, int calls) {
        long before = os.getProcessCpuTime();
        run(b, params, calls);
        return (os.getProcessCpuTime() - before) / (double) calls;
    }

    private static void run(ServiceBroker b, JsonNode params, int calls) {
        for (int i = 0; i < calls; i++) {
            b.call(MyceliumPeer.ACTION, params).join();
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double sd(List<Double> xs) {
        double m = mean(xs);
        return Math.sqrt(xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, xs.size() - 1));
    }
}
