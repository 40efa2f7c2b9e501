package io.mycelium.internal.broker;

import io.mycelium.ActionHandler;
import io.mycelium.EventHandler;
import io.mycelium.ServiceNotAvailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs handlers on the handler executor (a virtual thread each by default) and counts those in flight. */
final class Invoker {
    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);

    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    Invoker(ExecutorService executor) {
        this.executor = executor;
    }

    CompletableFuture<Object> invoke(ActionHandler handler, CallContext ctx) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        enter();
        result.whenComplete((v, e) -> leave());
        try {
            executor.execute(() -> run(handler, ctx, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ServiceNotAvailableException(
                    ctx.action().orElse("?"), ctx.broker().nodeId()));
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
        try {
            executor.execute(() -> {
                try {
                    handler.handle(ctx);
                } catch (Throwable e) {
                    LOG.error("Handler of event '{}' failed", ctx.eventName().orElse("?"), e);
                } finally {
                    ended.complete(true); // settles first, so a graceful stop sees the acknowledgement out
                    leave();
                }
            });
        } catch (RejectedExecutionException e) {
            leave();
            LOG.warn(
                    "Event '{}' dropped: the broker is stopping",
                    ctx.eventName().orElse("?"));
            ended.complete(false);
        }
        return ended;
    }

    private static void run(ActionHandler handler, CallContext ctx, CompletableFuture<Object> result) {
        try {
            Object value = handler.handle(ctx);
            if (value instanceof CompletionStage<?> stage) {
                stage.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } else {
                result.complete(value);
            }
        } catch (Throwable e) {
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
