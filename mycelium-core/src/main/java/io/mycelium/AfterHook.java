package io.mycelium;

import org.jspecify.annotations.Nullable;

/**
 * Runs after an action's handler succeeded, on the thread that completed it. It sees the result and returns
 * the result to send on: the same value, or a replacement. Throwing turns the call into a failure (the
 * error hooks then see it). See {@link ActionHooks} for the order. Must be thread-safe.
 */
@FunctionalInterface
public interface AfterHook {

    /** Returns the result to send on, given the result so far ({@code null} when the handler returned none). */
    @Nullable
    Object after(Context ctx, @Nullable Object result) throws Exception;
}
