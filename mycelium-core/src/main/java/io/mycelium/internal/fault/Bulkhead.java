package io.mycelium.internal.fault;

import io.mycelium.ActionHandler;
import io.mycelium.BulkheadPolicy;
import io.mycelium.Context;
import io.mycelium.QueueIsFullException;
import io.mycelium.RequestTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One action's bulkhead: a fair semaphore of {@code concurrency} permits, and a count of the calls waiting
 * for one. A call waits on its handler's own thread (a virtual thread by default, so waiting costs no
 * platform thread), never past its deadline; a handler that answers with a stage holds its permit until
 * the stage completes. Thread-safe.
 */
final class Bulkhead implements ActionHandler {
    private final ActionHandler next;
    private final String action;
    private final Semaphore permits;
    private final int maxQueueSize;
    private final AtomicInteger waiting = new AtomicInteger();

    Bulkhead(ActionHandler next, String action, BulkheadPolicy policy) {
        this.next = next;
        this.action = action;
        this.permits = new Semaphore(policy.concurrency(), true);
        this.maxQueueSize = policy.maxQueueSize();
    }

    @Override
    public @Nullable Object handle(Context ctx) throws Exception {
        // tryAcquire with a zero wait honours fairness: a newcomer does not jump the queue
        if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            queue(ctx);
        }
        boolean released = false;
        try {
            Object value = next.handle(ctx);
            if (value instanceof CompletionStage<?> stage) {
                released = true;
                return stage.whenComplete((v, e) -> permits.release());
            }
            return value;
        } finally {
            if (!released) {
                permits.release();
            }
        }
    }

    private void queue(Context ctx) throws InterruptedException {
        if (waiting.incrementAndGet() > maxQueueSize) {
            waiting.decrementAndGet();
            throw new QueueIsFullException(action, ctx.broker().nodeId());
        }
        try {
            Optional<Duration> left = ctx.remaining();
            if (left.isEmpty()) {
                permits.acquire();
            } else if (!permits.tryAcquire(Math.max(0, left.get().toNanos()), TimeUnit.NANOSECONDS)) {
                throw new RequestTimeoutException(action, ctx.broker().nodeId());
            }
        } finally {
            waiting.decrementAndGet();
        }
    }
}
