package io.mycelium.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one system, keyed by {@link Metric}; a metric that failed is absent and has an error. */
final class Metrics {
    private final String system;
    private final String description;
    private final Map<Metric, Double> values = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    Metrics(String system, String description) {
        this.system = system;
        this.description = description;
    }

    String system() {
        return system;
    }

    String description() {
        return description;
    }

    synchronized void put(Metric metric, double value) {
        values.put(metric, value);
    }

    synchronized void detail(String key, Object value) {
        details.put(key, value);
    }

    synchronized void error(String error) {
        errors.add(error);
    }

    synchronized Map<Metric, Double> values() {
        return new LinkedHashMap<>(values);
    }

    synchronized Map<String, Object> details() {
        return new LinkedHashMap<>(details);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** What is measured; {@code higherIsBetter} decides how ratios read. */
    enum Metric {
        LATENCY_P50_US("latency p50 µs", "latency_p50_us", false),
        LATENCY_P99_US("latency p99 µs", "latency_p99_us", false),
        CALLS_SMALL("calls/s 100 B ×64", "calls_per_s_100b", true),
        CALLS_LARGE("calls/s 16 KiB ×64", "calls_per_s_16kib", true),
        EVENTS("events/s 100 B", "events_per_s", true);

        final String label;
        final String key;
        final boolean higherIsBetter;

        Metric(String label, String key, boolean higherIsBetter) {
            this.label = label;
            this.key = key;
            this.higherIsBetter = higherIsBetter;
        }
    }
}
