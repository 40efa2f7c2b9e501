package io.mycelium.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A real Moleculer node ({@code src/test/node/peer.js}) running as a child process.
 *
 * <p>{@link #start} launches it with the given environment and waits for its {@code @@READY} line. Its
 * whole output goes to {@code target/interop-logs/<nodeID>.log}. Commands ({@link #command}) are JSON lines
 * on its stdin, answered by {@code @@REPLY} lines. {@link #close} stops it with SIGTERM (Moleculer then
 * leaves gracefully) and SIGKILLs it if it does not exit in time; {@link #kill} SIGKILLs it at once. A JVM
 * shutdown hook kills every peer still alive, and a peer whose stdin closes stops by itself, so no peer
 * outlives the test run. Thread-safe.
 */
final class NodePeer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;
    private static final Set<NodePeer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(p -> p.process.destroyForcibly()), "node-peer-reaper"));
    }

    private final String nodeId;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<JsonNode> wire = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> firstLines = new ConcurrentHashMap<>();
    private final Thread reader;

    private NodePeer(String nodeId, Process process, Path log) {
        this.nodeId = nodeId;
        this.process = process;
        this.log = log;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.reader = new Thread(this::pump, "node-peer-" + nodeId);
        this.reader.setDaemon(true);
    }

    /**
     * Starts a peer and waits until it is READY (its broker started). {@code env} holds the peer's
     * {@code MOL_*} settings (see peer.js); {@code MOL_NODE_ID} names the peer and its log file.
     */
    static NodePeer start(Map<String, String> env) {
        NodeModules.ensureInstalled();
        String nodeId = env.getOrDefault("MOL_NODE_ID", "node-" + System.nanoTime());
        Path dir = NodeModules.nodeDir();
        Path logDir = dir.resolve("../../../target/interop-logs").normalize();
        Path log = logDir.resolve(nodeId + ".log");
        Process process;
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder("node", "peer.js")
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().put("MOL_NODE_ID", nodeId);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Node peer " + nodeId + " (is node on PATH?)", e);
        }
        NodePeer peer = new NodePeer(nodeId, process, log);
        LIVE.add(peer);
        peer.reader.start();
        try {
            peer.ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            peer.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + nodeId, e);
        } catch (ExecutionException | TimeoutException e) {
            peer.kill();
            throw new IllegalStateException(
                    "Node peer " + nodeId + " did not become READY within " + READY_TIMEOUT + ": " + e.getMessage()
                            + "\n--- last lines of " + log + " ---\n" + peer.tail(),
                    e);
        }
        return peer;
    }

    String nodeId() {
        return nodeId;
    }

    /** The process id, for the tests that signal it. */
    long pid() {
        return process.pid();
    }

    /** The {@code @@READY} payload: nodeID, namespace, port (TCP transporter only), pid. */
    JsonNode readyInfo() {
        return ready.join();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Every packet the peer sent or received, when it was started with {@code MOL_WIRETAP=true}. */
    List<JsonNode> wire() {
        return List.copyOf(wire);
    }

    /**
     * Waits for the first {@code @@<tag>} line the peer prints (besides READY, REPLY and WIRE), such as
     * {@code HOLDING} from a handler that has started, and returns its payload.
     */
    JsonNode awaitLine(String tag, Duration timeout) {
        try {
            return firstLine(tag).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for @@" + tag + " from " + nodeId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    nodeId + " printed no @@" + tag + " within " + timeout + ": " + e.getMessage()
                            + "\n--- last lines of " + log + " ---\n" + tail(),
                    e);
        }
    }

    private CompletableFuture<JsonNode> firstLine(String tag) {
        return firstLines.computeIfAbsent(tag, t -> new CompletableFuture<>());
    }

    /**
     * Sends a command (see commands.js) and waits for its reply. Returns the reply's {@code data}; throws
     * {@link NodeCommandException} carrying the peer's error when the command failed on the Node side.
     */
    JsonNode command(String cmd, Map<String, ?> args) {
        return command(cmd, args, COMMAND_TIMEOUT);
    }

    JsonNode command(String cmd, Map<String, ?> args, Duration timeout) {
        long id = ids.incrementAndGet();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("cmd", cmd);
        line.putAll(args);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(line));
                stdin.write('\n');
                stdin.flush();
            }
            JsonNode r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!r.path("ok").asBoolean(false)) {
                throw new NodeCommandException(cmd, (ObjectNode) r.path("error"));
            }
            return r.path("data");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot send '" + cmd + "' to " + nodeId + "; peer log:\n" + tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + nodeId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "No reply to '" + cmd + "' from " + nodeId + " within " + timeout + ": " + e.getMessage()
                            + "\n--- last lines of " + log + " ---\n" + tail(),
                    e);
        } finally {
            pending.remove(id);
        }
    }

    /** SIGKILL: the peer vanishes without a word, as a crashed process does. */
    void kill() {
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT);
        LIVE.remove(this);
    }

    /** SIGTERM: Moleculer stops gracefully (empty INFO, DISCONNECT); SIGKILL if it takes too long. */
    @Override
    public void close() {
        if (process.isAlive()) {
            // Not Process.destroy(): it also closes our end of the pipes, which would cut the peer's
            // goodbye (and its log) short. ProcessHandle.destroy() only sends SIGTERM.
            process.toHandle().destroy();
            if (!awaitExit(STOP_TIMEOUT)) {
                process.destroyForcibly();
                awaitExit(STOP_TIMEOUT);
            }
        }
        LIVE.remove(this);
    }

    /** Waits for the process to exit and for its last output lines to be read (and logged). */
    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                reader.join(timeout.toMillis());
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pump() {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                remember(line);
                handle(line);
            }
        } catch (IOException e) {
            remember("[harness] output reader failed: " + e);
        } finally {
            String why = "peer " + nodeId + " exited" + exitCode();
            ready.completeExceptionally(new IllegalStateException(why));
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
            firstLines.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? " with code " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void handle(String line) throws IOException {
        if (!line.startsWith("@@")) {
            return;
        }
        int space = line.indexOf(' ');
        if (space < 0) {
            return;
        }
        String tag = line.substring(2, space);
        JsonNode body = JSON.readTree(line.substring(space + 1));
        switch (tag) {
            case "READY" -> ready.complete(body);
            case "REPLY" -> {
                CompletableFuture<JsonNode> f =
                        body.hasNonNull("id") ? pending.get(body.get("id").asLong()) : null;
                if (f != null) {
                    f.complete(body);
                }
            }
            case "WIRE" -> wire.add(body);
            default -> firstLine(tag).complete(body);
        }
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == LOG_TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line.length() > 2000 ? line.substring(0, 2000) + "…" : line);
        }
    }

    /** The last lines the peer printed, for failure messages. */
    String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    @Override
    public String toString() {
        return "NodePeer[" + nodeId + ", pid " + process.pid() + "]";
    }

    /** A command that failed on the Node side, with Moleculer's error as the peer reported it. */
    static final class NodeCommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ObjectNode error;

        NodeCommandException(String cmd, ObjectNode error) {
            super("'" + cmd + "' failed on the Node peer: " + error);
            this.error = error;
        }

        /** {name, message, code, type, data, retryable, nodeID} */
        ObjectNode error() {
            return error;
        }

        @Nullable
        String name() {
            return error.path("name").textValue();
        }
    }
}
