package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ./mycelium} launcher of the repository as a process. The launcher is pointed at
 * this module's test class path (MYCELIUM_CLASSPATH), so it runs the classes under test instead of
 * building; everything else (JDK discovery, arguments, exit codes, streams) is the real thing.
 */
final class Launcher {

    static final Path ROOT = findRoot();

    /** The outcome of a finished command. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env;

    Launcher(Map<String, String> env) {
        this.env = env;
    }

    /** Runs a command to its end (at most {@code limit}) and returns its exit code and output. */
    Result run(Duration limit, String... args) {
        return runWithInput(limit, "", args);
    }

    /** As {@link #run(Duration, String...)}, with {@code input} on the command's stdin (then closed). */
    Result runWithInput(Duration limit, String input, String... args) {
        Background p = start(input, args);
        try {
            boolean ended = p.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.process.destroyForcibly();
                throw new AssertionError("mycelium " + String.join(" ", args) + " did not end within " + limit
                        + "\n--- stdout\n" + p.out() + "--- stderr\n" + p.err());
            }
            p.drain();
            return new Result(p.process.exitValue(), p.out(), p.err());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            p.close();
        }
    }

    Result run(String... args) {
        return run(Duration.ofSeconds(60), args);
    }

    /** Starts a command that keeps running (node, listen); its output is collected line by line. */
    Background start(String... args) {
        return start("", args);
    }

    private Background start(String input, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("mycelium").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MYCELIUM_"));
        pb.environment().put("MYCELIUM_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().putAll(env);
        try {
            return new Background(pb.start(), String.join(" ", args), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("mycelium")) && Files.isDirectory(p.resolve("mycelium-cli"))) {
                return p;
            }
        }
        throw new IllegalStateException("no ./mycelium launcher above " + dir);
    }

    /** A running command; closing it kills it if it is still alive. */
    static final class Background implements AutoCloseable {
        final Process process;
        private final String name;
        private final List<String> outLines = new CopyOnWriteArrayList<>();
        private final List<String> errLines = new CopyOnWriteArrayList<>();
        private final BlockingQueue<String> outQueue = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> errQueue = new LinkedBlockingQueue<>();
        private final Thread outPump;
        private final Thread errPump;

        Background(Process process, String name, String input) {
            this.process = process;
            this.name = name;
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8)); // then closed: end of input
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            outPump = pump(process.getInputStream(), outLines, outQueue);
            errPump = pump(process.getErrorStream(), errLines, errQueue);
        }

        private static Thread pump(InputStream in, List<String> lines, BlockingQueue<String> queue) {
            return Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        queue.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** The next stdout line within {@code wait}, failing with everything seen so far otherwise. */
        String nextOut(Duration wait) {
            return next(outQueue, wait, "stdout");
        }

        /** The next stderr line within {@code wait}. */
        String nextErr(Duration wait) {
            return next(errQueue, wait, "stderr");
        }

        private String next(BlockingQueue<String> queue, Duration wait, String stream) {
            try {
                String line = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw new AssertionError("no " + stream + " line from mycelium " + name + " within " + wait
                            + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")")
                            + "\n--- stdout\n" + out() + "--- stderr\n" + err());
                }
                return line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Sends SIGTERM and waits for the exit code (Process.destroy() would also close our ends of its pipes). */
        int terminate(Duration wait) throws InterruptedException {
            process.toHandle().destroy();
            assertThat(process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS))
                    .as("mycelium %s should stop within %s after SIGTERM", name, wait)
                    .isTrue();
            drain();
            return process.exitValue();
        }

        void drain() throws InterruptedException {
            outPump.join(5000);
            errPump.join(5000);
        }

        String out() {
            return String.join("\n", outLines) + (outLines.isEmpty() ? "" : "\n");
        }

        String err() {
            return String.join("\n", errLines) + (errLines.isEmpty() ? "" : "\n");
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
