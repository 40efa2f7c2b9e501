package io.mycelium.internal.transit;

import io.mycelium.MyceliumException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.protocol.ResponsePacket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Remote calls waiting for their RESPONSE. Whoever removes an entry from the map completes it, so every
 * call ends exactly once: response, timeout, its node leaving, or the connection being lost.
 */
final class PendingRequests {
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Consumer<String> timedOut;

    /** One call in flight; {@code nodeId} is empty when the message broker picks the node. */
    record Pending(
            String id,
            String nodeId,
            String action,
            CompletableFuture<ResponsePacket> future,
            @Nullable ScheduledFuture<?> timeout) {}

    PendingRequests(ScheduledExecutorService timer) {
        this(timer, node -> {});
    }

    /** {@code timedOut} hears the node of every call that ended by timeout (empty when the broker balanced). */
    PendingRequests(ScheduledExecutorService timer, Consumer<String> timedOut) {
        this.timer = timer;
        this.timedOut = timedOut;
    }

    CompletableFuture<ResponsePacket> add(String id, String nodeId, String action, long timeoutMillis) {
        CompletableFuture<ResponsePacket> future = new CompletableFuture<>();
        ScheduledFuture<?> task =
                timeoutMillis > 0 ? timer.schedule(() -> timeout(id), timeoutMillis, TimeUnit.MILLISECONDS) : null;
        pending.put(id, new Pending(id, nodeId, action, future, task));
        return future;
    }

    boolean complete(ResponsePacket response) {
        Pending p = pending.remove(response.id());
        if (p == null) {
            return false;
        }
        cancel(p);
        p.future().complete(response);
        return true;
    }

    void fail(String id, Throwable error) {
        Pending p = pending.remove(id);
        if (p != null) {
            cancel(p);
            p.future().completeExceptionally(error);
        }
    }

    int failNode(String nodeId, Function<Pending, MyceliumException> error) {
        int count = 0;
        for (Pending p : pending.values()) {
            if (p.nodeId().equals(nodeId) && pending.remove(p.id(), p)) {
                cancel(p);
                p.future().completeExceptionally(error.apply(p));
                count++;
            }
        }
        return count;
    }

    void failAll(Function<Pending, MyceliumException> error) {
        for (Pending p : pending.values()) {
            if (pending.remove(p.id(), p)) {
                cancel(p);
                p.future().completeExceptionally(error.apply(p));
            }
        }
    }

    /** Starts the timeout of a call added without one (a streamed request, once its stream is sent). */
    void armTimeout(String id, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            return;
        }
        pending.computeIfPresent(id, (k, p) -> {
            cancel(p);
            return new Pending(
                    p.id(),
                    p.nodeId(),
                    p.action(),
                    p.future(),
                    timer.schedule(() -> timeout(id), timeoutMillis, TimeUnit.MILLISECONDS));
        });
    }

    int size() {
        return pending.size();
    }

    private void timeout(String id) {
        Pending p = pending.remove(id);
        if (p != null) {
            // counted first: a caller that retries on the timeout must already see the node's circuit open
            timedOut.accept(p.nodeId());
            p.future()
                    .completeExceptionally(
                            new RequestTimeoutException(p.action(), p.nodeId().isEmpty() ? null : p.nodeId()));
        }
    }

    private static void cancel(Pending p) {
        ScheduledFuture<?> t = p.timeout();
        if (t != null) {
            t.cancel(false);
        }
    }
}
