package io.mycelium.transport.amqp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link WorkerMain} in a child JVM on the test class path, with the lines it printed. */
final class WorkerProcess implements AutoCloseable {

    final String nodeId;
    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    WorkerProcess(String nodeId, String namespace, String url) throws IOException {
        this.nodeId = nodeId;
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerMain.class.getName(),
                        nodeId,
                        namespace,
                        url))
                .redirectErrorStream(true)
                .start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
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

    WorkerProcess awaitReady() throws Exception {
        ready.get(60, TimeUnit.SECONDS);
        return this;
    }

    /** How many times it printed exactly {@code line}. */
    long printed(String line) {
        return lines.stream().filter(line::equals).count();
    }

    /** Ends this worker's holds of {@code tag} (see {@link WorkerMain}): it answers that packet at once. */
    void release(String tag) throws IOException {
        process.getOutputStream().write(("release " + tag + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** SIGKILL: no goodbye, no acknowledgement; the kernel closes its connection to RabbitMQ. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
