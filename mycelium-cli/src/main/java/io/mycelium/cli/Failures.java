package io.mycelium.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.BrokerDisconnectedException;
import io.mycelium.DuplicateNodeIdException;
import io.mycelium.MyceliumException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.ServiceNotAvailableException;
import io.mycelium.ServiceNotFoundException;
import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * Turns a command's failure into one line of JSON on stderr ({@code name, message, code, type, data,
 * nodeID}) and its exit code.
 */
final class Failures {

    private Failures() {}

    /** Prints {@code failure} on {@code err} and returns the exit code it maps to. */
    static int report(Throwable failure, PrintWriter err) {
        Throwable e = unwrap(failure);
        err.println(Json.compact(json(e)));
        err.flush();
        return exitCode(e);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static int exitCode(Throwable e) {
        return switch (e) {
            case UsageException u -> ExitCodes.USAGE;
            case CommandLine.ParameterException p -> ExitCodes.USAGE;
            case NotFoundException n -> ExitCodes.NOT_FOUND;
            case UnreachableException u -> ExitCodes.UNREACHABLE;
            case ServiceNotFoundException s -> ExitCodes.NOT_FOUND;
            case ServiceNotAvailableException s -> ExitCodes.NOT_FOUND;
            case RequestTimeoutException t -> ExitCodes.TIMEOUT;
            case BrokerDisconnectedException b -> ExitCodes.UNREACHABLE;
            case DuplicateNodeIdException d -> ExitCodes.FAILURE;
            case MyceliumException m -> ExitCodes.REMOTE_ERROR;
            default -> ExitCodes.FAILURE;
        };
    }

    /** The error as Moleculer shapes it on the wire, plus the CLI's own kinds. */
    static ObjectNode json(Throwable e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (e instanceof MyceliumException m) {
            o.put("name", m.name());
            o.put("message", m.getMessage());
            o.put("code", m.code());
            o.put("type", m.type());
            o.set("data", m.data());
            o.put("retryable", m.retryable());
            m.nodeId().ifPresentOrElse(id -> o.put("nodeID", id), () -> o.putNull("nodeID"));
            return o;
        }
        String name =
                switch (e) {
                    case UsageException u -> "UsageError";
                    case CommandLine.ParameterException p -> "UsageError";
                    case NotFoundException n -> "NotFoundError";
                    case UnreachableException u -> "TransporterUnreachableError";
                    default -> e.getClass().getSimpleName();
                };
        o.put("name", name);
        o.put("message", e.getMessage() == null ? e.toString() : e.getMessage());
        return o;
    }
}
