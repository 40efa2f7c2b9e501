package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real npm amqp-swarm 0.3.2 client as a child process: {@code node client.js <scenario> <url>} from
 * mycelium-gateway's {@code src/test/node} (the scenarios and the locked packages live there; {@code npm ci}
 * runs when they are not installed yet). The script prints one JSON object per line, with a {@code label}.
 */
final class SwarmClient implements AutoCloseable {
    static final Path DIR = Launcher.ROOT.resolve("mycelium-gateway/src/test/node");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final StringBuilder log = new StringBuilder();

    private SwarmClient(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::read);
    }

    static SwarmClient start(String scenario, String url) throws IOException, InterruptedException {
        ensureInstalled();
        return new SwarmClient(new ProcessBuilder("node", "client.js", scenario, url)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start());
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isDirectory(DIR.resolve("node_modules/amqp-swarm"))
                && Files.isDirectory(DIR.resolve("node_modules/ws"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(DIR.resolve("node_modules.install.log").toFile())
                .start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + DIR + ": "
                    + Files.readString(DIR.resolve("node_modules.install.log"), StandardCharsets.UTF_8));
        }
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                if (line.startsWith("{")) {
                    lines.add(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The next line labelled {@code label} within {@code within}; fails with everything the script printed. */
    JsonNode next(String label, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = lines.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.path("label").asText().equals(label)) {
                return m;
            }
            if (m != null && m.path("label").asText().equals("crash")) {
                throw new AssertionError("the npm client crashed:\n" + output());
            }
        }
        throw new AssertionError(
                "no '" + label + "' from the npm client within " + within + "; it printed:\n" + output());
    }

    int waitForExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the npm client is still running; it printed:\n" + output());
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
