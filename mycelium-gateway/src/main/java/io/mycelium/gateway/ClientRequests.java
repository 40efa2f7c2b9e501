package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.mycelium.EmitOptions;
import io.mycelium.ServiceBroker;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a client's {@code request}, in this order: the gateway's own requests ({@code $gateway.subscribe},
 * {@code unsubscribe}, {@code emit}, and {@code request} when client-to-client requests are on), then the
 * {@link Gateway#onClient} handlers of that name, then an allowed action of that name called with
 * {@code args[0]} as params. Anything else is {@code protocol}/{@code unhandled}, the same answer whether the
 * name exists or is only not allowed. Thread-safe.
 */
final class ClientRequests {
    private static final String SUBSCRIBE = "$gateway.subscribe";
    private static final String UNSUBSCRIBE = "$gateway.unsubscribe";
    private static final String EMIT = "$gateway.emit";
    private static final String REQUEST = "$gateway.request";

    private final ServiceBroker broker;
    private final GatewayOptions options;
    private final Switchboard board;
    private final Handlers clientHandlers;
    private final Patterns allowedActions;
    private final Patterns allowedEmits;
    private final CallOptions callOptions;

    ClientRequests(ServiceBroker broker, GatewayOptions options, Switchboard board, Handlers clientHandlers) {
        this.broker = broker;
        this.options = options;
        this.board = board;
        this.clientHandlers = clientHandlers;
        this.allowedActions = Patterns.of(options.allowedActions());
        this.allowedEmits = Patterns.of(options.allowedEmits());
        this.callOptions =
                CallOptions.builder().timeout(options.requestTimeout()).build();
    }

    /** The answer to one request; fails with a {@link ClientRequestException}. */
    CompletableFuture<JsonNode> handle(ClientSession session, String name, ArrayNode args) {
        try {
            return switch (name) {
                case SUBSCRIBE -> CompletableFuture.completedFuture(subscribe(session, args));
                case UNSUBSCRIBE -> CompletableFuture.completedFuture(unsubscribe(session, args));
                case EMIT -> emit(args);
                case REQUEST -> clientToClient(session, args);
                default -> route(session, name, args);
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Failures.of(e));
        }
    }

    private CompletableFuture<JsonNode> route(ClientSession session, String name, ArrayNode args) {
        if (clientHandlers.has(name)) {
            return clientHandlers
                    .run(Handlers.Ctx.of(board.node(session.id()), name, args, null))
                    .thenApply(c -> c.result);
        }
        // the gateway's own mesh actions are never a client's to call, whatever the patterns say
        if (name.startsWith("$gateway.") || !allowedActions.matches(name)) {
            return CompletableFuture.failedFuture(ClientRequestException.unhandled(name));
        }
        JsonNode first = args.path(0);
        JsonNode params = first.isMissingNode() || first.isNull() ? Json.object() : first;
        return broker.call(name, params, callOptions)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(Failures.ofCall(name, e)));
    }

    private JsonNode subscribe(ClientSession session, ArrayNode args) {
        for (JsonNode p : args) {
            if (!p.isTextual() || p.asText().isEmpty()) {
                throw ClientRequestException.protocol(
                        "$gateway.subscribe takes event name patterns (strings)", null, NullNode.getInstance());
            }
            if (!session.subscribe(p.asText())) {
                throw ClientRequestException.protocol(
                        "Too many subscriptions (at most " + ClientSession.MAX_SUBSCRIPTIONS + ")",
                        null,
                        NullNode.getInstance());
            }
        }
        return subscriptions(session);
    }

    private JsonNode unsubscribe(ClientSession session, ArrayNode args) {
        if (args.isEmpty()) {
            session.unsubscribeAll();
        }
        args.forEach(p -> session.unsubscribe(p.asText()));
        return subscriptions(session);
    }

    private static ArrayNode subscriptions(ClientSession session) {
        ArrayNode out = Json.array();
        session.subscriptions().forEach(out::add);
        return out;
    }

    private CompletableFuture<JsonNode> emit(ArrayNode args) {
        String event = args.path(0).asText("");
        if (event.isEmpty() || !allowedEmits.matches(event)) {
            return CompletableFuture.failedFuture(ClientRequestException.unhandled(EMIT));
        }
        JsonNode data = args.path(1).isMissingNode() ? NullNode.getInstance() : args.get(1);
        boolean broadcast = args.path(2).path("broadcast").asBoolean(false);
        CompletableFuture<Void> sent = broadcast
                ? broker.broadcast(event, data, EmitOptions.none())
                : broker.emit(event, data, EmitOptions.none());
        return sent.<JsonNode>thenApply(v -> NullNode.getInstance())
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(Failures.of(e)));
    }

    private CompletableFuture<JsonNode> clientToClient(ClientSession session, ArrayNode args) {
        String to = args.path(0).asText("");
        String name = args.path(1).asText("");
        if (!options.clientToClient() || to.isEmpty() || name.isEmpty()) {
            return CompletableFuture.failedFuture(ClientRequestException.unhandled(REQUEST));
        }
        ArrayNode rest = Json.array();
        for (int i = 2; i < args.size(); i++) {
            rest.add(args.get(i));
        }
        return board.deliver(Switchboard.Kind.REMOTE, to, name, rest, session.id(), options.requestTimeout(), false);
    }

    static ObjectNode response(JsonNode correlationId, JsonNode result) {
        ObjectNode m = Json.object().put("type", "response");
        m.set("correlationId", correlationId);
        m.set("result", result);
        return m;
    }

    static ObjectNode error(JsonNode correlationId, ClientRequestException e) {
        ObjectNode m = Json.object().put("type", "error");
        m.set("correlationId", correlationId);
        m.put("errorType", e.errorType());
        if (e.errorSubtype().isPresent()) {
            m.put("errorSubtype", e.errorSubtype().get());
        } else {
            m.putNull("errorSubtype");
        }
        m.put("message", String.valueOf(e.getMessage()));
        m.set("data", e.swarmData());
        return m;
    }
}
