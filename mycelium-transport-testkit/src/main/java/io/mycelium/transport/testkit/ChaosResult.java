package io.mycelium.transport.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one chaos scenario, and its row of the Markdown table (columns explained in
 * docs/reliability.md). Times are in milliseconds since the traffic started.
 */
record ChaosResult(
        String transporter,
        String scenario,
        int calls,
        int answered,
        Map<String, Integer> failed,
        int hungCalls,
        int callsAfterFault,
        int failedAfterFault,
        int events,
        Map<String, Integer> emitFailed,
        int hungEmits,
        int handled,
        int lost,
        int duplicated,
        int phantom,
        String offDeadNode,
        String throughputBack,
        double callsPerSecondBefore,
        double minCallsPerSecondAfter) {

    private static final int CONCLUSIVE = 50;

    static final String HEADER =
            "| transporter | scenario | calls | answered | failed (by type) | hung | failed after fault | events |"
                    + " emit failed | handled | lost | duplicated | traffic off dead node | throughput back |"
                    + " calls/s before → min after |\n"
                    + "|---|---|--:|--:|---|--:|--:|--:|---|--:|--:|--:|--:|--:|---|";

    /** What a scenario observed, to be reduced to figures. */
    record Observed(
            String transporter,
            String scenario,
            List<ChaosTraffic.Call> calls,
            List<ChaosTraffic.Emit> emits,
            Map<Long, Integer> handledCounts,
            long faultMillis,
            @Nullable String deadNode,
            long recoveryFromMillis,
            long trafficEndMillis) {}

    static ChaosResult of(Observed o) {
        List<ChaosTraffic.Call> calls = o.calls();
        int answered = (int) calls.stream().filter(ChaosTraffic.Call::answered).count();
        int hung = (int) calls.stream().filter(c -> !c.done()).count();
        Map<String, Integer> failed = ChaosTraffic.byType(
                calls.stream().filter(ChaosTraffic.Call::done).toList());
        List<ChaosTraffic.Call> after =
                calls.stream().filter(c -> c.startMillis >= o.faultMillis()).toList();
        int failedAfter =
                (int) after.stream().filter(c -> c.done() && c.error != null).count();

        List<ChaosTraffic.Emit> emits = o.emits();
        Map<String, Integer> emitFailed =
                ChaosTraffic.byType(emits.stream().filter(e -> e.done).toList());
        int hungEmits = (int) emits.stream().filter(e -> !e.done).count();
        Map<Long, Integer> handledCounts = o.handledCounts();
        int lost = (int) emits.stream()
                .filter(e -> e.done && e.error == null && !handledCounts.containsKey(e.seq))
                .count();
        int duplicated = handledCounts.values().stream().mapToInt(n -> n - 1).sum();
        long phantom = handledCounts.keySet().stream()
                .filter(seq -> seq < 0 || seq >= emits.size())
                .count();

        // the last two seconds before the fault: the JIT of a small machine is still warming up before them
        double before = ratePerSecond(calls, Math.max(0, o.faultMillis() - 2000), o.faultMillis());
        return new ChaosResult(
                o.transporter(),
                o.scenario(),
                calls.size(),
                answered,
                failed,
                hung,
                after.size(),
                failedAfter,
                emits.size(),
                emitFailed,
                hungEmits,
                handledCounts.size(),
                lost,
                duplicated,
                (int) phantom,
                offDeadNode(o),
                throughputBack(calls, before, o.recoveryFromMillis(), o.trafficEndMillis()),
                before,
                minRate(calls, o.faultMillis(), o.trafficEndMillis()));
    }

    /**
     * How long after the kill calls were still routed to the dead node: the start of the last one that was,
     * provided at least {@value #CONCLUSIVE} calls started after it and none of them went there (with two
     * servers balanced, that many in a row skipping a node it still knew is not chance).
     */
    private static String offDeadNode(Observed o) {
        String dead = o.deadNode();
        if (dead == null) {
            return "–";
        }
        long fault = o.faultMillis();
        long last = o.calls().stream()
                .filter(c -> c.startMillis >= fault && dead.equals(c.node))
                .mapToLong(c -> c.startMillis)
                .max()
                .orElse(fault);
        long after = o.calls().stream().filter(c -> c.startMillis > last).count();
        if (after < CONCLUSIVE) {
            return "> " + seconds(o.trafficEndMillis() - fault) + " (still routed at the end)";
        }
        return (last - fault) + " ms";
    }

    /**
     * The first 500 ms window after {@code fromMillis} in which calls were answered at 80 % or more of the
     * rate before the fault, measured from {@code fromMillis} to the window's start.
     */
    private static String throughputBack(List<ChaosTraffic.Call> calls, double before, long fromMillis, long end) {
        for (long t = fromMillis; t + 500 <= end; t += 100) {
            if (ratePerSecond(calls, t, t + 500) >= 0.8 * before) {
                return (t - fromMillis) + " ms";
            }
        }
        return "> " + seconds(end - fromMillis) + " (not back)";
    }

    private static double minRate(List<ChaosTraffic.Call> calls, long from, long end) {
        double min = Double.MAX_VALUE;
        for (long t = from; t + 1000 <= end; t += 250) {
            min = Math.min(min, ratePerSecond(calls, t, t + 1000));
        }
        return min == Double.MAX_VALUE ? 0 : min;
    }

    /** Calls answered per second in [from, to). */
    private static double ratePerSecond(List<ChaosTraffic.Call> calls, long from, long to) {
        if (to <= from) {
            return 0;
        }
        long n = calls.stream()
                .filter(c -> c.answered() && c.endMillis >= from && c.endMillis < to)
                .count();
        return n * 1000.0 / (to - from);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    int hung() {
        return hungCalls + hungEmits;
    }

    /** The Markdown row of this scenario. */
    String row() {
        List<String> cells = new ArrayList<>();
        cells.add(transporter);
        cells.add(scenario);
        cells.add(Integer.toString(calls));
        cells.add(Integer.toString(answered));
        cells.add(types(failed));
        cells.add(hungCalls + (hungEmits > 0 ? " (+" + hungEmits + " emits)" : ""));
        cells.add(String.format(
                Locale.ROOT,
                "%d / %d (%.1f %%)",
                failedAfterFault,
                callsAfterFault,
                callsAfterFault == 0 ? 0.0 : 100.0 * failedAfterFault / callsAfterFault));
        cells.add(Integer.toString(events));
        cells.add(types(emitFailed));
        cells.add(Integer.toString(handled));
        cells.add(Integer.toString(lost));
        cells.add(Integer.toString(duplicated));
        cells.add(offDeadNode);
        cells.add(throughputBack);
        cells.add(String.format(Locale.ROOT, "%.0f → %.0f", callsPerSecondBefore, minCallsPerSecondAfter));
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String types(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "0";
        }
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
