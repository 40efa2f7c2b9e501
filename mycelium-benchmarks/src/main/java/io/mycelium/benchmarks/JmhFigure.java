package io.mycelium.benchmarks;

/** One JMH result: benchmark method, its parameters, score ± error in {@code unit}. */
record JmhFigure(String benchmark, String params, double score, double error, String unit) {}
