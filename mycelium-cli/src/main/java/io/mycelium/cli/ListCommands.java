package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nodes}, {@code services}, {@code actions}, {@code events}: what the mesh holds, read from the
 * local registry after discovery settles, as a table or as JSON (Moleculer's {@code $node.*} shapes).
 */
final class ListCommands {

    private ListCommands() {}

    /** What the four listings share: options, discovery and output. */
    abstract static class Listing implements Callable<Integer> {

        @ParentCommand
        @Nullable
        MyceliumCommand root;

        @Option(names = "--json", description = "Print JSON (Moleculer's $node shapes) instead of a table")
        boolean json;

        @Option(names = "--all", description = "Include this command's own transient node")
        boolean all;

        @Override
        public Integer call() {
            MyceliumCommand root = Commands.root(this.root);
            Terminal term = root.terminal();
            try (Session session = Session.open(root, "cli-", b -> {})) {
                if (session.settle().isEmpty() && !all) {
                    term.err()
                            .println("no other node found on " + root.transporter
                                    + (root.namespace.isEmpty() ? "" : " (namespace " + root.namespace + ")")
                                    + " within " + session.discoveryTimeout().toMillis() + " ms");
                    term.err().flush();
                }
                List<JsonNode> entries = new ArrayList<>();
                for (JsonNode entry : fetch(session)) {
                    JsonNode kept = all ? entry : withoutSelf(entry, session.nodeId());
                    if (!kept.isMissingNode()) {
                        entries.add(kept);
                    }
                }
                if (json) {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    entries.forEach(array::add);
                    term.out().println(Json.pretty(array));
                } else {
                    table(entries, session.nodeId()).print(term.out());
                }
                term.out().flush();
                return ExitCodes.OK;
            }
        }

        abstract List<JsonNode> fetch(Session session);

        /** The entry without this node, or a missing node when nothing else is left of it. */
        abstract JsonNode withoutSelf(JsonNode entry, String self);

        abstract Table table(List<JsonNode> entries, String self);
    }

    @Command(name = "nodes", description = "Lists the nodes of the mesh.")
    static final class Nodes extends Listing {
        @Override
        List<JsonNode> fetch(Session session) {
            return session.nodes();
        }

        @Override
        JsonNode withoutSelf(JsonNode entry, String self) {
            return entry.path("id").asText().equals(self) ? JsonNodeFactory.instance.missingNode() : entry;
        }

        @Override
        Table table(List<JsonNode> entries, String self) {
            Table t = Table.of("NODE ID", "AVAILABLE", "CLIENT", "HOSTNAME", "IP", "CPU");
            for (JsonNode n : entries) {
                JsonNode client = n.path("client");
                t.row(
                        n.path("id").asText() + (n.path("id").asText().equals(self) ? " (this)" : ""),
                        n.path("available").asBoolean(true) ? "yes" : "no",
                        (client.path("type").asText("?") + " "
                                        + client.path("version").asText(""))
                                .trim(),
                        n.path("hostname").asText("-"),
                        n.path("ipList").path(0).asText("-"),
                        n.path("cpu").isNumber() ? n.path("cpu").asInt() + "%" : "-");
            }
            return t;
        }
    }

    @Command(name = "services", description = "Lists the services of the mesh and the nodes serving them.")
    static final class Services extends Listing {
        @Override
        List<JsonNode> fetch(Session session) {
            return session.services();
        }

        @Override
        JsonNode withoutSelf(JsonNode entry, String self) {
            List<String> nodes = nodeIds(entry);
            return nodes.size() == 1 && nodes.get(0).equals(self) ? JsonNodeFactory.instance.missingNode() : entry;
        }

        @Override
        Table table(List<JsonNode> entries, String self) {
            Table t = Table.of("SERVICE", "VERSION", "ACTIONS", "EVENTS", "NODES");
            for (JsonNode s : entries) {
                t.row(
                        s.path("name").asText(),
                        s.path("version").isNull() || s.path("version").isMissingNode()
                                ? "-"
                                : s.path("version").asText(),
                        s.path("actions").size(),
                        s.path("events").size(),
                        String.join(", ", nodeIds(s)));
            }
            return t;
        }

        private static List<String> nodeIds(JsonNode service) {
            List<String> ids = new ArrayList<>();
            service.path("nodes").forEach(n -> ids.add(n.asText()));
            if (ids.isEmpty() && service.has("nodeID")) {
                ids.add(service.path("nodeID").asText());
            }
            return ids;
        }
    }

    @Command(name = "actions", description = "Lists the actions of the mesh and the nodes serving them.")
    static final class Actions extends Listing {
        @Override
        List<JsonNode> fetch(Session session) {
            return session.actions();
        }

        @Override
        JsonNode withoutSelf(JsonNode entry, String self) {
            return withoutSelfEndpoints(entry, self);
        }

        @Override
        Table table(List<JsonNode> entries, String self) {
            Table t = Table.of("ACTION", "NODES", "AVAILABLE", "PARAMS");
            for (JsonNode a : entries) {
                t.row(
                        a.path("name").asText(),
                        endpoints(a),
                        a.path("available").asBoolean(true) ? "yes" : "no",
                        ParamsSummary.of(a.path("action").path("params")));
            }
            return t;
        }
    }

    @Command(name = "events", description = "Lists the events listened to on the mesh, by group.")
    static final class Events extends Listing {
        @Override
        List<JsonNode> fetch(Session session) {
            return session.events();
        }

        @Override
        JsonNode withoutSelf(JsonNode entry, String self) {
            return withoutSelfEndpoints(entry, self);
        }

        @Override
        Table table(List<JsonNode> entries, String self) {
            Table t = Table.of("EVENT", "GROUP", "NODES");
            for (JsonNode e : entries) {
                t.row(e.path("name").asText(), e.path("group").asText("-"), endpoints(e));
            }
            return t;
        }
    }

    static JsonNode withoutSelfEndpoints(JsonNode entry, String self) {
        if (!entry.has("endpoints")) {
            return entry;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        entry.path("endpoints").forEach(ep -> {
            if (!ep.path("nodeID").asText().equals(self)) {
                kept.add(ep);
            }
        });
        if (kept.isEmpty()) {
            return JsonNodeFactory.instance.missingNode();
        }
        JsonNode copy = entry.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set("endpoints", kept);
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).put("count", kept.size());
        return copy;
    }

    static String endpoints(JsonNode entry) {
        List<String> ids = new ArrayList<>();
        entry.path("endpoints").forEach(ep -> ids.add(ep.path("nodeID").asText()));
        return ids.isEmpty()
                ? String.valueOf(entry.path("count").asInt())
                : ids.stream().collect(Collectors.joining(", "));
    }
}
