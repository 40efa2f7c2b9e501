package io.mycelium.internal.hooks;

import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.ActionHooks;
import io.mycelium.spi.Middleware;

/**
 * A service's before, after and error hooks as the broker's own middleware, the innermost of the chain
 * (right around the handler, inside validation); an action no hook applies to is left as it is.
 */
final class HooksMiddleware implements Middleware {
    private final ActionHooks hooks;

    HooksMiddleware(ActionHooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public String name() {
        return "Hooks";
    }

    @Override
    public ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
        return HookChain.wrap(next, hooks, action.name());
    }
}
