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
 * call ends exactly once: response, timeout, its node leaving, or the connection being lost. Only the node a
 * call was sent to can answer it: a RESPONSE from any other sender leaves the call waiting.
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

    /** What became of a RESPONSE offered to {@link #complete}. */
    enum Outcome {
        COMPLETED,
        /** No call with this id is in flight (it ended, or the id was never issued). */
        UNKNOWN_ID,
        /** A call with this id waits, for another node's answer: the call keeps waiting. */
        WRONG_SENDER
    }

    /** Completes the call {@code response} answers, if its sender is the node the call was sent to. */
    Outcome complete(ResponsePacket response) {
        while (true) {
            Pending p = pending.get(response.id());
            if (p == null) {
                return Outcome.UNKNOWN_ID;
            }
            if (!answerableBy(p, response.sender())) {
                return Outcome.WRONG_SENDER;
            }
            // armTimeout may have swapped the entry: then look again
            if (pending.remove(p.id(), p)) {
                cancel(p);
                p.future().complete(response);
                return Outcome.COMPLETED;
            }
        }
    }

    /** What {@link #complete} would answer for a RESPONSE {@code id} from {@code sender}, changing nothing. */
    Outcome check(String id, String sender) {
        Pending p = pending.get(id);
        if (p == null) {
            return Outcome.UNKNOWN_ID;
        }
        return answerableBy(p, sender) ? Outcome.COMPLETED : Outcome.WRONG_SENDER;
    }

    /** When the message broker picked the node ({@code nodeId} empty), any node may answer. */
    private static boolean answerableBy(Pending p, String sender) {
        return p.nodeId().isEmpty() || p.nodeId().equals(sender);
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
