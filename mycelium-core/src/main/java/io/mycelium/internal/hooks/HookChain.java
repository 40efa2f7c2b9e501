package io.mycelium.internal.hooks;

import io.mycelium.ActionHandler;
import io.mycelium.ActionHooks;
import io.mycelium.AfterHook;
import io.mycelium.BeforeHook;
import io.mycelium.Context;
import io.mycelium.ErrorHook;
import io.mycelium.internal.util.ErrorCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An action handler inside its hooks, in the order {@link ActionHooks} documents. The lists are resolved
 * once, when the service is registered. A handler returning a {@link CompletionStage} keeps doing so: the
 * after and error hooks then run when the stage completes, on the thread that completes it.
 */
final class HookChain implements ActionHandler {
    private final ActionHandler handler;
    private final List<BeforeHook> before;
    private final List<AfterHook> after;
    private final List<ErrorHook> onError;

    private HookChain(ActionHandler handler, List<BeforeHook> before, List<AfterHook> after, List<ErrorHook> onError) {
        this.handler = handler;
        this.before = before;
        this.after = after;
        this.onError = onError;
    }

    /** {@code handler} wrapped in the hooks that apply to {@code action}, or as is when none does. */
    static ActionHandler wrap(ActionHandler handler, ActionHooks hooks, String action) {
        if (hooks.noneFor(action)) {
            return handler;
        }
        return new HookChain(
                handler,
                concat(hooks.before(ActionHooks.ALL), hooks.before(action)),
                concat(hooks.after(action), hooks.after(ActionHooks.ALL)),
                concat(hooks.onError(action), hooks.onError(ActionHooks.ALL)));
    }

    private static <H> List<H> concat(List<H> first, List<H> second) {
        List<H> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    @Override
    public @Nullable Object handle(Context ctx) throws Exception {
        Object value;
        try {
            for (BeforeHook hook : before) {
                hook.before(ctx);
            }
            value = handler.handle(ctx);
        } catch (Exception e) {
            return recover(ctx, e);
        }
        if (!(value instanceof CompletionStage<?> stage)) {
            return after(ctx, value);
        }
        CompletableFuture<@Nullable Object> done = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            try {
                done.complete(e == null ? after(ctx, v) : recover(ctx, e));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private @Nullable Object after(Context ctx, @Nullable Object result) throws Exception {
        Object current = result;
        try {
            for (AfterHook hook : after) {
                current = hook.after(ctx, current);
            }
            return current;
        } catch (Exception e) {
            return recover(ctx, e);
        }
    }

    /** Runs the error hooks in order; the first that returns a value wins, a rethrow goes to the next. */
    private @Nullable Object recover(Context ctx, Throwable error) throws Exception {
        Throwable current = ErrorCodec.unwrap(error);
        for (ErrorHook hook : onError) {
            try {
                return hook.onError(ctx, current);
            } catch (Exception e) {
                current = ErrorCodec.unwrap(e);
            }
        }
        if (current instanceof Exception e) {
            throw e;
        }
        if (current instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(current);
    }
}
