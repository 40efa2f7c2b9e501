package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * amqp-swarm's {@code ctx}: what one request's handlers share. Belongs to one request; its handlers run one
 * after another on one thread, so it needs no synchronisation.
 */
public interface RequestContext {

    /** The node (client ID) the request is addressed to. */
    ClientNode node();

    /** The request's name. */
    String name();

    /** The request's arguments, as sent. */
    ArrayNode args();

    /**
     * The previous handler's result ({@code NullNode} before the first); on a remote-client request it starts
     * as the arguments, and the last handler's result is what the client receives when {@link #pass()}.
     */
    JsonNode result();

    /** The node (client ID) that sent a server or remote-client request; empty on a client request. */
    Optional<String> sender();

    /** On a remote-client request: whether the result goes on to the client as its args (default true). */
    boolean pass();

    /** On a remote-client request: false answers the sender with the result directly. */
    void pass(boolean pass);

    /** amqp-swarm's {@code ctx.throw(message, data)}: throws an {@code endpoint} error with this data. */
    default RuntimeException fail(String message, @Nullable Object data) {
        throw ClientRequestException.endpoint(message, Json.tree(data));
    }
}
