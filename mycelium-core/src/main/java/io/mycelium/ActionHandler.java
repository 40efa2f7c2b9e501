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
}
