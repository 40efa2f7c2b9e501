package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code node client.js <scenario> <url>}: the real npm amqp-swarm client as a child process. */
final class NodeClient implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final StringBuilder log = new StringBuilder();

    private NodeClient(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::read);
    }

    static NodeClient start(String scenario, URI url) throws IOException {
        return run("node", "client.js", scenario, url.toString());
    }

    /** A script written against the browser's WebSocket API, on Node's built-in WebSocket. */
    static NodeClient browserLike(URI url) throws IOException {
        return run("node", "--experimental-websocket", "browser-like.js", url.toString());
    }

    /** Headless Chromium (installed with apt-get when missing) running a page that uses its own WebSocket. */
    static NodeClient browser(URI url) throws IOException {
        return run("node", "browser.js", url.toString(), Chromium.path());
    }

    private static NodeClient run(String... command) throws IOException {
        NodeClients.ensureInstalled();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(NodeClients.nodeDir().toFile())
                .redirectErrorStream(true);
        Process p = pb.start();
        return new NodeClient(p);
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                if (line.startsWith("{")) {
                    lines.add(Json.MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The next line labelled {@code label}, within {@code within}; fails with everything the script printed. */
    JsonNode next(String label, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = lines.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.path("label").asText().equals(label)) {
                return m;
            }
            if (m != null && m.path("label").asText().equals("crash")) {
                throw new AssertionError("node client crashed:\n" + output());
            }
        }
        throw new AssertionError(
                "no '" + label + "' from the node client within " + within + "; it printed:\n" + output());
    }

    JsonNode next(String label) throws InterruptedException {
        return next(label, Duration.ofSeconds(20));
    }

    int waitForExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node client still running; it printed:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
