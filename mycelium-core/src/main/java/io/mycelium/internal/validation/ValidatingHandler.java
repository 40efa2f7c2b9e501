package io.mycelium.internal.validation;

import io.mycelium.ActionHandler;
import io.mycelium.Context;
import org.jspecify.annotations.Nullable;

/**
 * Validates the params before the wrapped handler (and its hooks) runs; a failure never reaches them, as
 * with Moleculer's validator middleware, which wraps the action hooks.
 */
public final class ValidatingHandler implements ActionHandler {
    private final ParamsBinder binder;
    private final ActionHandler next;

    public ValidatingHandler(Class<? extends Record> type, ActionHandler next) {
        this.binder = new ParamsBinder(type);
        this.next = next;
    }

    @Override
    public @Nullable Object handle(Context ctx) throws Exception {
        ParamsBinder.Bound bound = binder.bind(ctx.params());
        if (ctx instanceof ValidatedParams holder) {
            holder.validated(bound.tree(), bound.value());
        }
        return next.handle(ctx);
    }
}
