package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.stats.TransportStatistics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many brokers in one JVM (issue 18's scale figures): starts {@code --nodes} brokers over {@code tcp://}
 * (loopback, UDP discovery bound to 127.0.0.1) or over a NATS server, and prints {@code [scale]} lines:
 * how long until every broker knows every other and its service, heap and platform threads per broker,
 * the traffic per broker per second at rest, and what one node joining costs (time, INFO packets, bytes),
 * once plain and once carrying {@code --actions} actions. Traffic is read from the loopback interface of
 * this JVM's network namespace ({@code /proc/self/net/dev}): exact only in a private namespace, which
 * {@code bash scripts/scale} makes. Not a test; run by that script.
 *
 * <pre>ScaleMain --transport tcp|nats [--nats nats://127.0.0.1:PORT] [--nodes 100] [--actions 1000]
 *           [--rest 30] [--converge 180] [--udpPort 4520] [--params k=v&k2=v2 (added to the URL)]</pre>
 */
public final class ScaleMain {

    private static final String NS = "scale";

    private final String url;
    private final List<ServiceBroker> brokers = new ArrayList<>();

    private ScaleMain(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String transport = a.getOrDefault("transport", "tcp");
        int nodes = Integer.parseInt(a.getOrDefault("nodes", "100"));
        int actions = Integer.parseInt(a.getOrDefault("actions", "1000"));
        long rest = Long.parseLong(a.getOrDefault("rest", "30"));
        long converge = Long.parseLong(a.getOrDefault("converge", "180"));
        String url =
                switch (transport) {
                    case "tcp" -> "tcp://?udpBindAddress=127.0.0.1&udpPort=" + a.getOrDefault("udpPort", "4520");
                    case "nats" -> a.getOrDefault("nats", "nats://127.0.0.1:4222");
                    default -> throw new IllegalArgumentException("--transport tcp|nats");
                };
        String extra = a.getOrDefault("params", "");
        if (!extra.isEmpty()) {
            url += (url.contains("?") ? "&" : "?") + extra;
        }
        ScaleMain run = new ScaleMain(url);
        int code;
        try {
            code = run.run(transport, nodes, actions, rest, converge);
        } finally {
            run.stopAll();
        }
        System.exit(code);
    }

    private int run(String transport, int n, int actions, long restSeconds, long convergeSeconds) throws Exception {
        say("%s, %d brokers in one JVM, %d cores, load average %s", url, n, cores(), Machine.loadAverage());
        long heap0 = usedHeapAfterGc();
        int threads0 = platformThreads();
        long[] lo0 = loopback();

        // four at a time: a hundred at once only measure the scheduler of a small machine
        long t0 = System.nanoTime();
        ExecutorService starters = Executors.newFixedThreadPool(4);
        List<Future<ServiceBroker>> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "n" + i;
            started.add(starters.submit(() -> start(id, 1)));
        }
        int failedStarts = 0;
        for (Future<ServiceBroker> f : started) {
            try {
                brokers.add(f.get(10, TimeUnit.MINUTES));
            } catch (java.util.concurrent.ExecutionException e) {
                failedStarts++;
                say("a broker failed to start: %s", String.valueOf(e.getCause()));
            }
        }
        starters.shutdown();
        if (failedStarts > 0) {
            say("%d of %d brokers failed to start: no figures", failedStarts, n);
            return 1;
        }
        long allStarted = System.nanoTime();
        int[] fewest = {0};
        boolean converged = Waits.until(convergeSeconds * 1000, 250, () -> {
            fewest[0] = fewestKnowing(brokers, n);
            return fewest[0] == n;
        });
        long convergedAt = System.nanoTime();
        long[] lo1 = loopback();
        say(
                "%d brokers started in %d ms (4 at a time); %s %d ms after the last start returned"
                        + " (the broker knowing fewest knew %d); %.0f KB and %d packets on loopback until then",
                n,
                Waits.ms(allStarted - t0),
                converged ? "every broker knows every other and its service" : "NOT converged",
                Waits.ms(convergedAt - allStarted),
                fewest[0],
                (lo1[0] - lo0[0]) / 1e3,
                lo1[1] - lo0[1]);
        long heap1 = usedHeapAfterGc();
        int threads1 = platformThreads();
        say(
                "per broker: %.2f MB heap (live, after GC), %.1f platform threads (JVM total %d, %d before the brokers)",
                (heap1 - heap0) / 1e6 / n, (threads1 - threads0) / (double) n, threads1, threads0);

        // at rest
        Waits.sleep(5000);
        long[] r0 = loopback();
        Counts c0 = Counts.of(brokers);
        long rt0 = System.nanoTime();
        Waits.sleep(restSeconds * 1000);
        long[] r1 = loopback();
        Counts c1 = Counts.of(brokers);
        double secs = (System.nanoTime() - rt0) / 1e9;
        double bytesRate = (r1[0] - r0[0]) / secs;
        double packetsRate = (r1[1] - r0[1]) / secs;
        say(
                "at rest over %.0f s, per broker per second: %.0f bytes and %.2f packets on loopback;"
                        + " %.2f Mycelium packets sent (%s)",
                secs, bytesRate / n, packetsRate / n, (c1.sent - c0.sent) / secs / n, c1.sentTypesMinus(c0));

        int fails = converged ? 0 : 1;
        fails += join("joiner", 1, n, bytesRate, packetsRate) ? 0 : 1;
        fails += join("big", actions, n + 1, bytesRate, packetsRate) ? 0 : 1;
        say("done, load average %s", Machine.loadAverage());
        return fails == 0 ? 0 : 1;
    }

    /** One more broker with {@code actions} actions: until every broker knows it and its service. */
    private boolean join(String id, int actions, int before, double restBytes, double restPackets) throws Exception {
        long[] lo0 = loopback();
        Counts c0 = Counts.of(brokers);
        long t0 = System.nanoTime();
        ServiceBroker joiner = start(id, actions);
        long startReturned = System.nanoTime();
        brokers.add(joiner);
        int total = before + 1;
        boolean known = Waits.until(120_000, 250, () -> fewestKnowing(brokers, total) == total);
        long t1 = System.nanoTime();
        long[] lo1 = loopback();
        Counts c1 = Counts.of(brokers);
        double window = (t1 - t0) / 1e9;
        say(
                "one node joining a mesh of %d with %d action%s: start took %d ms; %s %d ms after it returned;"
                        + " %d INFO packets received by all, %d packets sent by all (%s);"
                        + " on loopback %.0f KB and %.0f packets above the rest rate",
                before,
                actions,
                actions == 1 ? "" : "s",
                Waits.ms(startReturned - t0),
                known ? "known with its service by every broker" : "NOT known by all",
                Waits.ms(t1 - startReturned),
                c1.infoIn - c0.infoIn,
                c1.sent - c0.sent,
                c1.sentTypesMinus(c0),
                (lo1[0] - lo0[0] - restBytes * window) / 1e3,
                lo1[1] - lo0[1] - restPackets * window);
        return known;
    }

    private ServiceBroker start(String id, int actions) {
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(id)
                .namespace(NS)
                .transporter(url)
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        Service.Builder s = Service.named("scale").action("work", ctx -> id);
        for (int i = 1; i < actions; i++) {
            s.action("a" + i, ctx -> id);
        }
        b.register(s);
        b.start();
        return b;
    }

    /**
     * The fewest brokers any broker of {@code all} knows as available with the {@code scale} service
     * (itself included); {@code expected} when all know all.
     */
    private static int fewestKnowing(List<ServiceBroker> all, int expected) {
        int fewest = Integer.MAX_VALUE;
        for (ServiceBroker b : List.copyOf(all)) {
            fewest = Math.min(fewest, knownWithService(b));
            if (fewest < expected) {
                return fewest;
            }
        }
        return fewest;
    }

    private static int knownWithService(ServiceBroker b) {
        try {
            JsonNode services = b.call(
                            "$node.services",
                            Map.of("skipInternal", true, "onlyAvailable", true),
                            CallOptions.builder().nodeId(b.nodeId()).build())
                    .get(10, TimeUnit.SECONDS);
            for (JsonNode s : services) {
                if (s.path("name").asText().equals("scale")) {
                    return s.path("nodes").size();
                }
            }
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Packets and bytes of every broker, summed. */
    private record Counts(long sent, long infoIn, Map<String, Long> sentByType) {
        static Counts of(List<ServiceBroker> brokers) {
            long sent = 0;
            long infoIn = 0;
            Map<String, Long> byType = new java.util.TreeMap<>();
            for (ServiceBroker b : List.copyOf(brokers)) {
                TransportStatistics t = b.statistics().transport();
                sent += t.packetsSent();
                infoIn += t.receivedByType().getOrDefault("INFO", 0L);
                t.sentByType().forEach((k, v) -> byType.merge(k, v, Long::sum));
            }
            return new Counts(sent, infoIn, byType);
        }

        String sentTypesMinus(Counts before) {
            StringBuilder s = new StringBuilder();
            sentByType.forEach((k, v) -> {
                long d = v - before.sentByType.getOrDefault(k, 0L);
                if (d > 0) {
                    s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(d);
                }
            });
            return s.isEmpty() ? "none" : s.toString();
        }
    }

    /** Bytes and packets sent on this network namespace's loopback interface. */
    private static long[] loopback() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/net/dev"))) {
                String t = line.trim();
                if (t.startsWith("lo:")) {
                    String[] f = t.substring(3).trim().split("\\s+");
                    return new long[] {Long.parseLong(f[8]), Long.parseLong(f[9])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // no figures
        }
        return new long[] {0, 0};
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Waits.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Stops every broker, giving up after a minute: the JVM exits next either way, and a run whose mesh never
     * settled once kept stopping for 47 minutes, its brokers' threads taking the CPU from whatever ran next.
     */
    private void stopAll() {
        ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor();
        for (ServiceBroker b : brokers) {
            stoppers.execute(() -> {
                try {
                    b.stop();
                } catch (RuntimeException e) {
                    // stopping anyway
                }
            });
        }
        stoppers.shutdown();
        try {
            if (!stoppers.awaitTermination(60, TimeUnit.SECONDS)) {
                say("brokers still stopping after 60 s: exiting without them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("[scale] " + format + "%n", args);
        System.out.flush();
    }
}
