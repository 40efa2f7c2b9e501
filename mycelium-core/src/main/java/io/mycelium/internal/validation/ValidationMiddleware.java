package io.mycelium.internal.validation;

import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.spi.Middleware;

/**
 * Params validation as the broker's own middleware: an action that declares a params record gets its
 * params bound and checked before the hooks and the handler run; any other action is left as it is.
 */
public final class ValidationMiddleware implements Middleware {
    /** Stateless: one for every service. */
    public static final ValidationMiddleware INSTANCE = new ValidationMiddleware();

    private ValidationMiddleware() {}

    @Override
    public String name() {
        return "Validator";
    }

    @Override
    public ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
        return action.paramsType()
                .<ActionHandler>map(type -> new ValidatingHandler(type, next))
                .orElse(next);
    }
}
