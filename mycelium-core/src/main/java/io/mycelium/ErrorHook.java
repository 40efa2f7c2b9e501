package io.mycelium;

import org.jspecify.annotations.Nullable;

/**
 * Runs when a before hook, the handler or an after hook failed. It may recover by returning a value (the
 * call then succeeds with it and later error hooks do not run) or rethrow the error, or throw another
 * one, which the next error hook sees. See {@link ActionHooks} for the order. Must be thread-safe.
 */
@FunctionalInterface
public interface ErrorHook {

    /** Recovers with a value, or throws. {@code error} is unwrapped from future and reflection wrappers. */
    @Nullable
    Object onError(Context ctx, Throwable error) throws Exception;
}
