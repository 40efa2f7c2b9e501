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
    /** Brokers per host: 10 (a hundred); fewer with {@code -Dmycelium.hosts.perHost} on a starved machine. */
    private static final int PER_HOST = Integer.getInteger("mycelium.hosts.perHost", 10);

    private static final long REST_SECONDS = Long.getLong("mycelium.hosts.rest", 30);
    private static final long CONVERGE_MILLIS = Long.getLong("mycelium.hosts.converge", 180) * 1000;

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
            // the figures at rest and of a join are worth having even if the mesh does not converge (a
            // loaded machine): the verdict comes last
            int[] fewest = new int[] {0};
            boolean converged = awaitUpTo(CONVERGE_MILLIS, () -> {
                fewest[0] = fewestKnown(jvms, all);
                return fewest[0] == all.size() && allSee(jvms, all);
            });
            long convergedAt = System.nanoTime();
            System.out.printf(
                    "[hundred] %d brokers on %d hosts: JVMs up in %d ms; brokers started (host after host) in %d ms;"
                            + " %s %d ms after the last start returned (the broker knowing fewest knew %d)%n",
                    all.size(),
                    HOSTS,
                    (jvmsUp - launch) / 1_000_000,
                    (started - jvmsUp) / 1_000_000,
                    converged ? "all know all" : "NOT converged",
                    (convergedAt - started) / 1_000_000,
                    fewest[0]);

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
            boolean joinedAll = awaitUpTo(120_000, () -> knownByAll(jvms, more, "joiner"));
            long joined = System.nanoTime();
            long[] joinAfter = sent(hosts);
            double window = (joined - j0) / 1e9;
            double extraBytes = joinAfter[0] - joinBefore[0] - bytesPerNode * all.size() * window;
            double extraPackets = joinAfter[1] - joinBefore[1] - packetsPerNode * all.size() * window;
            System.out.printf(
                    "[hundred] one node joining: %s %d ms after its start returned (start %d ms);"
                            + " %.0f bytes and %.0f packets over the rest rate in that window%n",
                    joinedAll ? "known by all" : "NOT known by all",
                    (joined - joinStarted) / 1_000_000,
                    (joinStarted - j0) / 1_000_000,
                    extraBytes,
                    extraPackets);
            assertThat(converged).as("a hundred brokers converge").isTrue();
            assertThat(joinedAll).as("every broker knows the joiner").isTrue();
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
        try {
            return allSeeOrFail(jvms, expected);
        } catch (IllegalStateException slowHost) {
            return false;
        }
    }

    private static boolean allSeeOrFail(List<HostJvm> jvms, Set<String> expected) {
        return jvms.parallelStream().allMatch(j -> {
            for (Map.Entry<String, Set<String>> e : j.nodes().entrySet()) {
                if (expected.contains(e.getKey()) && !e.getValue().equals(expected)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Polls every 2 s (each poll asks all hundred registries: not free on a small machine). */
    private static boolean awaitUpTo(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleepSeconds(2);
        }
        return true;
    }

    private static int fewestKnown(List<HostJvm> jvms, Set<String> expected) {
        try {
            return fewestKnownOrFail(jvms, expected);
        } catch (IllegalStateException slowHost) {
            System.out.println("[hundred] " + slowHost.getMessage());
            return 0;
        }
    }

    private static int fewestKnownOrFail(List<HostJvm> jvms, Set<String> expected) {
        return jvms.parallelStream()
                .flatMap(j -> j.nodes().entrySet().stream())
                .filter(e -> expected.contains(e.getKey()))
                .mapToInt(e ->
                        (int) e.getValue().stream().filter(expected::contains).count())
                .min()
                .orElse(0);
    }

    /** Every broker of {@code expected} knows {@code id}. */
    private static boolean knownByAll(List<HostJvm> jvms, Set<String> expected, String id) {
        try {
            return knownByAllOrFail(jvms, expected, id);
        } catch (IllegalStateException slowHost) {
            System.out.println("[hundred] " + slowHost.getMessage());
            return false;
        }
    }

    private static boolean knownByAllOrFail(List<HostJvm> jvms, Set<String> expected, String id) {
        return jvms.parallelStream().allMatch(j -> j.nodes().entrySet().stream()
                .filter(e -> expected.contains(e.getKey()))
                .allMatch(e -> e.getValue().contains(id)));
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
