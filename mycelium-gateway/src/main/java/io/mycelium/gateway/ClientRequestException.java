package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.MyceliumException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An amqp-swarm error: a request to or from a client failed. {@link #errorType()} is {@code endpoint} (a
 * handler threw; {@link #swarmData()} is what it passed) or {@code protocol} (the request was not delivered
 * or answered; {@link #errorSubtype()} is {@code timeout} or {@code unhandled}, or empty for other protocol
 * failures such as too many requests in flight).
 *
 * <p>Crosses the mesh as a Moleculer error of type {@code GATEWAY_ENDPOINT}, {@code GATEWAY_TIMEOUT},
 * {@code GATEWAY_UNHANDLED} or {@code GATEWAY_PROTOCOL} whose data is
 * {@code {errorType, errorSubtype, data}}, so a Moleculer caller of {@code $gateway.request} sees it too;
 * {@link #from(Throwable)} turns such an error back into this class. Immutable.
 */
public final class ClientRequestException extends MyceliumException {
    private static final long serialVersionUID = 1L;

    /** The amqp-swarm {@code errorType} of an error thrown by a handler. */
    public static final String ENDPOINT = "endpoint";
    /** The amqp-swarm {@code errorType} of an error of transport. */
    public static final String PROTOCOL = "protocol";
    /** The amqp-swarm {@code errorSubtype} of an unanswered request. */
    public static final String TIMEOUT = "timeout";
    /** The amqp-swarm {@code errorSubtype} of a request nobody handles. */
    public static final String UNHANDLED = "unhandled";

    private final String errorType;
    private final @Nullable String errorSubtype;
    private final transient JsonNode swarmData;

    private ClientRequestException(String message, String errorType, @Nullable String errorSubtype, JsonNode data) {
        super(
                message,
                code(errorType, errorSubtype),
                meshType(errorType, errorSubtype),
                wire(errorType, errorSubtype, data));
        this.errorType = errorType;
        this.errorSubtype = errorSubtype;
        this.swarmData = data;
    }

    /** An error raised by a handler, carrying its data ({@code NullNode} for none). */
    public static ClientRequestException endpoint(String message, JsonNode data) {
        return new ClientRequestException(message, ENDPOINT, null, data);
    }

    /** A transport error: {@code subtype} is {@code timeout}, {@code unhandled} or null. */
    public static ClientRequestException protocol(String message, @Nullable String subtype, JsonNode data) {
        return new ClientRequestException(message, PROTOCOL, subtype, data);
    }

    /** The amqp-swarm {@code unhandled} error for a request name, as amqp-swarm words it. */
    public static ClientRequestException unhandled(String name) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("requestName", name);
        return protocol("No handler found for request '" + name + "'", UNHANDLED, data);
    }

    /** The amqp-swarm timeout error. */
    public static ClientRequestException timeout() {
        return protocol("Request timed out", TIMEOUT, NullNode.getInstance());
    }

    /** An error received from the wire (a client's {@code error} message or a mesh error); never fails. */
    static ClientRequestException of(String message, String errorType, @Nullable String errorSubtype, JsonNode data) {
        String type = ENDPOINT.equals(errorType) ? ENDPOINT : PROTOCOL;
        String sub = ENDPOINT.equals(type) ? null : errorSubtype;
        return new ClientRequestException(message, type, sub, data);
    }

    /**
     * This error if {@code t} is one (directly, or as a mesh error of a {@code GATEWAY_*} type), else empty.
     */
    public static Optional<ClientRequestException> from(Throwable t) {
        Throwable e = Failures.unwrap(t);
        if (e instanceof ClientRequestException c) {
            return Optional.of(c);
        }
        if (e instanceof MyceliumException m
                && m.type().startsWith("GATEWAY_")
                && m.data().has("errorType")) {
            JsonNode d = m.data();
            JsonNode sub = d.path("errorSubtype");
            return Optional.of(of(
                    String.valueOf(m.getMessage()),
                    d.path("errorType").asText(),
                    sub.isTextual() ? sub.asText() : null,
                    d.path("data").isMissingNode() ? NullNode.getInstance() : d.get("data")));
        }
        return Optional.empty();
    }

    /** {@code endpoint} or {@code protocol}. */
    public String errorType() {
        return errorType;
    }

    /** {@code timeout} or {@code unhandled} for protocol errors that have a subtype. */
    public Optional<String> errorSubtype() {
        return Optional.ofNullable(errorSubtype);
    }

    /** The data the handler or the gateway passed with the error. */
    public JsonNode swarmData() {
        return swarmData;
    }

    private static int code(String type, @Nullable String sub) {
        if (ENDPOINT.equals(type)) {
            return 500;
        }
        if (TIMEOUT.equals(sub)) {
            return 504;
        }
        return UNHANDLED.equals(sub) ? 404 : 400;
    }

    private static String meshType(String type, @Nullable String sub) {
        if (ENDPOINT.equals(type)) {
            return "GATEWAY_ENDPOINT";
        }
        if (TIMEOUT.equals(sub)) {
            return "GATEWAY_TIMEOUT";
        }
        return UNHANDLED.equals(sub) ? "GATEWAY_UNHANDLED" : "GATEWAY_PROTOCOL";
    }

    private static JsonNode wire(String type, @Nullable String sub, JsonNode data) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("errorType", type);
        if (sub == null) {
            n.putNull("errorSubtype");
        } else {
            n.put("errorSubtype", sub);
        }
        n.set("data", data);
        return n;
    }
}
