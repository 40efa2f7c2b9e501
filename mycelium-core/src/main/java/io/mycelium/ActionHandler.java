package io.mycelium;

/**
 * Handles calls of one action. Runs on a virtual thread by default, so it may block. It returns the
 * result (any value Jackson can serialize, or {@code null}), or a {@link java.util.concurrent.CompletionStage}
 * whose outcome is awaited. A thrown exception is sent to the caller as an error (a
 * {@link MyceliumException} keeps its code, type and data; any other exception becomes a code 500
 * {@code MoleculerError} named after its class). Must be thread-safe: calls arrive concurrently.
 */
@FunctionalInterface
public interface ActionHandler {

    /** Handles one call. */
    @org.jspecify.annotations.Nullable
    Object handle(Context ctx) throws Exception;

    /**
     * True when this handler never blocks (it computes its answer at once or returns a {@link
     * java.util.concurrent.CompletionStage}): the broker then runs it on the calling thread, a local
     * caller's or the transporter's I/O thread, with no hand-off to a virtual thread. False by default.
     * See {@link #nonBlocking(ActionHandler)}.
     */
    default boolean nonBlocking() {
        return false;
    }

    /**
     * {@code handler}, declared non-blocking: it must not block (no sleeping, no waiting on I/O, locks or
     * futures; return a {@link java.util.concurrent.CompletionStage} instead), since it runs on the
     * caller's thread or an I/O thread. A middleware that wraps the action (a bulkhead, a fallback, your
     * own) puts it back on a virtual thread.
     */
    static ActionHandler nonBlocking(ActionHandler handler) {
        return new ActionHandler() {
            @Override
            public @org.jspecify.annotations.Nullable Object handle(Context ctx) throws Exception {
                return handler.handle(ctx);
            }

            @Override
            public boolean nonBlocking() {
                return true;
            }
        };
    }
}
