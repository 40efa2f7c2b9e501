package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.Context;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code $gateway} service every gateway registers: the mesh's way to its clients.
 * <ul>
 *   <li>{@code request {client, name, args, timeout}}: a request to a client (any node may call it; it is
 *       forwarded to the gateway holding the client);</li>
 *   <li>{@code clients}: every attached client in the mesh; {@code attached}: this gateway's;</li>
 *   <li>{@code locate {client}}: where a client is (surveyed by gateways on a directory miss);</li>
 *   <li>events {@code $gateway.attached}/{@code detached} between gateways, and one handler per allowed
 *       event pattern pushing events to subscribed clients.</li>
 * </ul>
 */
final class GatewayService {
    private GatewayService() {}

    static Service create(ServiceBroker broker, Switchboard board, Patterns allowedEvents, MeshView mesh) {
        Service.Builder s = Service.named(Switchboard.SERVICE)
                .action("request", ctx -> request(board, ctx))
                .action("attached", ctx -> attached(board))
                .action("clients", ctx -> clients(broker))
                .action(
                        "locate",
                        ctx -> board.locateHere(ctx.params().path("client").asText("")))
                .event(Switchboard.SERVICE + ".attached", ctx -> board.attachedElsewhere(ctx.data()))
                .event(Switchboard.SERVICE + ".detached", ctx -> board.detachedElsewhere(ctx.data()))
                .event("$node.connected", ctx -> mesh.changed())
                .event("$node.disconnected", ctx -> mesh.changed())
                .event("$services.changed", ctx -> mesh.changed());
        // one group per gateway: a balanced event reaches every gateway, each pushing it to its own clients
        String group = Switchboard.SERVICE + "@" + broker.nodeId();
        List<String> patterns = allowedEvents.sources();
        for (int i = 0; i < patterns.size(); i++) {
            int index = i;
            s.event(patterns.get(i), group, ctx -> push(board, allowedEvents, index, ctx));
        }
        return s.build();
    }

    private static CompletableFuture<JsonNode> request(Switchboard board, Context ctx) {
        JsonNode p = ctx.params();
        String client = p.path("client").asText("");
        String name = p.path("name").asText("");
        if (client.isEmpty() || name.isEmpty()) {
            throw new ValidationException(
                    "$gateway.request needs {client, name, args?, timeout?}", NullNode.getInstance());
        }
        JsonNode args = p.path("args");
        ArrayNode list;
        if (args instanceof ArrayNode a) {
            list = a;
        } else {
            list = Json.array();
            if (!args.isMissingNode() && !args.isNull()) {
                list.add(args);
            }
        }
        long ms = p.path("timeout").asLong(0);
        Duration timeout = ms > 0 ? Duration.ofMillis(ms) : board.requestTimeout();
        String sender = p.hasNonNull("sender") ? p.get("sender").asText() : null;
        return board.deliver(
                Switchboard.Kind.parse(p.path("kind").asText("client")),
                client,
                name,
                list,
                sender,
                timeout,
                p.path("forwarded").asBoolean(false));
    }

    private static ArrayNode attached(Switchboard board) {
        ArrayNode out = Json.array();
        board.localInfo().forEach(c -> out.add(Switchboard.infoJson(c)));
        return out;
    }

    private static CompletableFuture<ArrayNode> clients(ServiceBroker broker) {
        return broker.survey(Switchboard.SERVICE + ".attached", null, Duration.ofSeconds(2))
                .thenApply(r -> {
                    ArrayNode out = Json.array();
                    r.answers().values().forEach(list -> list.forEach(out::add));
                    return out;
                });
    }

    private static void push(Switchboard board, Patterns allowed, int index, Context ctx) {
        String event = ctx.eventName().orElse("");
        if (event.startsWith(Switchboard.SERVICE + ".") || allowed.firstMatch(event) != index) {
            return; // internal, or another handler of this service delivers it (overlapping patterns)
        }
        ObjectNode m = Json.object().put("type", "x-event").put("name", event);
        m.set("data", ctx.data());
        m.put("sender", ctx.nodeId());
        String json = null;
        for (ClientSession s : board.sessions()) {
            if (s.subscribedTo(event)) {
                if (json == null) {
                    json = Json.write(m);
                }
                s.send(json);
            }
        }
    }
}
