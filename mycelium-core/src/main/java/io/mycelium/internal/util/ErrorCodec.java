package io.mycelium.internal.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.BrokerDisconnectedException;
import io.mycelium.ClientException;
import io.mycelium.ErrorDetails;
import io.mycelium.GracefulStopTimeoutException;
import io.mycelium.InvalidPacketDataException;
import io.mycelium.MaxCallLevelException;
import io.mycelium.MyceliumException;
import io.mycelium.ProtocolVersionMismatchException;
import io.mycelium.QueueIsFullException;
import io.mycelium.RequestRejectedException;
import io.mycelium.RequestSkippedException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.RetryableException;
import io.mycelium.ServerException;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.ServiceNotFoundException;
import io.mycelium.ValidationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Errors to and from Moleculer's wire shape {@code {name, message, nodeID, code, type, retryable, stack, data}}. */
public final class ErrorCodec {
    private static final Map<String, Function<ErrorDetails, MyceliumException>> BY_NAME = Map.ofEntries(
            Map.entry("MoleculerError", MyceliumException::new),
            Map.entry("MoleculerRetryableError", RetryableException::new),
            Map.entry("MoleculerServerError", ServerException::new),
            Map.entry("MoleculerClientError", ClientException::new),
            Map.entry("ValidationError", ValidationException::new),
            Map.entry("ServiceNotFoundError", ServiceNotFoundException::new),
            Map.entry("ServiceNotAvailableError", ServiceNotAvailableException::new),
            Map.entry("RequestTimeoutError", RequestTimeoutException::new),
            Map.entry("RequestSkippedError", RequestSkippedException::new),
            Map.entry("RequestRejectedError", RequestRejectedException::new),
            Map.entry("QueueIsFullError", QueueIsFullException::new),
            Map.entry("MaxCallLevelError", MaxCallLevelException::new),
            Map.entry("GracefulStopTimeoutError", GracefulStopTimeoutException::new),
            Map.entry("ProtocolVersionMismatchError", ProtocolVersionMismatchException::new),
            Map.entry("InvalidPacketDataError", InvalidPacketDataException::new),
            Map.entry("BrokerDisconnectedError", BrokerDisconnectedException::new),
            Map.entry("StreamOverflowError", io.mycelium.StreamOverflowException::new),
            Map.entry("StreamIdleTimeoutError", io.mycelium.StreamIdleTimeoutException::new),
            Map.entry("StreamCancelledError", io.mycelium.StreamCancelledException::new));

    private ErrorCodec() {}

    /** Strips the wrappers futures and reflection put around the real error. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException
                        || cur instanceof ExecutionException
                        || cur instanceof InvocationTargetException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** The wire form of any throwable; {@code localNodeId} is used when the error names no node. */
    public static ObjectNode toWire(Throwable error, String localNodeId) {
        Throwable t = unwrap(error);
        ObjectNode node = Json.object();
        if (t instanceof MyceliumException e) {
            node.put("name", e.name());
            node.put("message", String.valueOf(e.getMessage()));
            node.put("nodeID", e.nodeId().orElse(localNodeId));
            node.put("code", e.code());
            if (e.type().isEmpty()) {
                node.putNull("type");
            } else {
                node.put("type", e.type());
            }
            node.put("retryable", e.retryable());
            node.put("stack", e.remoteStack().orElseGet(() -> stack(e)));
            node.set("data", e.data());
        } else {
            node.put("name", t.getClass().getSimpleName());
            node.put("message", t.getMessage() == null ? t.getClass().getName() : t.getMessage());
            node.put("nodeID", localNodeId);
            node.put("code", 500);
            node.putNull("type");
            node.put("retryable", false);
            node.put("stack", stack(t));
            node.putNull("data");
        }
        return node;
    }

    /** The typed exception for a wire error sent by {@code sender}. */
    public static MyceliumException fromWire(JsonNode error, String sender) {
        if (!error.isObject()) {
            return new MyceliumException(
                    "Remote node " + sender + " sent an error of an unknown shape: " + error, 500, "", error);
        }
        String name = text(error, "name").orElse("MoleculerError");
        ErrorDetails details = new ErrorDetails(
                name,
                text(error, "message").orElse(""),
                error.path("code").canConvertToInt() ? error.path("code").asInt(500) : 500,
                text(error, "type").orElse(""),
                error.hasNonNull("data") ? error.get("data") : NullNode.getInstance(),
                error.path("retryable").asBoolean(false),
                Optional.of(text(error, "nodeID").orElse(sender)),
                text(error, "stack"));
        return BY_NAME.getOrDefault(name, MyceliumException::new).apply(details);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String stack(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
