package io.mycelium;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of one action run in order, each given the value of the one before (see
 * {@link ChainedHandler}). Flat: adding a link to a chain makes a longer chain, not a chain of chains.
 */
final class ActionChain implements ActionHandler {
    private final ActionHandler first;
    private final List<ChainedHandler> rest;

    private ActionChain(ActionHandler first, List<ChainedHandler> rest) {
        this.first = first;
        this.rest = List.copyOf(rest);
    }

    static ActionChain of(ActionHandler head, ChainedHandler next) {
        if (head instanceof ActionChain chain) {
            List<ChainedHandler> more = new ArrayList<>(chain.rest);
            more.add(next);
            return new ActionChain(chain.first, more);
        }
        return new ActionChain(head, List.of(next));
    }

    @Override
    public @Nullable Object handle(Context ctx) throws Exception {
        Object value = first.handle(ctx);
        for (ChainedHandler h : rest) {
            value = h.handle(ctx, settled(value));
        }
        return value; // the last one's stage is awaited by the broker, as for any handler
    }

    /** A stage's outcome, waited for on this (handler) thread; its failure rethrown as it was. */
    private static @Nullable Object settled(@Nullable Object value) throws Exception {
        if (!(value instanceof CompletionStage<?> stage)) {
            return value;
        }
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
