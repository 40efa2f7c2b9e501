package io.mycelium.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * The client side of one system's request-reply: sends a payload to the echo service of the peer process.
 * {@link #call} is called from one driver thread at a time and must not block beyond handing the request
 * over; the future may complete on any thread.
 */
interface RequestReply extends AutoCloseable {

    CompletableFuture<?> call(Payload payload);

    /** Opens a one-way stream of events to the peer's subscriber. */
    EventStream openEvents() throws Exception;

    @Override
    void close() throws Exception;

    /** One emitter; {@link #emit} may block for flow control, {@link #close} waits until all is handed over. */
    interface EventStream extends AutoCloseable {
        void emit(Payload payload) throws Exception;

        @Override
        void close() throws Exception;
    }
}
