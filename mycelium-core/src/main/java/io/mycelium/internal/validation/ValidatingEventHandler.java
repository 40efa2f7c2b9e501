package io.mycelium.internal.validation;

import io.mycelium.Context;
import io.mycelium.EventHandler;

/**
 * Validates an event's data before the wrapped handler runs (atom.js's lexicon, applied to messages): an
 * invalid event throws an {@link InvalidEventException} and the handler never sees it; the broker
 * logs the reason and counts it in the event's statistics, as for any handler failure.
 */
public final class ValidatingEventHandler implements EventHandler {
    private final ParamsBinder binder;
    private final EventHandler next;

    public ValidatingEventHandler(Class<? extends Record> type, EventHandler next) {
        this.binder = new ParamsBinder(type);
        this.next = next;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ParamsBinder.Bound bound;
        try {
            bound = binder.bind(ctx.params());
        } catch (io.mycelium.ValidationException e) {
            throw new InvalidEventException(e);
        }
        if (ctx instanceof ValidatedParams holder) {
            holder.validated(bound.tree(), bound.value());
        }
        next.handle(ctx);
    }
}
