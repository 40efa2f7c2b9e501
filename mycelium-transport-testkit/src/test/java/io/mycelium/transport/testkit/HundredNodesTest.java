package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A hundred brokers on ten hosts ({@link NetnsHosts}, ten brokers per host JVM) over TCP with UDP
 * multicast discovery and the library's defaults: how long until every broker knows every other, what
 * gossip costs per node at rest (every byte and packet the hosts' interfaces send: gossip, beacons, TCP
 * acknowledgements), and what one more node costs. Long: only with {@code -Dmycelium.hosts.long=true}
 * ({@code bash scripts/hosts}). Figures are printed as {@code [hundred]} lines.
 */
@EnabledIfSystemProperty(named = "mycelium.hosts.long", matches = "true")
class HundredNodesTest {

    private static final int HOSTS = 10;
    private static final int PER_HOST = 10;
    private static final long REST_SECONDS = Long.getLong("mycelium.hosts.rest", 30);

    @Test
    void aHundredBrokersOnTenHostsConverge() {
        java.util.Optional<String> why = NetnsHosts.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        String ns = "hundred";
        String url = "tcp://?udpPort=4510";
        try (NetnsHosts hosts = NetnsHosts.create(HOSTS)) {
            Set<String> all = new TreeSet<>();
            List<HostJvm> jvms = new ArrayList<>();
            long launch = System.nanoTime();
            for (int h = 0; h < HOSTS; h++) {
                jvms.add(HostJvm.start(hosts, h));
            }
            jvms.forEach(HostJvm::awaitReady);
            long jvmsUp = System.nanoTime();
            // one host after the other: a hundred brokers starting at once starve a small machine
            IntStream.range(0, HOSTS).forEach(h -> {
                String[] ids = new String[PER_HOST];
                for (int n = 0; n < PER_HOST; n++) {
                    ids[n] = "h" + h + "-n" + n;
                }
                jvms.get(h).startNodes(ns, url, ids);
            });
            for (int h = 0; h < HOSTS; h++) {
                for (int n = 0; n < PER_HOST; n++) {
                    all.add("h" + h + "-n" + n);
                }
            }
            long started = System.nanoTime();
            awaitOrFail(300_000, () -> allSee(jvms, all), "a hundred brokers converge");
            long converged = System.nanoTime();
            System.out.printf(
                    "[hundred] %d brokers on %d hosts: JVMs up in %d ms; brokers started in %d ms; all know all %d ms"
                            + " after the last start returned%n",
                    all.size(),
                    HOSTS,
                    (jvmsUp - launch) / 1_000_000,
                    (started - jvmsUp) / 1_000_000,
                    (converged - started) / 1_000_000);

            // at rest
            sleepSeconds(5);
            long[] before = sent(hosts);
            long t0 = System.nanoTime();
            sleepSeconds(REST_SECONDS);
            long[] after = sent(hosts);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double bytesPerNode = (after[0] - before[0]) / seconds / all.size();
            double packetsPerNode = (after[1] - before[1]) / seconds / all.size();
            System.out.printf(
                    "[hundred] at rest over %.0f s: %.0f bytes and %.1f packets sent per node per second%n",
                    seconds, bytesPerNode, packetsPerNode);

            // one more node
            long[] joinBefore = sent(hosts);
            long j0 = System.nanoTime();
            jvms.get(0).startNodes(ns, url, "joiner");
            long joinStarted = System.nanoTime();
            Set<String> more = new TreeSet<>(all);
            more.add("joiner");
            awaitOrFail(120_000, () -> allSee(jvms, more), "every broker knows the joiner");
            long joined = System.nanoTime();
            long[] joinAfter = sent(hosts);
            double window = (joined - j0) / 1e9;
            double extraBytes = joinAfter[0] - joinBefore[0] - bytesPerNode * all.size() * window;
            double extraPackets = joinAfter[1] - joinBefore[1] - packetsPerNode * all.size() * window;
            System.out.printf(
                    "[hundred] one node joining: known by all %d ms after its start returned (start %d ms);"
                            + " %.0f bytes and %.0f packets over the rest rate in that window%n",
                    (joined - joinStarted) / 1_000_000, (joinStarted - j0) / 1_000_000, extraBytes, extraPackets);
            assertThat(converged).isGreaterThan(started);
        }
    }

    private static long[] sent(NetnsHosts hosts) {
        long bytes = 0;
        long packets = 0;
        for (int h = 0; h < hosts.count(); h++) {
            long[] s = hosts.sent(h);
            bytes += s[0];
            packets += s[1];
        }
        return new long[] {bytes, packets};
    }

    private static boolean allSee(List<HostJvm> jvms, Set<String> expected) {
        return jvms.parallelStream().allMatch(j -> {
            for (Map.Entry<String, Set<String>> e : j.nodes().entrySet()) {
                if (expected.contains(e.getKey()) && !e.getValue().equals(expected)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void awaitOrFail(long millis, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            sleepSeconds(1);
        }
    }

    private static void sleepSeconds(long seconds) {
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
