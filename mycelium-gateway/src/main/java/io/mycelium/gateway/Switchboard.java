package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.mycelium.ServiceBroker;
import io.mycelium.SurveyResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each client is, and the way to it. Holds this gateway's sessions and a directory of clients
 * attached to other gateways (fed by the {@code $gateway.attached}/{@code detached} broadcasts, completed
 * by a {@code $gateway.locate} survey on a miss). Enforces "one ID, one client": a newer attachment of an
 * ID, here or on another gateway, closes the older one. Thread-safe.
 */
final class Switchboard {
    private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
    static final String SERVICE = "$gateway";
    private static final Duration LOCATE_DEADLINE = Duration.ofSeconds(2);

    /** Where a client is attached. */
    record Location(String node, long since) {
        boolean newerThan(Location other) {
            return since != other.since ? since > other.since : node.compareTo(other.node) > 0;
        }
    }

    /** The kinds of request a client node receives from the mesh. */
    enum Kind {
        CLIENT,
        SERVER,
        REMOTE;

        static Kind parse(String s) {
            return switch (s) {
                case "server" -> SERVER;
                case "remote", "remote-client" -> REMOTE;
                default -> CLIENT;
            };
        }

        String wire() {
            return switch (this) {
                case CLIENT -> "client";
                case SERVER -> "server";
                case REMOTE -> "remote";
            };
        }
    }

    private final ServiceBroker broker;
    private final GatewayOptions options;
    private final Handlers serverHandlers;
    private final Handlers remoteHandlers;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Location> directory = new ConcurrentHashMap<>();

    Switchboard(ServiceBroker broker, GatewayOptions options, Handlers serverHandlers, Handlers remoteHandlers) {
        this.broker = broker;
        this.options = options;
        this.serverHandlers = serverHandlers;
        this.remoteHandlers = remoteHandlers;
    }

    String self() {
        return broker.nodeId();
    }

    Iterable<ClientSession> sessions() {
        return sessions.values();
    }

    int size() {
        return sessions.size();
    }

    Optional<ClientSession> local(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    List<ClientInfo> localInfo() {
        List<ClientInfo> out = new ArrayList<>();
        for (ClientSession s : sessions.values()) {
            out.add(s.info(self()));
        }
        return out;
    }

    /** A new connection is this ID's client now; the previous one, if any, is told to close. */
    void attach(ClientSession session) {
        ClientSession old = sessions.put(session.id(), session);
        if (old != null && old != session) {
            LOG.info("Client {} reconnected; closing its previous connection {}", session.id(), old);
            old.closeByServer();
        }
        long since = session.since().toEpochMilli();
        directory.put(session.id(), new Location(self(), since));
        announce("attached", session.id(), since);
    }

    /** The connection closed; forget it unless a newer one already replaced it. */
    void detach(ClientSession session) {
        session.closed();
        if (sessions.remove(session.id(), session)) {
            directory.remove(session.id(), new Location(self(), session.since().toEpochMilli()));
            announce("detached", session.id(), session.since().toEpochMilli());
        }
    }

    private void announce(String what, String client, long since) {
        if (!broker.running()) {
            return;
        }
        ObjectNode data =
                Json.object().put("client", client).put("node", self()).put("since", since);
        broker.broadcast(SERVICE + "." + what, data).exceptionally(e -> {
            LOG.debug("Cannot announce {} {}: {}", what, client, e.toString());
            return null;
        });
    }

    /** Another gateway attached a client: remember where, and close ours if it is older. */
    void attachedElsewhere(JsonNode data) {
        String client = data.path("client").asText("");
        Location there =
                new Location(data.path("node").asText(""), data.path("since").asLong());
        if (client.isEmpty() || there.node().equals(self())) {
            return;
        }
        directory.merge(client, there, (a, b) -> b.newerThan(a) ? b : a);
        ClientSession mine = sessions.get(client);
        if (mine != null && there.newerThan(new Location(self(), mine.since().toEpochMilli()))) {
            if (sessions.remove(client, mine)) {
                LOG.info("Client {} attached to {}; closing its connection here", client, there.node());
                mine.closeByServer();
            }
        }
    }

    void detachedElsewhere(JsonNode data) {
        String client = data.path("client").asText("");
        Location there =
                new Location(data.path("node").asText(""), data.path("since").asLong());
        if (!there.node().equals(self())) {
            directory.remove(client, there);
        }
    }

    /** {@code $gateway.locate}'s answer here: the attachment time, or null when not attached here. */
    @Nullable
    JsonNode locateHere(String client) {
        ClientSession s = sessions.get(client);
        return s == null
                ? null
                : Json.object().put("node", self()).put("since", s.since().toEpochMilli());
    }

    /**
     * Delivers a request to client {@code id}'s node wherever it is attached. {@code forwarded} is true on
     * the gateway a request was forwarded to: it never forwards again.
     */
    CompletableFuture<JsonNode> deliver(
            Kind kind,
            String id,
            String name,
            ArrayNode args,
            @Nullable String sender,
            Duration timeout,
            boolean forwarded) {
        ClientSession s = sessions.get(id);
        if (s != null) {
            return deliverHere(kind, s, name, args, sender, timeout);
        }
        if (forwarded) {
            return CompletableFuture.failedFuture(notAttached(id));
        }
        Location known = directory.get(id);
        if (known != null && !known.node().equals(self())) {
            return forward(known.node(), kind, id, name, args, sender, timeout).exceptionallyCompose(e -> {
                if (ClientRequestException.from(e).isPresent()) {
                    return CompletableFuture.failedFuture(Failures.unwrap(e));
                }
                // the directory was stale (that gateway left): look again once
                directory.remove(id, known);
                return locateAndForward(kind, id, name, args, sender, timeout);
            });
        }
        return locateAndForward(kind, id, name, args, sender, timeout);
    }

    private CompletableFuture<JsonNode> locateAndForward(
            Kind kind, String id, String name, ArrayNode args, @Nullable String sender, Duration timeout) {
        return locate(id)
                .thenCompose(where -> where.isEmpty()
                        ? CompletableFuture.failedFuture(notAttached(id))
                        : forward(where.get().node(), kind, id, name, args, sender, timeout));
    }

    private CompletableFuture<Optional<Location>> locate(String id) {
        return broker.survey(SERVICE + ".locate", Json.object().put("client", id), LOCATE_DEADLINE)
                .handle((SurveyResult r, @Nullable Throwable e) -> {
                    if (e != null) {
                        return Optional.<Location>empty();
                    }
                    Location best = null;
                    for (JsonNode a : r.answers().values()) {
                        if (a.hasNonNull("node") && !a.path("node").asText().equals(self())) {
                            Location l = new Location(
                                    a.path("node").asText(), a.path("since").asLong());
                            if (best == null || l.newerThan(best)) {
                                best = l;
                            }
                        }
                    }
                    if (best != null) {
                        directory.put(id, best);
                    }
                    return Optional.ofNullable(best);
                });
    }

    private CompletableFuture<JsonNode> forward(
            String node, Kind kind, String id, String name, ArrayNode args, @Nullable String sender, Duration timeout) {
        ObjectNode p = Json.object().put("client", id).put("name", name).put("kind", kind.wire());
        p.set("args", args);
        p.put("timeout", timeout.toMillis()).put("forwarded", true);
        if (sender != null) {
            p.put("sender", sender);
        }
        CallOptions call = CallOptions.builder()
                .nodeId(node)
                .timeout(timeout.plusSeconds(1))
                .retries(0)
                .build();
        return broker.call(SERVICE + ".request", p, call);
    }

    private CompletableFuture<JsonNode> deliverHere(
            Kind kind, ClientSession s, String name, ArrayNode args, @Nullable String sender, Duration timeout) {
        ClientNode node = node(s.id());
        return switch (kind) {
            case CLIENT -> s.request(name, args, timeout);
            case SERVER -> {
                if (!serverHandlers.has(name)) {
                    yield CompletableFuture.failedFuture(ClientRequestException.unhandled(name));
                }
                yield serverHandlers
                        .run(Handlers.Ctx.of(node, name, args, sender))
                        .thenApply(c -> c.result);
            }
            case REMOTE ->
                remoteHandlers
                        .run(new Handlers.Ctx(node, name, args, sender, args))
                        .thenCompose(c -> c.pass()
                                ? s.request(name, asArgs(c.result), timeout)
                                : CompletableFuture.completedFuture(c.result));
        };
    }

    private static ArrayNode asArgs(JsonNode result) {
        if (result instanceof ArrayNode a) {
            return a;
        }
        ArrayNode a = Json.array();
        a.add(result);
        return a;
    }

    private static ClientRequestException notAttached(String id) {
        return ClientRequestException.protocol(
                "Client '" + id + "' is not attached",
                ClientRequestException.UNHANDLED,
                Json.object().put("client", id));
    }

    static ObjectNode infoJson(ClientInfo c) {
        return Json.object()
                .put("id", c.id())
                .put("gateway", c.gateway())
                .put("since", c.since().toString())
                .put("remoteAddress", c.remoteAddress());
    }

    /** The node of client {@code id}, wherever it is. */
    ClientNode node(String id) {
        return new ClientRef(this, id);
    }

    Duration requestTimeout() {
        return options.requestTimeout();
    }
}
