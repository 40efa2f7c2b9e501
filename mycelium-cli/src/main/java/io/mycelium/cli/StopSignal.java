package io.mycelium.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running command end gracefully on Ctrl-C or SIGTERM: the JVM's shutdown hook asks the
 * command to stop, then waits (bounded) until the command has closed its node, so other nodes see it leave.
 */
final class StopSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopSignal(Duration grace) {
        hook = new Thread(
                () -> {
                    requested.countDown();
                    try {
                        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "mycelium-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Asks to stop without a signal (e.g. {@code --count} reached). */
    void request() {
        requested.countDown();
    }

    /** Blocks until a signal or {@link #request()}, at most {@code timeout}; true when asked to stop. */
    boolean awaitFor(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until a signal or {@link #request()}. */
    void await() throws InterruptedException {
        requested.await();
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Call once the node is closed: lets the JVM finish its shutdown. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that finished is counted down
        }
    }
}
