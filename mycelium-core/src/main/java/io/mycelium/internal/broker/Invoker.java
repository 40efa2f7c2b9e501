package io.mycelium.internal.broker;

import io.mycelium.ActionHandler;
import io.mycelium.EventHandler;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.internal.stats.CallTimer;
import io.mycelium.internal.stats.Statistics;
import io.mycelium.stats.CallSide;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handlers on the handler executor (a virtual thread each by default), or on the calling thread when
 * they declare themselves {@linkplain ActionHandler#nonBlocking() non-blocking}, and counts those in flight.
 */
final class Invoker {
    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);

    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private final Statistics statistics;

    Invoker(ExecutorService executor, Statistics statistics) {
        this.executor = executor;
        this.statistics = statistics;
    }

    /** The statistics this node's calls and events count into. */
    Statistics statistics() {
        return statistics;
    }

    CompletableFuture<Object> invoke(ActionHandler handler, CallContext ctx) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        enter();
        result.whenComplete((v, e) -> leave());
        // STATS: one call handled here (moves onto the middleware SPI later). The timer ends before `result`
        // completes, so the caller never sees an outcome still counted in flight; a caller giving up early
        // (timeout) completes `result` itself, and the timer then waits for the handler to end.
        CallTimer timer =
                statistics.actionStarted(ctx.action().orElse("?"), ctx.service().orElse("?"), CallSide.HANDLED);
        if (handler.nonBlocking() && !executor.isShutdown()) {
            // declared non-blocking: runs here (the caller's or the I/O thread), no hand-off and back
            run(handler, ctx, result, timer);
            return result;
        }
        try {
            executor.execute(() -> run(handler, ctx, result, timer));
        } catch (RejectedExecutionException e) {
            ServiceNotAvailableException refused = new ServiceNotAvailableException(
                    ctx.action().orElse("?"), ctx.broker().nodeId());
            timer.finish(refused); // STATS
            result.completeExceptionally(refused);
        }
        return result;
    }

    /**
     * Runs an event handler. The future completes once it has ended: true when it ran (also when it threw:
     * the failure is logged, as Moleculer does), false when it could not start because the broker is
     * stopping. It never completes exceptionally.
     */
    CompletableFuture<Boolean> invoke(EventHandler handler, CallContext ctx) {
        CompletableFuture<Boolean> ended = new CompletableFuture<>();
        enter();
        // STATS: one event handler run (moves onto the middleware SPI later)
        String service = ctx.service().orElse("?");
        CallTimer timer = statistics.eventStarted(ctx.eventName().orElse("?"), service, service);
        Runnable run = () -> {
            Throwable failure = null;
            try {
                handler.handle(ctx);
            } catch (io.mycelium.internal.validation.InvalidEventException e) {
                failure = e; // counted as a ValidationError of this event, like any handler failure
                LOG.warn(
                        "Event '{}' from {} dropped before its handler in {}: {} {}",
                        ctx.eventName().orElse("?"),
                        ctx.nodeId(),
                        service,
                        e.getMessage(),
                        e.data());
            } catch (Throwable e) {
                failure = e;
                LOG.error("Handler of event '{}' failed", ctx.eventName().orElse("?"), e);
            } finally {
                timer.finish(failure); // STATS
                ended.complete(true); // settles first, so a graceful stop sees the acknowledgement out
                leave();
            }
        };
        if (handler.nonBlocking() && !executor.isShutdown()) {
            run.run(); // declared non-blocking: on the delivering thread, no virtual thread
            return ended;
        }
        try {
            executor.execute(run);
        } catch (RejectedExecutionException e) {
            timer.finish(e); // STATS
            leave();
            LOG.warn(
                    "Event '{}' dropped: the broker is stopping",
                    ctx.eventName().orElse("?"));
            ended.complete(false);
        }
        return ended;
    }

    private static void run(ActionHandler handler, CallContext ctx, CompletableFuture<Object> result, CallTimer timer) {
        try {
            Object value = handler.handle(ctx);
            if (value instanceof CompletionStage<?> stage) {
                stage.whenComplete((v, e) -> {
                    timer.finish(e); // STATS
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } else {
                timer.finish(null); // STATS
                result.complete(value);
            }
        } catch (Throwable e) {
            timer.finish(e); // STATS
            result.completeExceptionally(e);
        }
    }

    private void enter() {
        inFlight.incrementAndGet();
    }

    private void leave() {
        if (inFlight.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no handler runs, at most {@code millis}; true when drained. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (inFlight.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
