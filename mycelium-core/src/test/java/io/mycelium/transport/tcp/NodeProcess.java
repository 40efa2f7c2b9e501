package io.mycelium.transport.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link MeshNodeMain} in a child JVM on the test class path. */
final class NodeProcess implements AutoCloseable {

    final String nodeId;
    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    NodeProcess(String nodeId, String namespace, String url) throws IOException {
        this(nodeId, namespace, url, List.of("-Xmx256m"));
    }

    /** A node whose JVM gets {@code jvmOptions} (heap size and the like). */
    NodeProcess(String nodeId, String namespace, String url, List<String> jvmOptions) throws IOException {
        this.nodeId = nodeId;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                MeshNodeMain.class.getName(),
                nodeId,
                namespace,
                url));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
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
                // process gone
            }
            ready.completeExceptionally(new IllegalStateException(nodeId + " exited before it was ready"));
        });
    }

    /** The resident set size of the node's JVM now, in KiB, from {@code /proc/<pid>/status}. */
    long rssKib() throws IOException {
        for (String line :
                java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    NodeProcess awaitReady() throws Exception {
        ready.get(60, TimeUnit.SECONDS);
        return this;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no goodbye, sockets reset by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
