package io.mycelium.gateway;

import org.jspecify.annotations.Nullable;

/**
 * amqp-swarm's request handler, {@code async (ctx, ...args) => result}: handles one request to a client's
 * node. Several handlers registered under one name run in order on one virtual thread; each sees the
 * previous one's return value as {@link RequestContext#result()}, and the last one's is the answer. May
 * block. A thrown exception answers with an error ({@link RequestContext#fail} chooses its message and
 * data). Must be thread-safe: requests arrive concurrently.
 */
@FunctionalInterface
public interface RequestHandler {

    /** Handles one request; returns any value Jackson can write, or null. */
    @Nullable
    Object handle(RequestContext ctx) throws Exception;
}
