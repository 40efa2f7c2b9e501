package io.mycelium.benchmarks;

/** Progress lines on stderr, so stdout carries only the report. */
final class Log {
    private static final long START = System.nanoTime();

    private Log() {}

    static void info(String line) {
        System.err.printf("[bench %5.1fs] %s%n", (System.nanoTime() - START) / 1e9, line);
    }
}
