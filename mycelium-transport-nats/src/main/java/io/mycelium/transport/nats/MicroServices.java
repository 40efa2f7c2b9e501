package io.mycelium.transport.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.spi.TransportContext;
import io.mycelium.stats.ActionStatistics;
import io.mycelium.stats.BrokerStatistics;
import io.mycelium.stats.CallSide;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.NUID;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the NATS micro-service discovery protocol for this node's services, so that NATS tooling
 * ({@code nats micro ls}, jnats' {@code io.nats.service.Discovery}, the Go and JS {@code micro} clients)
 * lists them: {@code $SRV.PING|INFO|STATS}, each also as {@code .<name>} and {@code .<name>.<id>}, answered
 * with {@code io.nats.micro.v1.ping_response}, {@code info_response} and {@code stats_response}.
 *
 * <p>Each local service (those named with a leading {@code $}, such as {@code $node}, excepted) is one
 * micro service: its name (characters NATS refuses become {@code _}), its version as semver, and an id
 * drawn when the service first shows in this node's INFO, drawn anew after it stopped and came back. Its
 * endpoints are its actions, each with the balanced request subject {@code MOL[-ns].REQB.<action>} and
 * the action's queue group; their figures come from the broker's statistics (handled side). The answer is
 * built from the current INFO on every request, so started, stopped and disabled services show at once.
 *
 * <p>Requests arrive on a dispatcher of their own: building a stats answer never delays Mycelium's
 * packets. A request without a reply subject, with more subject tokens than the protocol has, or naming
 * a service that is not here gets no answer; its payload is never read.
 */
final class MicroServices {
    private static final Logger LOG = LoggerFactory.getLogger(MicroServices.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "$SRV";
    static final String PING_TYPE = "io.nats.micro.v1.ping_response";
    static final String INFO_TYPE = "io.nats.micro.v1.info_response";
    static final String STATS_TYPE = "io.nats.micro.v1.stats_response";
    private static final Pattern INVALID_NAME = Pattern.compile("[^A-Za-z0-9_-]");
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                    + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    private final TransportContext ctx;
    private final Topics topics;
    /** Service full name to its current instance; only the dispatcher thread and INFO sends touch it. */
    private final Map<String, Instance> instances = new HashMap<>();

    private record Instance(String id, Instant started) {}

    /** One local service as NATS sees it. */
    private record Described(
            String fullName, String name, String version, String rawVersion, Instance instance, JsonNode service) {}

    MicroServices(TransportContext ctx, Topics topics) {
        this.ctx = ctx;
        this.topics = topics;
    }

    /** Subscribes the discovery subjects on a dispatcher of their own; jnats re-subscribes after reconnects. */
    Dispatcher subscribe(Connection c) {
        Dispatcher d = c.createDispatcher(msg -> answer(c, msg));
        for (String verb : List.of("PING", "INFO", "STATS")) {
            d.subscribe(PREFIX + '.' + verb);
            d.subscribe(PREFIX + '.' + verb + ".>");
        }
        return d;
    }

    private void answer(Connection c, Message msg) {
        String replyTo = msg.getReplyTo();
        if (replyTo == null || replyTo.isEmpty()) {
            return;
        }
        try {
            String[] tokens = msg.getSubject().split("\\.", -1);
            if (tokens.length < 2 || tokens.length > 4) {
                return;
            }
            String verb = tokens[1];
            @Nullable String name = tokens.length > 2 ? tokens[2] : null;
            @Nullable String id = tokens.length > 3 ? tokens[3] : null;
            List<Described> services = describe();
            @Nullable BrokerStatistics stats = null;
            for (Described s : services) {
                if ((name != null && !name.equals(s.name()))
                        || (id != null && !id.equals(s.instance().id()))) {
                    continue;
                }
                ObjectNode response =
                        switch (verb) {
                            case "PING" -> base(s, PING_TYPE);
                            case "INFO" -> info(s);
                            case "STATS" -> {
                                if (stats == null) {
                                    stats = ctx.statistics().orElse(null);
                                }
                                yield stats(s, stats);
                            }
                            default -> null;
                        };
                if (response == null) {
                    return;
                }
                c.publish(replyTo, JSON.writeValueAsBytes(response));
            }
        } catch (Exception e) { // a bad request or a too large answer must not end the dispatcher
            LOG.debug("{} did not answer {}: {}", ctx.nodeId(), msg.getSubject(), e.toString());
        }
    }

    /** Draws ids for services that appeared and forgets the ones that left; called on every INFO sent. */
    synchronized void refresh() {
        describe();
    }

    private synchronized List<Described> describe() {
        List<Described> out = new ArrayList<>();
        Map<String, JsonNode> current = new LinkedHashMap<>();
        for (JsonNode service : ctx.localInfo().services()) {
            String name = service.path("name").asText("");
            if (name.isEmpty() || name.startsWith("$")) {
                continue;
            }
            String fullName = service.path("fullName").asText(name);
            current.put(fullName, service);
        }
        instances.keySet().retainAll(current.keySet());
        current.forEach((fullName, service) -> {
            Instance instance =
                    instances.computeIfAbsent(fullName, k -> new Instance(NUID.nextGlobal(), Instant.now()));
            JsonNode version = service.path("version");
            String raw = version.isMissingNode() || version.isNull() ? "" : version.asText("");
            out.add(new Described(
                    fullName, natsName(service.path("name").asText()), semver(raw), raw, instance, service));
        });
        return out;
    }

    /** The fields every response has: {@code name}, {@code id}, {@code version}, {@code metadata}, {@code type}. */
    private ObjectNode base(Described s, String type) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", s.name());
        o.put("id", s.instance().id());
        o.put("version", s.version());
        ObjectNode meta = o.putObject("metadata");
        meta.put("mycelium.service", s.fullName());
        meta.put("mycelium.node", ctx.nodeId());
        meta.put("mycelium.namespace", ctx.namespace());
        if (!s.rawVersion().isEmpty()) {
            meta.put("mycelium.version", s.rawVersion());
        }
        o.put("type", type);
        return o;
    }

    private ObjectNode info(Described s) {
        ObjectNode o = base(s, INFO_TYPE);
        o.put("description", "Mycelium service " + s.fullName() + " on node " + ctx.nodeId());
        ArrayNode endpoints = o.putArray("endpoints");
        for (String action : actions(s)) {
            ObjectNode e = endpoints.addObject();
            e.put("name", endpointName(s, action));
            e.put("subject", topics.balancedRequest(action));
            e.put("queue_group", action);
            e.putObject("metadata").put("mycelium.action", action);
        }
        return o;
    }

    private ObjectNode stats(Described s, @Nullable BrokerStatistics stats) {
        ObjectNode o = base(s, STATS_TYPE);
        String started = RFC3339.format(s.instance().started());
        ArrayNode endpoints = o.putArray("endpoints");
        for (String action : actions(s)) {
            Optional<ActionStatistics> a = stats == null ? Optional.empty() : stats.action(action, CallSide.HANDLED);
            long calls = a.map(ActionStatistics::calls).orElse(0L);
            long total = a.map(ActionStatistics::totalTime).orElse(0L);
            ObjectNode e = endpoints.addObject();
            e.put("name", endpointName(s, action));
            e.put("subject", topics.balancedRequest(action));
            e.put("queue_group", action);
            e.put("num_requests", calls);
            e.put("num_errors", a.map(ActionStatistics::errors).orElse(0L));
            e.put("processing_time", total);
            e.put("average_processing_time", calls == 0 ? 0 : total / calls);
            e.put("last_error", a.map(ActionStatistics::lastError).orElse(""));
            e.put("started", started);
        }
        o.put("started", started);
        return o;
    }

    private static List<String> actions(Described s) {
        List<String> actions = new ArrayList<>();
        s.service().path("actions").fieldNames().forEachRemaining(actions::add);
        return actions;
    }

    /** The action's name within its service ({@code add} of {@code v2.math.add}), as a NATS name. */
    private static String endpointName(Described s, String action) {
        String prefix = s.fullName() + '.';
        return natsName(action.startsWith(prefix) ? action.substring(prefix.length()) : action);
    }

    /** NATS names allow letters, digits, {@code _} and {@code -}; anything else becomes {@code _}. */
    static String natsName(String name) {
        String n = INVALID_NAME.matcher(name).replaceAll("_");
        return n.isEmpty() ? "_" : n;
    }

    /**
     * Moleculer versions are numbers ({@code 2}) or free text ({@code "v2"}, {@code "1.4"}); NATS wants
     * semver. A number {@code n} (with or without a leading {@code v}) is {@code n.0.0}, {@code a.b} is
     * {@code a.b.0}, semver stays; anything else, or none, is {@code 0.0.0} (the raw text goes to the
     * metadata).
     */
    static String semver(String raw) {
        String v = raw.startsWith("v") || raw.startsWith("V") ? raw.substring(1) : raw;
        if (SEMVER.matcher(v).matches()) {
            return v;
        }
        if (v.matches("0|[1-9]\\d{0,17}")) {
            return v + ".0.0";
        }
        if (v.matches("(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})")) {
            return v + ".0";
        }
        return "0.0.0";
    }
}
