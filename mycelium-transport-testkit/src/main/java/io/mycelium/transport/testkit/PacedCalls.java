package io.mycelium.transport.testkit;

import io.mycelium.CallOptions;
import io.mycelium.ServiceBroker;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls at a steady rate with a cap on calls in flight (an open-loop client, unlike {@link CallLoad}): a
 * call that cannot start because the cap is reached is skipped and counted, as a real client would have to
 * refuse or queue it. Each call is recorded as a {@link CallLoad.Call}; one still unanswered {@code hungAfter}
 * ms after it started counts as hung.
 */
public final class PacedCalls {

    private final ConcurrentLinkedQueue<CallLoad.Call> calls = new ConcurrentLinkedQueue<>();
    private final Semaphore slots;
    private final int maxInFlight;
    private final Thread pacer;
    private volatile boolean running = true;
    private volatile long skipped;

    private PacedCalls(
            ServiceBroker broker, String action, CallOptions options, int perSecond, int maxInFlight, long hungAfter) {
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.pacer = Thread.ofPlatform().daemon().name("paced-calls").start(() -> {
            long next = System.nanoTime();
            while (running) {
                next += period;
                LockSupport.parkNanos(next - System.nanoTime());
                if (!slots.tryAcquire()) {
                    skipped++;
                    continue;
                }
                long start = System.nanoTime();
                broker.call(action, null, options)
                        .orTimeout(hungAfter, TimeUnit.MILLISECONDS)
                        .whenComplete((result, error) -> {
                            slots.release();
                            Throwable cause =
                                    error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                                            ? c.getCause()
                                            : error;
                            calls.add(new CallLoad.Call(
                                    start,
                                    System.nanoTime(),
                                    cause == null ? result.asText() : null,
                                    cause == null
                                            ? null
                                            : cause instanceof java.util.concurrent.TimeoutException
                                                    ? "hung"
                                                    : cause.getClass().getSimpleName()));
                        });
            }
        });
    }

    /** Starts calling {@code action} (which answers its node id) {@code perSecond} times a second. */
    public static PacedCalls start(
            ServiceBroker broker, String action, CallOptions options, int perSecond, int maxInFlight, long hungAfter) {
        return new PacedCalls(broker, action, options, perSecond, maxInFlight, hungAfter);
    }

    /** Calls ended so far. */
    public List<CallLoad.Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls not started because {@code maxInFlight} calls were waiting. */
    public long skipped() {
        return skipped;
    }

    /** Stops calling and waits (at most {@code waitMillis}) for the calls in flight; returns every call. */
    public List<CallLoad.Call> stop(long waitMillis) throws InterruptedException {
        running = false;
        pacer.join();
        if (slots.tryAcquire(maxInFlight, waitMillis, TimeUnit.MILLISECONDS)) {
            slots.release(maxInFlight);
        }
        return calls();
    }
}
