package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mycelium.benchmarks.Metrics.Metric;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP rows: the same {@code bench.echo} action behind Mycelium's gateway ({@link MyceliumHttpPeer}, in a
 * peer JVM) and behind moleculer-web ({@code http.js}, in a Node process), each on one node with the action
 * local, called as {@code POST /api/bench/echo} with the same JSON body by the same generator ({@link
 * HttpLoad}, keep-alive connections from this JVM). Latency columns: one connection, one call at a time.
 * Calls/s columns: {@code inFlight} connections; the latency under that load goes to the details.
 * Orchestrator thread only.
 */
final class HttpBench {
    static final String MYCELIUM = "http-mycelium";
    static final String MOLECULER_WEB = "http-moleculer-web";
    static final String PATH = "/api/bench/echo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;

    HttpBench(Settings settings) {
        this.settings = settings;
    }

    /** Measures the system on {@code port} (already listening) and records its figures in {@code out}. */
    void run(int port, ProcessHandle server, Payload small, Payload large, Metrics out) throws Exception {
        try (HttpLoad load = new HttpLoad("127.0.0.1", port)) {
            byte[] smallReq = load.post(PATH, small.bytes());
            byte[] largeReq = load.post(PATH, large.bytes());
            for (Payload p : new Payload[] {small, large}) {
                JsonNode echoed = JSON.readTree(load.once(load.post(PATH, p.bytes())));
                if (!echoed.equals(p.tree())) {
                    throw new IOException("the echo of the " + p.name() + " payload differs: " + echoed);
                }
            }
            attempt(out, "warm-up", () -> warmUp(load, smallReq, largeReq, out));
            attempt(out, "latency", () -> {
                HttpLoad.Result r = load.run(
                        smallReq,
                        1,
                        TimeUnit.MILLISECONDS.toNanos(300),
                        settings.phaseBound().toNanos(),
                        settings.latencyCalls());
                out.put(Metric.LATENCY_P50_US, r.p50Us());
                out.put(Metric.LATENCY_P99_US, r.p99Us());
                out.detail("latency_samples", r.calls());
                Log.info("  one connection: " + r);
            });
            attempt(out, "throughput 100B", () -> {
                HttpLoad.Result r = throughput(load, smallReq, server, out, "100b");
                out.put(Metric.CALLS_SMALL, r.callsPerSecond());
                out.detail("loaded_p50_us_100b", r.p50Us());
                out.detail("loaded_p99_us_100b", r.p99Us());
                Log.info("  " + settings.inFlight() + " connections, 100 B: " + r);
            });
            attempt(out, "throughput 16KiB", () -> {
                HttpLoad.Result r = throughput(load, largeReq, server, out, "16kib");
                out.put(Metric.CALLS_LARGE, r.callsPerSecond());
                out.detail("loaded_p50_us_16kib", r.p50Us());
                out.detail("loaded_p99_us_16kib", r.p99Us());
                Log.info("  " + settings.inFlight() + " connections, 16 KiB: " + r);
            });
            out.detail("connections", settings.inFlight());
        }
    }

    /**
     * The server's CPU time per call over the whole run (warm-up included): on a shared machine the calls/s
     * follow whatever CPU the server got, the CPU per call does not.
     */
    private HttpLoad.Result throughput(HttpLoad load, byte[] request, ProcessHandle server, Metrics out, String size)
            throws Exception {
        long cpu0 = cpuNanos(server);
        HttpLoad.Result r = load.run(
                request,
                settings.inFlight(),
                settings.throughputWarmup().toNanos(),
                settings.phaseBound().toNanos(),
                settings.throughputCalls());
        long cpu1 = cpuNanos(server);
        if (cpu0 >= 0 && cpu1 >= 0 && r.allCalls() > 0) {
            double perCall = (cpu1 - cpu0) / 1000.0 / r.allCalls();
            out.detail("server_cpu_us_per_call_" + size, perCall);
            Log.info(String.format(java.util.Locale.ROOT, "  server CPU %.1f µs per call (%s)", perCall, size));
        }
        return r;
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /** Half-second windows until two successive ones agree within 10 % (after four), as {@link Harness}. */
    private void warmUp(HttpLoad load, byte[] small, byte[] large, Metrics out) throws Exception {
        long window = TimeUnit.MILLISECONDS.toNanos(500);
        long start = System.nanoTime();
        long end = start + settings.systemWarmup().toNanos();
        double previous = 0;
        int windows = 0;
        int steady = 0;
        while (System.nanoTime() < end) {
            double rate = load.run(small, settings.inFlight(), 0, window, Long.MAX_VALUE)
                    .callsPerSecond();
            windows++;
            steady = previous > 0 && Math.abs(rate - previous) / previous < 0.1 ? steady + 1 : 0;
            previous = rate;
            if (windows >= 4 && steady >= 2) {
                break;
            }
        }
        load.run(
                large,
                settings.inFlight(),
                0,
                Math.min(window * 2, settings.systemWarmup().toNanos() / 4),
                Long.MAX_VALUE);
        out.detail("warmup_ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** Starts {@code node http.js <port>} and waits for its {@code @ready}; closing stops it. */
    static final class MoleculerWeb implements AutoCloseable {
        private final Process process;

        ProcessHandle handle() {
            return process.toHandle();
        }

        MoleculerWeb(Path script, int port, Path log) throws IOException {
            Path abs = script.toAbsolutePath();
            process = new ProcessBuilder("node", abs.toString(), String.valueOf(port))
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("@ready")) {
                    return;
                }
                if (line.startsWith("@error")) {
                    close();
                    throw new IOException("http.js: " + line);
                }
            }
            close();
            throw new IOException("http.js ended before listening (see " + log + ")");
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close(); // http.js stops its broker when stdin ends
                if (process.waitFor(10, TimeUnit.SECONDS)) {
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

    private interface Step {
        void run() throws Exception;
    }

    private static void attempt(Metrics out, String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            out.error(what + ": " + e.getMessage());
        }
    }
}
