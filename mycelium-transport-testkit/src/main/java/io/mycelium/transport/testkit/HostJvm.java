package io.mycelium.transport.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HostNodeMain} JVM on one of the {@link NetnsHosts}, driven by its commands. The events its
 * brokers handled ({@code EVENT} lines) are collected apart. One test thread drives it.
 */
public final class HostJvm {

    private final NodeProcess process;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    private HostJvm(NetnsHosts hosts, int host) {
        this.process = hosts.start(host, "host" + host, HostNodeMain.class, List.of(), line -> {
            if (line.startsWith("EVENT ")) {
                events.add(line.substring("EVENT ".length()));
            } else if (!line.startsWith("READY")) {
                replies.add(line);
            }
        });
    }

    /** Starts the JVM of host {@code host}; see {@link #awaitReady}. */
    public static HostJvm start(NetnsHosts hosts, int host) {
        return new HostJvm(hosts, host);
    }

    /** Waits until the JVM is up (at most 60 s). */
    public HostJvm awaitReady() {
        process.awaitReady();
        return this;
    }

    /**
     * Sends one command and returns the lines of its answer, the last one starting with {@code OK}.
     *
     * @throws IllegalStateException when it answers {@code FAILED} or not within {@code timeoutSeconds}
     */
    public List<String> command(String command, long timeoutSeconds) {
        replies.clear(); // the late answer of a command that timed out
        process.send(command);
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (true) {
                String line = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(process.name() + ": no answer to " + command);
                }
                lines.add(line);
                if (line.startsWith("OK")) {
                    return lines;
                }
                if (line.startsWith("FAILED")) {
                    throw new IllegalStateException(process.name() + ": " + command + ": " + line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts brokers {@code nodeIds} in {@code namespace} over {@code url}. */
    public void startNodes(String namespace, String url, String... nodeIds) {
        // ten brokers starting at once on a loaded 2-core machine can take minutes
        command("START " + namespace + " " + url + " " + String.join(" ", nodeIds), 60L + 30L * nodeIds.length);
    }

    /** Stops brokers. */
    public void stopNodes(String... nodeIds) {
        command("STOP " + String.join(" ", nodeIds), 30);
    }

    /** For each broker of this JVM, the available nodes its registry holds (itself included). */
    public Map<String, Set<String>> nodes() {
        Map<String, Set<String>> nodes = new LinkedHashMap<>();
        for (String line : command("NODES", 30)) {
            String[] parts = line.split(" ");
            if (parts[0].equals("NODES")) {
                Set<String> ids = new TreeSet<>();
                if (parts.length > 3) {
                    ids.addAll(Arrays.asList(parts[3].split(",")));
                }
                nodes.put(parts[1], ids);
            }
        }
        return nodes;
    }

    /** {@code n} calls of {@code host.work} from broker {@code nodeId}: {succeeded, failed}. */
    public int[] calls(String nodeId, int n) {
        List<String> lines = command("CALLS " + nodeId + " " + n, 10L * n + 10);
        String[] parts = lines.get(lines.size() - 1).split(" ");
        return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    /** The events handled so far, {@code <data> <nodeId>} each. */
    public List<String> events() {
        return List.copyOf(events);
    }
}
