package io.mycelium;

/**
 * Runs before an action's handler, on the handler's thread, with the handler's {@link Context}. It may read
 * the params, change {@link Context#meta()}, or throw to refuse the call (the error hooks then see the
 * error). See {@link ActionHooks} for the order hooks run in. Must be thread-safe.
 */
@FunctionalInterface
public interface BeforeHook {

    /** Runs before the handler. */
    void before(Context ctx) throws Exception;
}
