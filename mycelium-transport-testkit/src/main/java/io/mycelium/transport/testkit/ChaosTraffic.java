package io.mycelium.transport.testkit;

import io.mycelium.MyceliumException;
import io.mycelium.ServiceBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Continuous traffic from one caller node: {@code chaos.work} calls at a steady rate with a bounded number
 * in flight (a call waiting on a dead node holds its slot, so throughput falls as a real client's would),
 * and balanced {@code chaos.tick} events carrying sequence numbers 0, 1, 2… on a thread of their own.
 * Records how every call and emit ended and when, in milliseconds since {@link #start}. Thread-safe: two
 * sender threads of its own write the records, the test thread reads them once {@link #stop} returned.
 */
final class ChaosTraffic {

    /** One call: when it started and, once it ended, when, with what error and on which node. */
    static final class Call {
        final long startMillis;
        volatile long endMillis = -1;
        volatile @Nullable String error;
        volatile @Nullable String node;

        Call(long startMillis) {
            this.startMillis = startMillis;
        }

        boolean done() {
            return endMillis >= 0;
        }

        boolean answered() {
            return done() && error == null;
        }
    }

    /** One emit of sequence number {@code seq}: how its future ended (null while pending or on success). */
    static final class Emit {
        final long seq;
        volatile boolean done;
        volatile @Nullable String error;

        Emit(long seq) {
            this.seq = seq;
        }
    }

    private final ServiceBroker caller;
    private final ChaosSettings settings;
    private final Semaphore inFlight;
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Queue<Emit> emits = new ConcurrentLinkedQueue<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean running;
    private long t0;

    ChaosTraffic(ServiceBroker caller, ChaosSettings settings) {
        this.caller = caller;
        this.settings = settings;
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /** Milliseconds since {@link #start}. */
    long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    void start() {
        t0 = System.nanoTime();
        running = true;
        senders.add(Thread.ofPlatform().name("chaos-calls").start(this::sendCalls));
        senders.add(Thread.ofPlatform().name("chaos-events").start(this::emitEvents));
    }

    /** Stops sending and returns once both sender threads ended; calls and emits may still be pending. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /**
     * Waits until every call and emit has ended or {@code deadlineMillis} (since start) has passed; what is
     * still pending then is hung.
     */
    void awaitEnded(long deadlineMillis) throws InterruptedException {
        while (now() < deadlineMillis
                && (calls.stream().anyMatch(c -> !c.done()) || emits.stream().anyMatch(e -> !e.done))) {
            Thread.sleep(50);
        }
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Emit> emits() {
        return List.copyOf(emits);
    }

    private void sendCalls() {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.callsPerSecond();
        long next = System.nanoTime();
        while (running) {
            try {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Call call = new Call(now());
            calls.add(call);
            CompletableFuture<String> future;
            try {
                future = caller.call("chaos.work", null, String.class);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((node, error) -> {
                if (error == null) {
                    call.node = node;
                } else {
                    Throwable cause = unwrap(error);
                    call.error = cause.getClass().getSimpleName();
                    call.node = cause instanceof MyceliumException m ? nodeOf(m) : null;
                }
                call.endMillis = now();
                inFlight.release();
            });
            next = pace(next, periodNanos);
        }
    }

    private void emitEvents() {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.eventsPerSecond();
        long next = System.nanoTime();
        long seq = 0;
        while (running) {
            Emit emit = new Emit(seq++);
            emits.add(emit);
            CompletableFuture<Void> future;
            try {
                future = caller.emit("chaos.tick", emit.seq);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((ok, error) -> {
                if (error != null) {
                    emit.error = unwrap(error).getClass().getSimpleName();
                }
                emit.done = true;
            });
            next = pace(next, periodNanos);
        }
    }

    /** Sleeps until the next tick; a sender that fell behind does not burst to catch up. */
    private static long pace(long next, long periodNanos) {
        long target = Math.max(next + periodNanos, System.nanoTime());
        LockSupport.parkNanos(target - System.nanoTime());
        return target;
    }

    /**
     * The node a failed call was sent to: where the error happened, else the {@code nodeID} of its data
     * (a timeout or an unavailable node names the node it waited for there, as Moleculer's errors do).
     */
    private static @Nullable String nodeOf(MyceliumException e) {
        return e.nodeId().orElseGet(() -> {
            String data = e.data().path("nodeID").asText("");
            return data.isEmpty() ? null : data;
        });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Failures by exception type, sorted by name; a null error (a success) is not counted. */
    static Map<String, Integer> byType(List<? extends @Nullable Object> records) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object r : records) {
            String error = r instanceof Call c ? c.error : r instanceof Emit e ? e.error : null;
            if (error != null) {
                counts.merge(error, 1, Integer::sum);
            }
        }
        return counts;
    }
}
