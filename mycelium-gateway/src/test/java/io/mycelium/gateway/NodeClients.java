package io.mycelium.gateway;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the Node clients' npm packages ({@code src/test/node}: amqp-swarm 0.3.2 and ws) are installed
 * exactly as locked (the pattern of mycelium-interop-tests' NodeModules).
 *
 * <p>Runs {@code npm ci} once per lock file content: after a successful install the lock file's SHA-256 is
 * written into {@code node_modules}, and later runs skip npm when it still matches (so the suite works
 * offline once installed). Fails loudly, never skips, when node or npm is missing or the install fails.
 * Thread-safe; a file lock also serialises concurrent Maven runs on the same checkout.
 */
final class NodeClients {
    private static final String STAMP = ".mycelium-lock.sha256";
    private static final long INSTALL_TIMEOUT_MINUTES = 5;
    private static volatile boolean ready;

    private NodeClients() {}

    /** The directory holding {@code package.json}, {@code client.js} and (after install) {@code node_modules}. */
    static Path nodeDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = base.resolve("src/test/node").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("package-lock.json"))) {
            throw new IllegalStateException("Node client sources not found at " + dir + " (run from mycelium-gateway)");
        }
        return dir;
    }

    /** Installs the locked packages unless they are already installed; idempotent and cheap after the first call. */
    static synchronized void ensureInstalled() {
        if (ready) {
            return;
        }
        Path dir = nodeDir();
        requireTool("node", "--version");
        requireTool("npm", "--version");
        try (FileChannel lockFile = FileChannel.open(
                        dir.resolve(".npm-install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var ignored = lockFile.lock()) {
            String wanted = sha256(dir.resolve("package-lock.json"));
            Path stamp = dir.resolve("node_modules").resolve(STAMP);
            boolean upToDate = Files.isRegularFile(stamp)
                    && Files.readString(stamp, StandardCharsets.UTF_8).trim().equals(wanted)
                    && Files.isDirectory(dir.resolve("node_modules/amqp-swarm"));
            if (!upToDate) {
                run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), INSTALL_TIMEOUT_MINUTES);
                Files.writeString(stamp, wanted + "\n", StandardCharsets.UTF_8);
            }
            ready = true;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot install the Node clients' npm packages in " + dir, e);
        }
    }

    private static void requireTool(String tool, String arg) {
        try {
            Process p = new ProcessBuilder(tool, arg).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(tool + " " + arg + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "'" + tool
                            + "' is not installed or not on PATH; the amqp-swarm interop tests need Node.js 20+ and npm",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking " + tool, e);
        }
    }

    private static void run(Path dir, List<String> command, long timeoutMinutes) throws IOException {
        Path log = dir.resolve("node_modules.install.log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
