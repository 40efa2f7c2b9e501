package io.mycelium.internal.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ActionDefinition;
import io.mycelium.Service;
import io.mycelium.internal.validation.Schemas;
import io.mycelium.internal.validation.ValidatingHandler;
import java.util.Optional;

/**
 * What a local action runs when called: params validation (when the action declares a params record),
 * then the before hooks, the handler, the after hooks, with the error hooks around them. Built once per
 * action when its service is registered, so a call pays only for what the action uses.
 */
public final class ActionPipeline {
    private ActionPipeline() {}

    /** The action as it runs: the same definition with its handler wrapped. */
    public static ActionDefinition build(Service service, ActionDefinition action) {
        var handler = HookChain.wrap(action.handler(), service.hooks(), action.name());
        if (action.paramsType().isPresent()) {
            handler = new ValidatingHandler(action.paramsType().get(), handler);
        }
        return handler == action.handler() ? action : action.withHandler(handler);
    }

    /** The params schema announced in INFO: the one set explicitly, else the one of the params record. */
    public static Optional<ObjectNode> schema(ActionDefinition action) {
        return action.params().or(() -> action.paramsType().map(Schemas::of));
    }
}
