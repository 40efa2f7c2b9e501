package io.mycelium.transport.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NodeMain} in a child JVM on the test's class path, which a test can SIGKILL. Its warnings and
 * errors are echoed with its node id. Not thread-safe: one test thread drives it.
 */
public final class NodeProcess implements AutoCloseable {

    private final String nodeId;
    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private NodeProcess(String nodeId, Process process) {
        this.nodeId = nodeId;
        this.process = process;
    }

    /** Starts {@code nodeId} in {@code namespace} over the transporter at {@code url}; see {@link #awaitReady}. */
    public static NodeProcess start(String nodeId, String namespace, String url) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-Xmx192m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NodeMain.class.getName(),
                        nodeId,
                        namespace,
                        url))
                .redirectErrorStream(true)
                .start();
        NodeProcess node = new NodeProcess(nodeId, p);
        Thread.ofVirtual().name("node-" + nodeId).start(node::pump);
        return node;
    }

    private void pump() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("READY")) {
                    ready.complete(null);
                }
                if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")) {
                    System.out.println("[" + nodeId + "] " + line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException(nodeId + " exited before it was ready"));
    }

    public String nodeId() {
        return nodeId;
    }

    /** Waits until the node has started (at most 60 s: JVMs start slowly on a busy machine). */
    public NodeProcess awaitReady() throws Exception {
        ready.get(60, TimeUnit.SECONDS);
        return this;
    }

    /** SIGKILL: no goodbye, no DISCONNECT; the kernel closes its sockets. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process freezes with its connections open (a hung node, not a dead one). */
    public void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: a frozen process runs again. */
    public void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT"); // a frozen process cannot read the end of its input
        }
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
