package io.mycelium.benchmarks;

import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.HostJvm;
import io.mycelium.transport.testkit.NetnsHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Brokers on many hosts ({@link NetnsHosts}: network namespaces on a private bridge, one JVM per host) over
 * {@code tcp://} (UDP multicast discovery, the library's defaults) or over NATS (a private nats-server on
 * the bridge's address in the root namespace, reached by every host; never the shared one): the time until
 * every broker knows every other, the traffic the hosts send per broker per second at rest, and one node
 * joining. Prints {@code [hosts]} lines. Needs root; run by {@code bash scripts/hosts-scale}.
 *
 * <pre>HostsMain --transport tcp|nats [--hosts 10] [--perHost 10] [--rest 30] [--converge 300]</pre>
 */
public final class HostsMain {

    private HostsMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String transport = a.getOrDefault("transport", "tcp");
        int hostCount = Integer.parseInt(a.getOrDefault("hosts", "10"));
        int perHost = Integer.parseInt(a.getOrDefault("perHost", "10"));
        long rest = Long.parseLong(a.getOrDefault("rest", "30"));
        long converge = Long.parseLong(a.getOrDefault("converge", "300"));
        java.util.Optional<String> why = NetnsHosts.unavailable();
        if (why.isPresent()) {
            System.err.println("[hosts] cannot make test hosts: " + why.get());
            System.exit(2);
        }
        int code;
        try (NetnsHosts hosts = NetnsHosts.create(hostCount)) {
            Process nats = null;
            try {
                String url;
                if (transport.equals("nats")) {
                    int port = BrokerProcess.freePort();
                    nats = new ProcessBuilder("/usr/sbin/nats-server", "-a", hosts.bridgeAddress(), "-p", "" + port)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    url = "nats://" + hosts.bridgeAddress() + ":" + port;
                    Thread.sleep(1000);
                } else {
                    url = "tcp://?udpPort=4511";
                }
                code = run(hosts, url, perHost, rest, converge);
            } finally {
                if (nats != null) {
                    nats.destroy();
                    nats.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        System.exit(code);
    }

    private static int run(NetnsHosts hosts, String url, int perHost, long restSeconds, long convergeSeconds) {
        String ns = "hosts";
        int hostCount = hosts.count();
        say("%s: %d brokers on %d hosts, load average %s", url, hostCount * perHost, hostCount, Machine.loadAverage());
        List<HostJvm> jvms = new ArrayList<>();
        long launch = System.nanoTime();
        for (int h = 0; h < hostCount; h++) {
            jvms.add(HostJvm.start(hosts, h));
        }
        jvms.forEach(HostJvm::awaitReady);
        long jvmsUp = System.nanoTime();
        Set<String> all = new TreeSet<>();
        for (int h = 0; h < hostCount; h++) {
            String[] ids = new String[perHost];
            for (int n = 0; n < perHost; n++) {
                ids[n] = "h" + h + "-n" + n;
                all.add(ids[n]);
            }
            jvms.get(h).startNodes(ns, url, ids);
        }
        long started = System.nanoTime();
        int[] fewest = {0};
        boolean converged = Waits.until(convergeSeconds * 1000, 1000, () -> {
            fewest[0] = fewestKnown(jvms, all);
            return fewest[0] == all.size();
        });
        long convergedAt = System.nanoTime();
        say(
                "JVMs up in %d ms; brokers started host after host in %d ms; %s %d ms after the last start returned"
                        + " (the broker knowing fewest knew %d); load average %s",
                Waits.ms(jvmsUp - launch),
                Waits.ms(started - jvmsUp),
                converged ? "every broker knows every other" : "NOT converged",
                Waits.ms(convergedAt - started),
                fewest[0],
                Machine.loadAverage());

        Waits.sleep(5000);
        long[] before = sent(hosts);
        long t0 = System.nanoTime();
        Waits.sleep(restSeconds * 1000);
        long[] after = sent(hosts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double bytesPerNode = (after[0] - before[0]) / seconds / all.size();
        double packetsPerNode = (after[1] - before[1]) / seconds / all.size();
        say(
                "at rest over %.0f s: %.0f bytes and %.2f packets sent by the hosts per broker per second",
                seconds, bytesPerNode, packetsPerNode);

        long[] joinBefore = sent(hosts);
        long j0 = System.nanoTime();
        jvms.get(0).startNodes(ns, url, "joiner");
        long joinStarted = System.nanoTime();
        Set<String> more = new TreeSet<>(all);
        more.add("joiner");
        boolean joined = Waits.until(120_000, 1000, () -> knownByAll(jvms, more, "joiner"));
        long joinedAt = System.nanoTime();
        long[] joinAfter = sent(hosts);
        double window = (joinedAt - j0) / 1e9;
        say(
                "one node joining: start %d ms; %s %d ms after it returned; %.0f KB and %.0f packets above the rest"
                        + " rate in that window; load average %s",
                Waits.ms(joinStarted - j0),
                joined ? "known by all" : "NOT known by all",
                Waits.ms(joinedAt - joinStarted),
                (joinAfter[0] - joinBefore[0] - bytesPerNode * all.size() * window) / 1e3,
                joinAfter[1] - joinBefore[1] - packetsPerNode * all.size() * window,
                Machine.loadAverage());
        return converged && joined ? 0 : 1;
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

    private static int fewestKnown(List<HostJvm> jvms, Set<String> expected) {
        try {
            return jvms.parallelStream()
                    .flatMap(j -> j.nodes().entrySet().stream())
                    .filter(e -> expected.contains(e.getKey()))
                    .mapToInt(e -> (int)
                            e.getValue().stream().filter(expected::contains).count())
                    .min()
                    .orElse(0);
        } catch (IllegalStateException slowHost) {
            say("%s", String.valueOf(slowHost.getMessage()));
            return 0;
        }
    }

    private static boolean knownByAll(List<HostJvm> jvms, Set<String> expected, String id) {
        try {
            return jvms.parallelStream().allMatch(j -> j.nodes().entrySet().stream()
                    .filter(e -> expected.contains(e.getKey()))
                    .allMatch(e -> e.getValue().contains(id)));
        } catch (IllegalStateException slowHost) {
            say("%s", String.valueOf(slowHost.getMessage()));
            return false;
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("[hosts] " + format + "%n", args);
        System.out.flush();
    }
}
