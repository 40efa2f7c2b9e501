package io.mycelium.transport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test hosts on one machine: {@code count} Linux network namespaces, each with one interface ({@code eth0})
 * plugged into a private bridge, addresses {@code 10.213.<net>.<i+1>/24} (a free {@code /24} of
 * {@code 10.213.0.0/16}); the root namespace, where the test runs, is {@code 10.213.<net>.254} on the
 * bridge. Nothing leaves the machine: the bridge has no uplink. A host runs JVMs ({@link #start}); its link
 * is cut ({@link #cut}: the switch-side end goes down, packets vanish without a reset, as when a cable is
 * pulled) and healed; hosts are split into groups that cannot reach each other ({@link #partition}).
 *
 * <p>Every name carries this JVM's pid ({@code myc-<pid>-h<i>} namespaces, {@code mycb<pid>…} bridges,
 * {@code mycv<pid>h<i>} links), so parallel runs do not collide; {@link #close} removes everything, a
 * shutdown hook does it if the test JVM exits first, and {@link #sweep} removes what a killed JVM left
 * (also done by {@link #create}). Needs root and iproute2; {@link #unavailable} says why not. Not
 * thread-safe: one test thread drives it.
 */
public final class NetnsHosts implements AutoCloseable {

    private static final String PREFIX = "myc";
    private static final Pattern OWNED = Pattern.compile("^myc[-bvp]?-?(\\d+)");
    private static final long PID = ProcessHandle.current().pid();

    private final int count;
    private final int net;
    private final List<NodeProcess> processes = new ArrayList<>();
    private final Set<Integer> groupBridges = new HashSet<>();
    private final Thread hook;
    private boolean closed;

    private NetnsHosts(int count, int net) {
        this.count = count;
        this.net = net;
        this.hook = new Thread(this::removeAll, "netns-hosts-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Why hosts cannot be made here (not Linux, not root, no {@code ip}, or namespaces refused), or empty
     * when they can. Tries to make (and removes) one namespace.
     */
    public static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return Optional.of("network namespaces need Linux");
        }
        String probe = PREFIX + "-" + PID + "-probe";
        Result r = exec(List.of("ip", "netns", "add", probe));
        if (r.code != 0) {
            return Optional.of("cannot create a network namespace (needs root and iproute2): " + r.output.strip());
        }
        exec(List.of("ip", "netns", "del", probe));
        return Optional.empty();
    }

    /**
     * Makes {@code count} hosts (1 to 200) on a new bridge, after sweeping what dead runs left.
     *
     * @throws IllegalStateException when a command fails (what was made is removed again)
     */
    public static NetnsHosts create(int count) {
        if (count < 1 || count > 200) {
            throw new IllegalArgumentException("count must be 1..200: " + count);
        }
        sweep();
        NetnsHosts hosts = new NetnsHosts(count, freeNet());
        try {
            hosts.build();
            return hosts;
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    private void build() {
        String bridge = bridge(0);
        run("ip", "link", "add", bridge, "type", "bridge", "mcast_snooping", "0", "stp_state", "0");
        run("ip", "addr", "add", "10.213." + net + ".254/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        for (int i = 0; i < count; i++) {
            String ns = namespace(i);
            String outer = link(i);
            String inner = PREFIX + "p" + PID + "h" + i;
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", outer, "type", "veth", "peer", "name", inner);
            run("ip", "link", "set", inner, "netns", ns);
            run("ip", "-n", ns, "link", "set", inner, "name", "eth0");
            run("ip", "-n", ns, "addr", "add", address(i) + "/24", "brd", "+", "dev", "eth0");
            run("ip", "-n", ns, "link", "set", "eth0", "up");
            run("ip", "-n", ns, "link", "set", "lo", "up");
            // multicast and 255.255.255.255 need a route; everything off the bridge is unreachable anyway
            run("ip", "-n", ns, "route", "add", "default", "dev", "eth0");
            run("ip", "link", "set", outer, "master", bridge);
            run("ip", "link", "set", outer, "up");
        }
    }

    /** How many hosts. */
    public int count() {
        return count;
    }

    /** The address of host {@code i} (0-based). */
    public String address(int i) {
        checkIndex(i);
        return "10.213." + net + "." + (i + 1);
    }

    /** The root namespace's own address on the bridge: where a broker of the test JVM itself listens. */
    public String bridgeAddress() {
        return "10.213." + net + ".254";
    }

    /** The broadcast address of the hosts' network. */
    public String broadcastAddress() {
        return "10.213." + net + ".255";
    }

    /** The network namespace of host {@code i}, for {@code ip netns exec}. */
    public String namespace(int i) {
        return PREFIX + "-" + PID + "-h" + i;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a JVM on host {@code i} (see {@link NodeProcess}); it is
     * closed with the hosts.
     */
    public NodeProcess start(int i, String name, Class<?> mainClass, List<String> args, Consumer<String> lines) {
        checkIndex(i);
        NodeProcess p = NodeProcess.start(name, List.of("ip", "netns", "exec", namespace(i)), mainClass, args, lines);
        processes.add(p);
        return p;
    }

    /** Pulls host {@code i}'s cable: its packets vanish, no connection is reset. */
    public void cut(int i) {
        checkIndex(i);
        run("ip", "link", "set", link(i), "down");
    }

    /** Plugs host {@code i}'s cable back in. */
    public void heal(int i) {
        checkIndex(i);
        run("ip", "link", "set", link(i), "up");
    }

    /**
     * Splits the hosts into groups that reach each other only within a group (each group on a bridge of
     * its own; hosts in no group stay with the first); the root namespace stays with the first group.
     */
    public void partition(List<List<Integer>> groups) {
        for (int g = 1; g < groups.size(); g++) {
            String bridge = bridge(g);
            if (groupBridges.add(g)) {
                run("ip", "link", "add", bridge, "type", "bridge", "mcast_snooping", "0", "stp_state", "0");
                run("ip", "link", "set", bridge, "up");
            }
            for (int i : groups.get(g)) {
                checkIndex(i);
                run("ip", "link", "set", link(i), "master", bridge);
            }
        }
    }

    /** Puts every host back on the first bridge. */
    public void healPartition() {
        for (int i = 0; i < count; i++) {
            run("ip", "link", "set", link(i), "master", bridge(0));
        }
    }

    /** Bytes and packets host {@code i} sent so far ({@code tx} counters of its interface). */
    public long[] sent(int i) {
        checkIndex(i);
        String ns = namespace(i);
        long bytes = Long.parseLong(run("ip", "netns", "exec", ns, "cat", "/sys/class/net/eth0/statistics/tx_bytes")
                .strip());
        long packets = Long.parseLong(run("ip", "netns", "exec", ns, "cat", "/sys/class/net/eth0/statistics/tx_packets")
                .strip());
        return new long[] {bytes, packets};
    }

    /** Stops every JVM it started and removes the namespaces, links and bridges. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void removeAll() {
        if (closed) {
            return;
        }
        closed = true;
        // all at once: each may take seconds to stop its brokers
        processes.parallelStream().forEach(p -> {
            try {
                p.close();
            } catch (RuntimeException e) {
                // keep removing
            }
        });
        removeOwned(Long.toString(PID));
    }

    /**
     * Removes the namespaces, links and bridges of runs whose JVM is gone (any run of this harness, by the
     * pid in their names). Safe while other runs live.
     */
    public static void sweep() {
        Set<String> pids = new HashSet<>();
        for (String name : names()) {
            Matcher m = OWNED.matcher(name);
            if (m.find()) {
                pids.add(m.group(1));
            }
        }
        for (String pid : pids) {
            if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                removeOwned(pid);
            }
        }
    }

    private static void removeOwned(String pid) {
        String ns = PREFIX + "-" + pid + "-";
        for (String name : names()) {
            if (name.startsWith(ns)) {
                // its processes first, or the namespace lingers while they live
                Result pids = exec(List.of("ip", "netns", "pids", name));
                for (String p : pids.output.strip().split("\\s+")) {
                    if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
                        ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                exec(List.of("ip", "netns", "del", name));
            } else if (name.startsWith(PREFIX + "v" + pid + "h")
                    || name.startsWith(PREFIX + "p" + pid + "h")
                    || name.equals(PREFIX + "b" + pid)
                    || name.startsWith(PREFIX + "b" + pid + "g")) {
                exec(List.of("ip", "link", "del", name));
            }
        }
    }

    /** Namespaces and links whose names this harness could have made. */
    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String line : exec(List.of("ip", "netns", "list")).output.split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith(PREFIX + "-")) {
                names.add(name);
            }
        }
        for (String line : exec(List.of("ip", "-o", "link", "show")).output.split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                String name = parts[1].split("@")[0].strip();
                if (name.startsWith(PREFIX + "v") || name.startsWith(PREFIX + "p") || name.startsWith(PREFIX + "b")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** A /24 of 10.213.0.0/16 no interface of the root namespace uses yet, starting at one picked by pid. */
    private static int freeNet() {
        String used = exec(List.of("ip", "-4", "-o", "addr", "show")).output;
        int start = (int) (PID % 250) + 1;
        for (int k = 0; k < 250; k++) {
            int n = (start + k) % 250 + 1;
            if (!used.contains(" 10.213." + n + ".")) {
                return n;
            }
        }
        throw new IllegalStateException("no free /24 left in 10.213.0.0/16");
    }

    private String bridge(int group) {
        return group == 0 ? PREFIX + "b" + PID : PREFIX + "b" + PID + "g" + group;
    }

    private String link(int i) {
        return PREFIX + "v" + PID + "h" + i;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("host " + i + " of " + count);
        }
    }

    private static String run(String... command) {
        Result r = exec(Arrays.asList(command));
        if (r.code != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (" + r.code + "): " + r.output.strip());
        }
        return r.output;
    }

    private record Result(int code, String output) {}

    private static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Removes what dead runs left: {@code java … NetnsHosts sweep} (the {@code scripts/hosts} script). */
    public static void main(String[] args) {
        sweep();
        System.out.println("swept");
    }
}
