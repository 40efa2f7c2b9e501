package io.mycelium.gateway;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.MyceliumException;
import io.mycelium.ServiceNotFoundException;

/**
 * A failure as moleculer-web answers it: the Moleculer error's {@code code} as the HTTP status (500 when it
 * is not an HTTP error status) and the body {@code {name, message, code, type, data}}.
 */
final class HttpFailures {
    private HttpFailures() {}

    /** A status and a body. */
    record Answer(int status, ObjectNode body) {}

    static Answer of(Throwable t) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof MyceliumException m) {
            int status = m.code() >= 400 && m.code() <= 599 ? m.code() : 500;
            ObjectNode body = Json.object();
            body.put("name", m.name());
            body.put("message", m.getMessage());
            body.put("code", m.code());
            body.put("type", m.type());
            body.set("data", m.data());
            return new Answer(status, body);
        }
        ObjectNode body = Json.object();
        body.put("name", "MoleculerServerError");
        body.put("message", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        body.put("code", 500);
        body.put("type", "SERVER_ERROR");
        body.set("data", NullNode.getInstance());
        return new Answer(500, body);
    }

    /** What a call of an action that is not allowed gets: the same 404 as an action that does not exist. */
    static MyceliumException notFound(String action) {
        return new ServiceNotFoundException(action, null);
    }
}
