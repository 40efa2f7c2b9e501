package io.mycelium.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The serving side of a system in its own JVM ({@link Peer}), driven over its stdin/stdout: lines starting
 * with {@code @} are answers, anything else is ignored. Used by the orchestrator thread only.
 */
final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final String readyArgument;

    private PeerProcess(Process process) throws IOException {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "peer-stdout");
        reader.setDaemon(true);
        reader.start();
        this.readyArgument = expect("@ready", 60_000);
    }

    /** Starts {@code Peer args...} with this JVM's class path; stderr goes to {@code log}. */
    static PeerProcess start(List<String> jvmOptions, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Peer.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            return new PeerProcess(p);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** What the peer printed after {@code @ready} (its port, when it listens on one). */
    String readyArgument() {
        return readyArgument;
    }

    int port() {
        return Integer.parseInt(readyArgument.trim());
    }

    /** The peer's process (its CPU time is a figure of the HTTP rows). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Zeroes the peer's event counter. */
    void reset() throws IOException {
        send("reset");
        expect("@ok", 10_000);
    }

    /** Waits (at most {@code timeoutMs}) until the peer has received {@code n} events; returns its count. */
    long await(long n, long timeoutMs) throws IOException {
        send("await " + n + " " + timeoutMs);
        return Long.parseLong(expect("@received", timeoutMs + 10_000).trim());
    }

    private void send(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    private String expect(String tag, long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            String line;
            try {
                line = answers.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + tag, e);
            }
            if (line == null) {
                throw new IOException("peer did not answer " + tag + " within " + timeoutMs + " ms"
                        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")"));
            }
            if (line.startsWith("@error")) {
                throw new IOException("peer failed:" + line.substring("@error".length()));
            }
            if (line.startsWith(tag)) {
                return line.substring(tag.length());
            }
        }
    }

    private void readAnswers() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("@")) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            answers.add("@error stdout closed: " + e);
        }
        answers.add("@error peer exited");
    }

    @Override
    public void close() {
        try {
            send("quit");
            if (process.waitFor(15, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
