package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * Iteration counts and time bounds of the end-to-end workloads: each phase stops at its count or its time
 * bound, whichever comes first. Each system is first warmed up with 64-in-flight calls until its rate is
 * steady (at most {@code systemWarmup}), so the JIT has compiled its hot paths before anything is measured. The Node
 * runner receives the same values.
 */
record Settings(
        Duration systemWarmup,
        int latencyWarmupCalls,
        int latencyCalls,
        int inFlight,
        Duration throughputWarmup,
        long throughputCalls,
        int eventWarmup,
        int events,
        Duration phaseBound) {

    static Settings standard() {
        return new Settings(
                Duration.ofSeconds(10),
                2_000,
                20_000,
                64,
                Duration.ofSeconds(1),
                2_000_000,
                20_000,
                1_000_000,
                Duration.ofSeconds(3));
    }

    /** A smoke run: shows that every system works, figures not meant to be kept. */
    static Settings quick() {
        return new Settings(
                Duration.ofSeconds(1),
                500,
                2_000,
                64,
                Duration.ofMillis(300),
                200_000,
                2_000,
                50_000,
                Duration.ofMillis(600));
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("systemWarmupMs", systemWarmup.toMillis());
        n.put("latencyWarmupCalls", latencyWarmupCalls);
        n.put("latencyCalls", latencyCalls);
        n.put("inFlight", inFlight);
        n.put("throughputWarmupMs", throughputWarmup.toMillis());
        n.put("throughputCalls", throughputCalls);
        n.put("eventWarmup", eventWarmup);
        n.put("events", events);
        n.put("phaseBoundMs", phaseBound.toMillis());
        return n;
    }
}
