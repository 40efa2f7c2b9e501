package io.mycelium.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.MyceliumException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.ServiceNotFoundException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps any failure onto the amqp-swarm error a client or a mesh caller receives. */
final class Failures {
    private Failures() {}

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * The amqp-swarm error for a failed call of {@code action} on behalf of a client: the action missing
     * is {@code unhandled} (as a name not allowed, so a client cannot probe), a mesh timeout is
     * {@code timeout}, a handler's Moleculer error is {@code endpoint} with {@code {name, code, type, data}}.
     */
    static ClientRequestException ofCall(String action, Throwable t) {
        Throwable e = unwrap(t);
        var own = ClientRequestException.from(e);
        if (own.isPresent()) {
            return own.get();
        }
        if (e instanceof ServiceNotFoundException s
                && action.equals(s.data().path("action").asText())) {
            return ClientRequestException.unhandled(action);
        }
        if (e instanceof RequestTimeoutException) {
            return ClientRequestException.timeout();
        }
        return of(e);
    }

    /** The amqp-swarm error for a handler's failure. */
    static ClientRequestException of(Throwable t) {
        Throwable e = unwrap(t);
        var own = ClientRequestException.from(e);
        if (own.isPresent()) {
            return own.get();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof MyceliumException m) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("name", m.name()).put("code", m.code()).put("type", m.type());
            data.set("data", m.data());
            return ClientRequestException.endpoint(message, data);
        }
        return ClientRequestException.endpoint(message, NullNode.getInstance());
    }
}
