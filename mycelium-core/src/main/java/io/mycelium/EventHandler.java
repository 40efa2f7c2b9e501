package io.mycelium;

/**
 * Handles one event. Runs on a virtual thread by default, so it may block; events arrive concurrently,
 * so it must be thread-safe. An exception is logged (events have no reply).
 */
@FunctionalInterface
public interface EventHandler {

    /** Handles one event; {@link Context#eventName()} says which one. */
    void handle(Context ctx) throws Exception;
}
