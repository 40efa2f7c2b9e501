package io.mycelium.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling and sleeping for the scale runs (`ScaleMain`, `HostsMain`): a run waits on the mesh, never forever. */
final class Waits {
    private Waits() {}

    /** Polls {@code condition} every {@code everyMillis} until it holds (true) or {@code millis} pass (false). */
    static boolean until(long millis, long everyMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(everyMillis);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
