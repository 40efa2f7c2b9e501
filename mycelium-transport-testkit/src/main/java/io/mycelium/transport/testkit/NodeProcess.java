package io.mycelium.transport.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Java main class in a child JVM on the test's class path: a node a test can SIGKILL. The child prints
 * {@code READY} when it has started and leaves when its standard input closes (or the parent dies). Every
 * line it prints goes to {@code lines} on a reader thread of this object, including the lines still in
 * the pipe after a SIGKILL; warnings and errors are echoed to the test's output. Not thread-safe: one test
 * thread drives it.
 */
public final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();

    private NodeProcess(String name, Process process, Consumer<String> lines) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon().name("node-output-" + name).start(() -> read(lines));
    }

    /**
     * Starts {@code mainClass} with {@code args} in a child JVM (256 MiB heap unless {@code -Dmycelium.node.heap} says
     * otherwise, C1 only, to start fast on a
     * small machine); {@code lines} receives every line it prints, on the reader thread.
     */
    public static NodeProcess start(String name, Class<?> mainClass, List<String> args, Consumer<String> lines) {
        return start(name, List.of(), mainClass, args, lines);
    }

    /**
     * As {@link #start(String, Class, List, Consumer)}, the JVM started through {@code launcher} (for
     * example {@code ip netns exec <namespace>}, which replaces itself by the JVM: the pid stays the JVM's).
     */
    public static NodeProcess start(
            String name, List<String> launcher, Class<?> mainClass, List<String> args, Consumer<String> lines) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                java,
                "-Xmx" + System.getProperty("mycelium.node.heap", "256m"),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(args);
        try {
            return new NodeProcess(
                    name, new ProcessBuilder(command).redirectErrorStream(true).start(), lines);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a {@link NodeMain} serving the crash suite's actions as {@code nodeId} in {@code namespace} over
     * the transporter at {@code url}; see {@link #awaitReady}.
     */
    public static NodeProcess start(String nodeId, String namespace, String url) {
        return start(nodeId, NodeMain.class, List.of(nodeId, namespace, url), line -> {});
    }

    /** The name given at start (the node id of a mesh node). */
    public String name() {
        return name;
    }

    /** The node id of a process started with {@link #start(String, String, String)}: its name. */
    public String nodeId() {
        return name;
    }

    /** Waits until the child printed {@code READY}; fails when it exits first or takes over 60 s. */
    public NodeProcess awaitReady() {
        try {
            ready.get(60, TimeUnit.SECONDS);
            return this;
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not print READY within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes one line to the child's standard input (a command, for mains that read them). */
    public void send(String line) {
        try {
            var out = process.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + " does not read its input: " + e.getMessage(), e);
        }
    }

    /** SIGKILL: no goodbye, sockets reset by the kernel. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGSTOP: the process freezes with its connections open (a hung node, not a dead one). */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT: a frozen process runs again. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits (at most {@code millis}) until every line the child printed has been handed to the consumer:
     * after a {@link #kill} that is the last line it wrote.
     */
    public void awaitOutputEnd(long millis) {
        try {
            outputEnded.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // still running, or the reader failed: the caller counts what it has
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the child to leave (closes its standard input), and kills it if it has not left within 5 s. */
    @Override
    public void close() {
        closeAll(List.of(this));
    }

    /**
     * {@link #close()} of several children at once: each is asked to leave first, then each is awaited, so
     * their graceful stops overlap instead of adding up.
     */
    public static void closeAll(List<NodeProcess> children) {
        List<NodeProcess> leaving = new ArrayList<>();
        for (NodeProcess child : children) {
            if (child.askToLeave()) {
                leaving.add(child);
            }
        }
        for (NodeProcess child : leaving) {
            child.awaitLeftOrKill();
        }
    }

    /** True when the child is alive and now reading the end of its input; killed if that failed. */
    private boolean askToLeave() {
        if (process.isAlive()) {
            signal("CONT"); // a frozen process cannot read the end of its input
        }
        if (!process.isAlive()) {
            return false;
        }
        try {
            process.getOutputStream().close();
            return true;
        } catch (IOException e) {
            kill();
            return false;
        }
    }

    private void awaitLeftOrKill() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void read(Consumer<String> lines) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("READY")) {
                    ready.complete(null);
                }
                if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")) {
                    System.out.println("[" + name + "] " + line);
                }
                lines.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready"));
            outputEnded.complete(null);
        }
    }
}
