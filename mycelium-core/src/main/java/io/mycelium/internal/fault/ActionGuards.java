package io.mycelium.internal.fault;

import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.BulkheadPolicy;
import io.mycelium.Fallback;
import io.mycelium.spi.Middleware;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The broker's own action middleware, innermost of all: the action's fallback around its bulkhead around
 * its handler. An action with neither keeps its handler as it is (nothing added per call).
 */
public final class ActionGuards implements Middleware {
    private final BulkheadPolicy brokerBulkhead;

    /** {@code brokerBulkhead} applies to every action that sets none of its own. */
    public ActionGuards(BulkheadPolicy brokerBulkhead) {
        this.brokerBulkhead = brokerBulkhead;
    }

    @Override
    public ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
        ActionHandler handler = next;
        BulkheadPolicy bulkhead = action.bulkhead().orElse(brokerBulkhead);
        // the node's own $node service is never limited: it must answer even when the node is busy
        if (bulkhead.enabled() && !fullName.startsWith("$")) {
            handler = new Bulkhead(handler, fullName, bulkhead);
        }
        if (action.fallback().isPresent()) {
            handler = withFallback(handler, action.fallback().get());
        }
        return handler;
    }

    private static ActionHandler withFallback(ActionHandler next, Fallback fallback) {
        return ctx -> {
            Object value;
            try {
                value = next.handle(ctx);
            } catch (Exception e) {
                return fallback.recover(e);
            }
            if (!(value instanceof CompletionStage<?> stage)) {
                return value;
            }
            CompletableFuture<@Nullable Object> out = new CompletableFuture<>();
            stage.whenComplete((v, e) -> {
                if (e == null) {
                    out.complete(v);
                    return;
                }
                try {
                    out.complete(fallback.recover(unwrap(e)));
                } catch (Exception | Error f) {
                    out.completeExceptionally(f);
                }
            });
            return out;
        };
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
