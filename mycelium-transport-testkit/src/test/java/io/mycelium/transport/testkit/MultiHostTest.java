package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.RetryPolicy;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TCP transporter across six hosts made of network namespaces on a private bridge ({@link NetnsHosts}),
 * a JVM per host ({@link HostJvm}) shared by every test (each test starts brokers of its own namespace and
 * ports in them). The test JVM itself is a host too: its brokers listen on the bridge. Skipped where
 * namespaces cannot be made. Figures are printed as {@code [multi-host]} lines.
 */
class MultiHostTest {

    private static final int HOSTS = 6;
    /** How long the 3+3 partition lasts (20 s in {@code scripts/hosts}: system property {@code mycelium.hosts.partition}). */
    private static final Duration PARTITION = Duration.ofSeconds(Long.getLong("mycelium.hosts.partition", 3));

    private static @org.jspecify.annotations.Nullable NetnsHosts hosts;
    private static final List<HostJvm> jvms = new ArrayList<>();

    @BeforeAll
    static void startHosts() {
        Optional<String> why = NetnsHosts.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "multi-host tests skipped: " + why.orElse(""));
        NetnsHosts h = NetnsHosts.create(HOSTS);
        hosts = h;
        for (int i = 0; i < HOSTS; i++) {
            jvms.add(HostJvm.start(h, i));
        }
        jvms.forEach(HostJvm::awaitReady);
    }

    @AfterAll
    static void removeHosts() {
        NetnsHosts h = hosts;
        if (h != null) {
            h.close();
        }
    }

    private static NetnsHosts hosts() {
        return java.util.Objects.requireNonNull(hosts);
    }

    /** Multicast discovery (the default) is what the partition test's mesh starts with. */
    @Test
    void discoversAcrossHostsByBroadcastAndFindsALateJoiner() {
        String namespace = "mh-bc";
        String url = "tcp://?port=7102&udpPort=4502&udpMulticast=false&udpBroadcast=true";
        String mode = "broadcast";
        for (int i = 0; i < 3; i++) {
            jvms.get(i).startNodes(namespace, url, namespace + "-" + i);
        }
        try {
            Set<String> first = ids(namespace, 0, 1, 2);
            awaitOrFail(30_000, () -> allSee(first, 0, 1, 2), "the first three hosts find each other by " + mode);
            long start = System.nanoTime();
            jvms.get(3).startNodes(namespace, url, namespace + "-3");
            long started = System.nanoTime();
            Set<String> all = ids(namespace, 0, 1, 2, 3);
            awaitOrFail(10_000, () -> allSee(all, 0, 1, 2, 3), "the late joiner is found by " + mode);
            long found = System.nanoTime();
            System.out.printf(
                    "[multi-host] %s: late joiner found by all %d ms after its start returned (start took %d ms)%n",
                    mode, (found - started) / 1_000_000, (started - start) / 1_000_000);
        } finally {
            for (int i = 0; i < 4; i++) {
                jvms.get(i).stopNodes(namespace + "-" + i);
            }
        }
    }

    @Test
    void beaconKeysAdmitOnlyHostsThatShareThem() {
        String ns = "mh-keys";
        String base = "tcp://?port=7103&udpPort=4503&udpPeriod=1s&keys=k1:";
        jvms.get(0).startNodes(ns, base + "alpha", "keys-0");
        jvms.get(1).startNodes(ns, base + "alpha", "keys-1");
        jvms.get(2).startNodes(ns, base + "other", "keys-2");
        try {
            Set<String> trusted = Set.of("keys-0", "keys-1");
            awaitOrFail(30_000, () -> allSee(trusted, 0, 1), "the hosts sharing a key find each other");
            // two beacon periods for the stranger to be (wrongly) admitted
            sleep(2000);
            assertThat(jvms.get(0).nodes().get("keys-0")).isEqualTo(trusted);
            assertThat(jvms.get(1).nodes().get("keys-1")).isEqualTo(trusted);
            assertThat(jvms.get(2).nodes().get("keys-2")).containsExactly("keys-2");
        } finally {
            jvms.get(0).stopNodes("keys-0");
            jvms.get(1).stopNodes("keys-1");
            jvms.get(2).stopNodes("keys-2");
        }
    }

    @Test
    void callsLeaveACutHostAndComeBackWhenItIsHealed() throws Exception {
        NetnsHosts h = hosts();
        String ns = "mh-cut";
        jvms.get(0).startNodes(ns, "tcp://?port=7104&udpDiscovery=false", "cut-0");
        jvms.get(1).startNodes(ns, "tcp://?port=7104&udpDiscovery=false", "cut-1");
        ServiceBroker client = client(ns, "cut-client", h.address(0) + ":7104/cut-0," + h.address(1) + ":7104/cut-1");
        try {
            awaitOrFail(30_000, () -> available(client).containsAll(Set.of("cut-0", "cut-1")), "the client sees both");
            CallOptions options = CallOptions.builder().build();
            PacedCalls load = PacedCalls.start(client, "host.work", options, 100, 16, 15_000);
            sleep(1000);
            long cut = System.nanoTime();
            long skippedBefore = load.skipped();
            h.cut(1);
            sleep(3000);
            long heal = System.nanoTime();
            long skippedDuring = load.skipped() - skippedBefore;
            h.heal(1);
            sleep(2000);
            List<CallLoad.Call> calls = load.stop(15_000);
            long failed = calls.stream().filter(c -> !c.ok()).count();
            long hung = calls.stream().filter(CallLoad.Call::hung).count();
            // the calls caught by the cut wait until the host is suspected (then fail over): the last of them
            // to end is when traffic has left the cut host
            long lastBad = calls.stream()
                    .filter(c -> c.endNanos() >= cut && c.startNanos() < heal)
                    .filter(c -> !c.ok() || c.endNanos() - c.startNanos() > TimeUnit.MILLISECONDS.toNanos(1000))
                    .mapToLong(c -> c.endNanos() - cut)
                    .max()
                    .orElse(0);
            long[] latencies = calls.stream()
                    .filter(CallLoad.Call::ok)
                    .mapToLong(c -> (c.endNanos() - c.startNanos()) / 1_000_000)
                    .sorted()
                    .toArray();
            long back = calls.stream()
                    .filter(c -> c.startNanos() >= heal && "cut-1".equals(c.node()))
                    .mapToLong(c -> c.endNanos() - heal)
                    .min()
                    .orElse(Long.MAX_VALUE);
            System.out.printf(
                    "[multi-host] cut: %d calls (median %d ms), %d failed (%s), %d hung, %d not started while 16"
                            + " were in flight during the cut (%d over the run); calls caught by the cut ended %d ms"
                            + " after it; the healed host served again %d ms after the heal%n",
                    calls.size(),
                    latencies.length == 0 ? -1 : latencies[latencies.length / 2],
                    failed,
                    CallLoad.failures(calls),
                    hung,
                    skippedDuring,
                    load.skipped(),
                    lastBad / 1_000_000,
                    back == Long.MAX_VALUE ? -1 : back / 1_000_000);
            assertThat(hung).isZero();
            assertThat(failed).isLessThanOrEqualTo(calls.size() / 100);
            // targets are 2 s; a third more for a loaded machine
            assertThat(lastBad).isLessThan(TimeUnit.MILLISECONDS.toNanos(2700));
            assertThat(back).isLessThan(TimeUnit.MILLISECONDS.toNanos(2700));
        } finally {
            h.heal(1);
            client.stop();
            jvms.get(0).stopNodes("cut-0");
            jvms.get(1).stopNodes("cut-1");
        }
    }

    @Test
    void aSlowButAliveHostIsNotSuspected() throws Exception {
        NetnsHosts h = hosts();
        String ns = "mh-slow";
        jvms.get(2).startNodes(ns, "tcp://?port=7106&udpDiscovery=false", "slow-0");
        ServiceBroker client = client(ns, "slow-client", h.address(2) + ":7106/slow-0");
        try {
            awaitOrFail(30_000, () -> available(client).contains("slow-0"), "the client sees the slow node");
            CallOptions slow = CallOptions.builder()
                    .nodeId("slow-0")
                    .timeout(Duration.ofSeconds(10))
                    .build();
            List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 16; i++) {
                    calls.add(client.call("host.work", Map.of("sleepMs", 3000), slow));
                }
                sleep(1500);
            }
            int ok = 0;
            for (CompletableFuture<JsonNode> call : calls) {
                try {
                    call.get(20, TimeUnit.SECONDS);
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    System.out.println("[multi-host] slow call failed: " + e.getCause());
                }
            }
            System.out.printf("[multi-host] slow but alive: %d of %d calls of 3 s answered%n", ok, calls.size());
            assertThat(ok).isEqualTo(calls.size());
            assertThat(available(client)).contains("slow-0");
        } finally {
            client.stop();
            jvms.get(2).stopNodes("slow-0");
        }
    }

    @Test
    void aPartitionedMeshKeepsServingAndConvergesWhenHealed() throws Exception {
        NetnsHosts h = hosts();
        String ns = "mh-part";
        String url = "tcp://?port=7105&udpPort=4505";
        IntStream.range(0, HOSTS - 1).parallel().forEach(i -> jvms.get(i).startNodes(ns, url, "p-" + i));
        ServiceBroker client = client(ns, "p-client", h.address(0) + ":7105/p-0");
        Set<String> all = new TreeSet<>();
        for (int i = 0; i < HOSTS; i++) {
            all.add("p-" + i);
        }
        all.add("p-client");
        try {
            Set<String> first = new TreeSet<>(all);
            first.remove("p-" + (HOSTS - 1));
            awaitOrFail(30_000, () -> allSee(first, 0, 1, 2, 3, 4), "five hosts find each other by multicast");
            long start = System.nanoTime();
            jvms.get(HOSTS - 1).startNodes(ns, url, "p-" + (HOSTS - 1));
            long started = System.nanoTime();
            awaitOrFail(30_000, () -> allSee(all, 0, 1, 2, 3, 4, 5), "the late sixth host is found by multicast");
            System.out.printf(
                    "[multi-host] multicast: late joiner found by all %d ms after its start returned (start took"
                            + " %d ms)%n",
                    (System.nanoTime() - started) / 1_000_000, (started - start) / 1_000_000);
            h.partition(List.of(List.of(0, 1, 2), List.of(3, 4, 5)));
            long partitioned = System.nanoTime();
            int seq = 0;
            // balanced events throughout, from side A
            while (System.nanoTime() - partitioned < TimeUnit.SECONDS.toNanos(2)) {
                client.emit("host.tick", Integer.toString(++seq));
                sleep(50);
            }
            int[] sideA = jvms.get(0).calls("p-0", 10);
            int[] sideB = jvms.get(3).calls("p-3", 10);
            System.out.printf(
                    "[multi-host] partition: side A %d/%d calls answered, side B %d/%d%n",
                    sideA[0], sideA[0] + sideA[1], sideB[0], sideB[0] + sideB[1]);
            while (System.nanoTime() - partitioned < PARTITION.toNanos()) {
                client.emit("host.tick", Integer.toString(++seq));
                sleep(50);
            }
            h.healPartition();
            long healed = System.nanoTime();
            awaitOrFail(30_000, () -> allSee(all, 0, 1, 2, 3, 4, 5), "the mesh converges after the heal");
            long converged = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                client.emit("host.tick", Integer.toString(++seq));
                sleep(50);
            }
            int emitted = seq;
            String last = Integer.toString(emitted);
            awaitOrFail(
                    10_000,
                    () -> jvms.stream().anyMatch(j -> j.events().stream().anyMatch(e -> e.startsWith(last + " "))),
                    "the last event is handled");
            Map<String, Integer> handled = new HashMap<>();
            for (HostJvm jvm : jvms) {
                for (String event : jvm.events()) {
                    handled.merge(event.split(" ")[0], 1, Integer::sum);
                }
            }
            long twice = handled.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "[multi-host] partition healed: converged in %d ms; %d events emitted, %d handled, %d twice%n",
                    (converged - healed) / 1_000_000, emitted, handled.size(), twice);
            assertThat(sideA[1]).isZero();
            assertThat(sideB[1]).isZero();
            assertThat(twice).isZero();
            assertThat(available(client)).isEqualTo(all);
        } finally {
            h.healPartition();
            client.stop();
            IntStream.range(0, HOSTS).parallel().forEach(i -> jvms.get(i).stopNodes("p-" + i));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ServiceBroker client(String namespace, String nodeId, String urls) {
        ServiceBroker client = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter("tcp://?host=" + hosts().bridgeAddress() + "&udpDiscovery=false&urls=" + urls)
                .retryPolicy(RetryPolicy.of(2))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        client.start();
        return client;
    }

    private static Set<String> available(ServiceBroker broker) {
        Set<String> ids = new TreeSet<>();
        JsonNode list = broker.call(
                        "$node.list",
                        Map.of("onlyAvailable", true),
                        CallOptions.builder().nodeId(broker.nodeId()).build())
                .join();
        list.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static Set<String> ids(String namespace, int... indices) {
        Set<String> ids = new TreeSet<>();
        for (int i : indices) {
            ids.add(namespace + "-" + i);
        }
        return ids;
    }

    /** True when every broker on hosts {@code indices} sees exactly {@code expected}. */
    private static boolean allSee(Set<String> expected, int... indices) {
        for (int i : indices) {
            for (Map.Entry<String, Set<String>> e : jvms.get(i).nodes().entrySet()) {
                if (expected.contains(e.getKey()) && !e.getValue().equals(expected)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void awaitOrFail(long millis, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
