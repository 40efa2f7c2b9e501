package io.mycelium.internal.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ActionDefinition;
import io.mycelium.Service;
import io.mycelium.internal.validation.Schemas;
import io.mycelium.internal.validation.ValidationMiddleware;
import io.mycelium.spi.Middleware;
import java.util.List;
import java.util.Optional;

/**
 * What a local action runs when called, inside the user's middlewares and the broker's guards (fallback,
 * bulkhead): params validation (when the action declares a params record), then the before hooks, the
 * handler, the after hooks, with the error hooks around them. Both are the broker's own middlewares, last
 * in the chain; each returns the handler as it is for an action that does not use it, so a call pays
 * only for what the action uses.
 */
public final class ActionPipeline {
    private ActionPipeline() {}

    /** The broker's own innermost middlewares for {@code service}'s actions, outermost first: validation, hooks. */
    public static List<Middleware> builtIns(Service service) {
        return List.of(ValidationMiddleware.INSTANCE, new HooksMiddleware(service.hooks()));
    }

    /** The params schema announced in INFO: the one set explicitly, else the one of the params record. */
    public static Optional<ObjectNode> schema(ActionDefinition action) {
        return action.params().or(() -> action.paramsType().map(Schemas::of));
    }
}
