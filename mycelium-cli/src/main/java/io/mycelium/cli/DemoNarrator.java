package io.mycelium.cli;

import java.io.PrintWriter;

/** Prints the demo's story with the time since it began. */
final class DemoNarrator {

    private final PrintWriter out;
    private final long start = System.nanoTime();

    DemoNarrator(PrintWriter out) {
        this.out = out;
    }

    void title(String text) {
        out.println(text);
        out.flush();
    }

    void section(String text) {
        out.println();
        out.println(text);
        out.flush();
    }

    void step(String text) {
        out.printf("  [%6.2fs] %s%n", (System.nanoTime() - start) / 1e9, text);
        out.flush();
    }

    void line(String text) {
        out.println("  " + text);
        out.flush();
    }

    String elapsed() {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
