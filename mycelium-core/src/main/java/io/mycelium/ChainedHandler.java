package io.mycelium;

import org.jspecify.annotations.Nullable;

/**
 * A handler that runs after another one on the same action (amqp-swarm's handler chains, where
 * {@code ctx.result} is what the previous handler returned): it gets the previous handler's value and
 * returns the next one; the last handler's value is the answer. A {@link java.util.concurrent.CompletionStage}
 * returned by a handler before the last is awaited, on the handler's thread, before the next one runs. A
 * thrown exception ends the chain: the handlers after it do not run and the caller gets that error. Same
 * threading rules as {@link ActionHandler}.
 */
@FunctionalInterface
public interface ChainedHandler {

    /** Handles one call, {@code previous} being the value of the handler before this one (not serialized). */
    @Nullable
    Object handle(Context ctx, @Nullable Object previous) throws Exception;
}
