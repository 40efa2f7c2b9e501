package io.mycelium.benchmarks;

import io.mycelium.benchmarks.Metrics.Metric;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** Runs the three workloads against one system and records its figures; the same logic as {@code bench.js}. */
final class Harness {
    private static final long CALL_TIMEOUT_S = 10;

    /** The workloads {@link #runAll} knows, in the order it runs them. */
    static final List<String> WORKLOADS = List.of("warm-up", "latency", "throughput", "events");

    private final Settings settings;
    private final Set<String> workloads;

    Harness(Settings settings, Set<String> workloads) {
        this.settings = settings;
        this.workloads = workloads;
    }

    /** Runs the chosen workloads; a failing one is recorded as an error and the others still run. */
    void runAll(RequestReply client, PeerProcess peer, Payload small, Payload large, Metrics out) {
        if (workloads.contains("warm-up")) {
            attempt(out, "warm-up", () -> warmUp(client, small, large, out));
        }
        if (workloads.contains("latency")) {
            attempt(out, "latency", () -> latency(client, small, out));
        }
        if (workloads.contains("throughput")) {
            attempt(out, "throughput 100B", () -> out.put(Metric.CALLS_SMALL, throughput(client, small)));
            attempt(out, "throughput 16KiB", () -> out.put(Metric.CALLS_LARGE, throughput(client, large)));
        }
        if (workloads.contains("events")) {
            attempt(out, "events", () -> events(client, peer, small, out));
        }
    }

    /**
     * Runs half-second windows of {@code inFlight} calls until two successive windows agree within 10 %
     * (after at least four) or {@code systemWarmup} has passed, then a second of 16 KiB calls: on a busy
     * machine the JIT needs longer, and this waits for it instead of guessing.
     */
    void warmUp(RequestReply client, Payload small, Payload large, Metrics out) throws Exception {
        long window = 500_000_000L;
        long start = System.nanoTime();
        long end = start + settings.systemWarmup().toNanos();
        double previous = 0;
        int windows = 0;
        int steady = 0;
        while (System.nanoTime() < end) {
            double rate = loop(client, small, 0, window, Long.MAX_VALUE);
            windows++;
            steady = previous > 0 && Math.abs(rate - previous) / previous < 0.1 ? steady + 1 : 0;
            previous = rate;
            if (windows >= 4 && steady >= 2) {
                break;
            }
        }
        loop(client, large, 0, Math.min(window * 2, settings.systemWarmup().toNanos() / 4), Long.MAX_VALUE);
        out.detail("warmup_ms", (System.nanoTime() - start) / 1_000_000);
    }

    void latency(RequestReply client, Payload payload, Metrics out) throws Exception {
        long bound = settings.phaseBound().toNanos();
        long end = System.nanoTime() + bound;
        for (int i = 0; i < settings.latencyWarmupCalls() && System.nanoTime() < end; i++) {
            client.call(payload).get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        }
        long[] samples = new long[settings.latencyCalls()];
        int n = 0;
        end = System.nanoTime() + bound;
        while (n < samples.length) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
                break;
            }
            client.call(payload).get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
            samples[n++] = System.nanoTime() - t0;
        }
        Arrays.sort(samples, 0, n);
        out.put(Metric.LATENCY_P50_US, samples[n / 2] / 1000.0);
        out.put(Metric.LATENCY_P99_US, samples[Math.max(0, (int) Math.ceil(n * 0.99) - 1)] / 1000.0);
        out.detail("latency_samples", n);
    }

    /**
     * A closed loop: one driver thread keeps {@code inFlight} calls outstanding; the measured window starts
     * after the warm-up and ends at the call count or the time bound.
     */
    double throughput(RequestReply client, Payload payload) throws Exception {
        return loop(
                client,
                payload,
                settings.throughputWarmup().toNanos(),
                settings.phaseBound().toNanos(),
                settings.throughputCalls());
    }

    private double loop(RequestReply client, Payload payload, long warmupNanos, long boundNanos, long maxCalls)
            throws Exception {
        Semaphore permits = new Semaphore(settings.inFlight());
        AtomicLong completed = new AtomicLong();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        long warmupEnd = System.nanoTime() + warmupNanos;
        long measureStart = 0;
        long measureEnd = 0;
        long c0 = 0;
        boolean measuring = false;
        while (failure.get() == null) {
            if (!permits.tryAcquire(CALL_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no reply within " + CALL_TIMEOUT_S + " s with calls in flight");
            }
            long now = System.nanoTime();
            if (!measuring && now >= warmupEnd) {
                measuring = true;
                measureStart = now;
                c0 = completed.get();
                measureEnd = now + boundNanos;
            }
            if (measuring && (now >= measureEnd || completed.get() - c0 >= maxCalls)) {
                permits.release();
                long done = completed.get() - c0;
                drain(permits, failure);
                return done * 1e9 / (now - measureStart);
            }
            CompletableFuture<?> f = client.call(payload);
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    completed.incrementAndGet();
                }
                permits.release();
            });
        }
        Throwable e = failure.get();
        throw new IllegalStateException("call failed: " + e, e);
    }

    private void drain(Semaphore permits, AtomicReference<@Nullable Throwable> failure) throws InterruptedException {
        if (!permits.tryAcquire(settings.inFlight(), CALL_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still in flight after " + CALL_TIMEOUT_S + " s");
        }
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("call failed: " + e, e);
        }
    }

    /** Events the emitter may be ahead of the subscriber's count. */
    static final int EVENT_WINDOW = 100_000;

    /** How often (in events) the emitter asks the subscriber how far it got. */
    private static final int EVENT_CHECK = 10_000;

    /**
     * One emitter (this thread), one subscriber in the peer process, which counts what it receives; the
     * emitter stays at most {@link #EVENT_WINDOW} events ahead.
     */
    void events(RequestReply client, PeerProcess peer, Payload payload, Metrics out) throws Exception {
        peer.reset();
        int warm = 0;
        try (RequestReply.EventStream stream = client.openEvents()) {
            long end = System.nanoTime() + settings.phaseBound().toNanos();
            while (warm < settings.eventWarmup() && System.nanoTime() < end) {
                stream.emit(payload);
                warm++;
            }
        }
        peer.await(warm, CALL_TIMEOUT_S * 1000);
        peer.reset();
        long t0 = System.nanoTime();
        long end = t0 + settings.phaseBound().toNanos();
        long sent = 0;
        try (RequestReply.EventStream stream = client.openEvents()) {
            while (sent < settings.events() && ((sent & 63) != 0 || System.nanoTime() < end)) {
                stream.emit(payload);
                sent++;
                // Stay at most a window ahead of the subscriber: over core NATS an emitter that outruns its
                // subscriber makes the client drop events, and the rate would then count the wait for events
                // that never come. Every system runs under the same window; one that loses events anyway
                // stops here (reported below) instead of waiting once per check.
                if (sent % EVENT_CHECK == 0
                        && sent > EVENT_WINDOW
                        && peer.await(sent - EVENT_WINDOW, CALL_TIMEOUT_S * 1000) < sent - EVENT_WINDOW) {
                    break;
                }
            }
        }
        long received = peer.await(sent, CALL_TIMEOUT_S * 1000);
        long elapsed = System.nanoTime() - t0;
        out.put(Metric.EVENTS, received * 1e9 / elapsed);
        out.detail("events_sent", sent);
        out.detail("events_received", received);
        if (received < sent) {
            out.error(
                    "events: " + (sent - received) + " of " + sent + " not delivered within " + CALL_TIMEOUT_S + " s");
        }
    }

    private static void attempt(Metrics out, String what, Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            out.error(what + ": " + e);
            Log.info("  " + out.system() + " " + what + " failed: " + e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
