package io.mycelium.transport.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A private broker process (nats-server, redis-server, mosquitto…) on a free loopback port, which an
 * outage test kills and restarts on the same port. {@link #start} fails with a clear message when the
 * binary is missing or the port does not open in time: a test never skips because its broker is absent.
 * Not thread-safe: one test thread drives it.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final int FIRST_FIXED_PORT = 20_000;
    private static final int FIRST_EPHEMERAL_PORT = 32_768;
    /**
     * Test JVMs of one module that run side by side (surefire forks; the build passes surefire's fork number
     * 1, 2, … as {@code mycelium.test.fork}) draw from disjoint slices of the range, so two of them never hand
     * out the same port between the probe here and the bind in the broker process.
     */
    private static final int PORT_SLICES = 4;

    private static final int SLICE = Math.floorMod(Integer.getInteger("mycelium.test.fork", 1) - 1, PORT_SLICES);
    private static final int SLICE_SIZE = (FIRST_EPHEMERAL_PORT - FIRST_FIXED_PORT) / PORT_SLICES;
    private static final int FIRST_PORT = FIRST_FIXED_PORT + SLICE * SLICE_SIZE;
    private static final Set<Integer> GIVEN_PORTS = ConcurrentHashMap.newKeySet();

    private final String name;
    private final IntFunction<List<String>> command;
    private final int port;
    private final Path log;
    private @Nullable Process process;
    private @Nullable Path scratch;

    private BrokerProcess(String name, IntFunction<List<String>> command, int port) {
        this.name = name;
        this.command = command;
        this.port = port;
        try {
            this.log = Files.createTempFile("mycelium-" + name + "-" + port, ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command(port)} on a free loopback port and waits until the port accepts connections. */
    public static BrokerProcess start(String name, IntFunction<List<String>> command) {
        BrokerProcess broker = new BrokerProcess(name, command, freePort());
        broker.restart();
        return broker;
    }

    /** A private nats-server on a free port. */
    public static BrokerProcess natsServer() {
        String binary = findBinary("nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server");
        return start("nats-server", p -> List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(p)));
    }

    /** A private redis-server on a free port, without persistence. */
    public static BrokerProcess redisServer() {
        String binary = findBinary("redis-server", "/usr/bin/redis-server", "/usr/sbin/redis-server");
        return start(
                "redis-server",
                p -> List.of(
                        binary,
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(p),
                        "--save",
                        "",
                        "--appendonly",
                        "no"));
    }

    /** A private mosquitto on a free port. */
    public static BrokerProcess mosquitto() {
        String binary = findBinary("mosquitto", "/usr/sbin/mosquitto", "/usr/bin/mosquitto");
        return start("mosquitto", p -> List.of(binary, "-p", Integer.toString(p)));
    }

    /**
     * A private RabbitMQ node on a free port (guest/guest allowed from loopback), its own node name, data
     * directory and distribution port, no plugins: it starts in about 5 s and survives a kill -9 and
     * restart on the same port with its definitions.
     */
    public static BrokerProcess rabbitmqServer() {
        String binary =
                findBinary("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmq-server");
        Path dir;
        try {
            dir = Files.createTempDirectory("mycelium-rabbitmq-");
            Files.writeString(dir.resolve("enabled_plugins"), "[].");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int distributionPort = freePort();
        BrokerProcess rabbit = start("rabbitmq-server", p -> {
            try {
                Files.writeString(
                        dir.resolve("rabbitmq.conf"),
                        "listeners.tcp.local = 127.0.0.1:" + p + "\nloopback_users = none\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // env execs the server with these variables; the system-wide rabbitmq-env.conf (its node
            // name and port) is replaced by an absent file
            return List.of(
                    "env",
                    "RABBITMQ_NODENAME=mycelium-" + p + "@localhost",
                    "RABBITMQ_CONFIG_FILE=" + dir.resolve("rabbitmq.conf"),
                    "RABBITMQ_CONF_ENV_FILE=" + dir.resolve("rabbitmq-env.conf"),
                    "RABBITMQ_ENABLED_PLUGINS_FILE=" + dir.resolve("enabled_plugins"),
                    "RABBITMQ_MNESIA_BASE=" + dir.resolve("mnesia"),
                    "RABBITMQ_LOG_BASE=" + dir.resolve("log"),
                    "RABBITMQ_PID_FILE=" + dir.resolve("pid"),
                    "RABBITMQ_DIST_PORT=" + distributionPort,
                    "ERL_EPMD_ADDRESS=127.0.0.1",
                    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
                    binary);
        });
        rabbit.scratch = dir;
        return rabbit;
    }

    /** The loopback port the broker listens on (the same across restarts). */
    public int port() {
        return port;
    }

    /**
     * Kills the broker at once (SIGKILL), with the processes it started (RabbitMQ's start script runs the
     * Erlang VM as a child): clients see their connections drop without goodbye.
     */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
        awaitPortClosed(Duration.ofSeconds(10));
    }

    /** Starts the broker again on the same port (after {@link #kill}), or for the first time. */
    public void restart() {
        if (process != null) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> cmd = new ArrayList<>(command.apply(port));
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + cmd + "): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!portOpen(port)) {
            Process p = process;
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + p.exitValue() + " at start; log: " + readLog());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        name + " did not open 127.0.0.1:" + port + " within 60 s; log: " + readLog());
            }
            pause(20);
        }
    }

    @Override
    public void close() {
        kill();
        Path dir = scratch;
        if (dir != null) {
            deleteTree(dir);
        }
    }

    /** Deletes a private broker's data directory; what cannot be deleted stays in the temp directory. */
    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the system's temp cleaning
        }
    }

    private void awaitPortClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (portOpen(port) && System.nanoTime() < deadline) {
            pause(20);
        }
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Fails the test, naming the broker and where it was looked for, when the binary is absent. */
    static String findBinary(String name, String... candidates) {
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        throw new IllegalStateException(
                name + " is not installed (looked in " + List.of(candidates) + " and PATH): the outage tests "
                        + "need it; install it from Debian's packages (scripts/ensure-brokers.sh does)");
    }

    /**
     * A TCP port that was free on every interface a moment ago, for a process that binds it later. It comes
     * from below Linux's ephemeral range (32768–60999): ports there are what outgoing connections and every
     * {@code bind(0)} of parallel tests take, so one of them could grab it before the process binds it (a
     * Moleculer peer once failed with {@code EADDRINUSE} that way). Never the same port twice in one JVM, nor
     * in two forks of one test run (each fork has a slice of the range of its own).
     */
    public static int freePort() {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, FIRST_PORT + SLICE_SIZE);
            if (!GIVEN_PORTS.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port), 1);
                return port;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException(
                new IOException("no free TCP port in " + FIRST_PORT + "-" + (FIRST_PORT + SLICE_SIZE), last));
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with a clear message when the shared broker the contract suite runs against does not answer.
     */
    public static void requireListening(String broker, int port) {
        if (!portOpen(port)) {
            throw new IllegalStateException(broker + " is not answering on 127.0.0.1:" + port
                    + ": start it (scripts/ensure-brokers.sh starts or installs it); tests never skip");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
