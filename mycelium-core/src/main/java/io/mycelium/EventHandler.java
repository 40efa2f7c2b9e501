package io.mycelium;

/**
 * Handles one event. Runs on a virtual thread by default, so it may block; events arrive concurrently,
 * so it must be thread-safe. An exception is logged (events have no reply).
 */
@FunctionalInterface
public interface EventHandler {

    /** Handles one event; {@link Context#eventName()} says which one. */
    void handle(Context ctx) throws Exception;

    /**
     * True when this handler never blocks: the broker then runs it on the thread that delivers the event
     * (the emitter's, or the transporter's I/O thread) instead of starting a virtual thread for it. False
     * by default. See {@link #nonBlocking(EventHandler)}.
     */
    default boolean nonBlocking() {
        return false;
    }

    /**
     * {@code handler}, declared non-blocking: it must not block (no sleeping, no waiting on I/O, locks or
     * futures). A middleware that wraps the event's handler puts it back on a virtual thread.
     */
    static EventHandler nonBlocking(EventHandler handler) {
        return new EventHandler() {
            @Override
            public void handle(Context ctx) throws Exception {
                handler.handle(ctx);
            }

            @Override
            public boolean nonBlocking() {
                return true;
            }
        };
    }
}
