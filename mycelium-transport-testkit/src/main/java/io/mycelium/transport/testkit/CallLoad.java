package io.mycelium.transport.testkit;

import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Continuous calls of an action from a few closed-loop workers (each sends its next call when the last
 * one ended), recording when each call started and ended and who answered or how it failed. A failed call
 * is followed by a 20 ms pause so that a fast-failing outage does not spin. {@link #stop} waits for every
 * call in flight: a call that never ends shows as {@link Call#hung()}.
 */
public final class CallLoad {

    /** One call: start and end on {@link System#nanoTime()}, the answering node or the error's class. */
    public record Call(
            long startNanos,
            long endNanos,
            @Nullable String node,
            @Nullable String error) {
        public boolean ok() {
            return node != null;
        }

        public boolean hung() {
            return "hung".equals(error);
        }
    }

    private static final Duration HUNG = Duration.ofSeconds(30);

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    private CallLoad() {}

    /** Starts {@code workers} loops calling {@code action} (which answers its node id) on {@code broker}. */
    public static CallLoad start(ServiceBroker broker, String action, int workers) {
        CallLoad load = new CallLoad();
        for (int i = 0; i < workers; i++) {
            load.workers.add(Thread.ofVirtual().name("load-" + i).start(() -> load.loop(broker, action)));
        }
        return load;
    }

    private void loop(ServiceBroker broker, String action) {
        while (running) {
            long start = System.nanoTime();
            String node = null;
            String error = null;
            try {
                node = broker.call(action, null, String.class).get(HUNG.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                error = cause.getClass().getSimpleName();
            } catch (TimeoutException e) {
                error = "hung";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName();
            }
            calls.add(new Call(start, System.nanoTime(), node, error));
            if (error != null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** Calls ended so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Stops the workers after their call in flight and returns every call made. */
    public List<Call> stop() throws InterruptedException {
        running = false;
        for (Thread t : workers) {
            t.join(HUNG.plusSeconds(5).toMillis());
        }
        return calls();
    }

    /** Failures by error class, sorted. */
    public static Map<String, Integer> failures(List<Call> calls) {
        Map<String, Integer> byType = new TreeMap<>();
        for (Call c : calls) {
            if (c.error() != null) {
                byType.merge(c.error(), 1, Integer::sum);
            }
        }
        return byType;
    }
}
