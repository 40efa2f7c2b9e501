package io.mycelium.cli;

import io.mycelium.gateway.Gateway;
import io.mycelium.gateway.GatewayException;
import io.mycelium.gateway.GatewayOptions;
import io.mycelium.gateway.Routes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway}: runs a node with a gateway (WebSocket clients on amqp-swarm's client protocol, an HTTP API
 * in moleculer-web's conventions, a live mesh page at {@code /}; see docs/gateway.md) until Ctrl-C or SIGTERM; with {@code --services demo} the node also runs the demo services.
 */
@Command(
        name = "gateway",
        description = "Runs a node with a gateway (WebSocket, HTTP API, mesh page) until Ctrl-C or SIGTERM.",
        footer = {
            "",
            "Example: mycelium gateway --listen 0.0.0.0:8080 --allow 'math.*' --allow-events 'news.*' --services demo",
            "Clients connect to ws://HOST:PORT/<client-id>; the mesh reaches them with $gateway.request.",
            "HTTP: http://HOST:PORT/api/<service>/<action> (allowed actions), /api/openapi.json, /health/ready;",
            "open http://HOST:PORT/ for the live mesh page."
        })
final class GatewayCommand implements Callable<Integer> {

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:8080",
            description = "Where clients connect (default ${DEFAULT-VALUE})")
    String listen = "127.0.0.1:8080";

    @Option(names = "--allow", paramLabel = "PATTERN", description = "Actions clients may call (repeatable)")
    List<String> allow = new ArrayList<>();

    @Option(
            names = "--allow-events",
            paramLabel = "PATTERN",
            description = "Events clients may subscribe to (repeatable)")
    List<String> allowEvents = new ArrayList<>();

    @Option(names = "--allow-emits", paramLabel = "PATTERN", description = "Events clients may emit (repeatable)")
    List<String> allowEmits = new ArrayList<>();

    @Option(
            names = "--token",
            paramLabel = "T",
            defaultValue = "${env:MYCELIUM_GATEWAY_TOKEN}",
            description = "Bearer token clients must present (env MYCELIUM_GATEWAY_TOKEN)")
    @Nullable
    String token;

    @Option(
            names = "--client-tokens",
            paramLabel = "FILE",
            description = "Client IDs with tokens of their own, one ID:TOKEN per line (# comments): such an ID"
                    + " connects only with its token")
    @Nullable
    Path clientTokens;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "Allowed Origin headers (repeatable)")
    List<String> origins = new ArrayList<>();

    @Option(
            names = "--client-to-client",
            description = "Lets clients request other clients ($gateway.request [clientId, name, ...args])")
    boolean clientToClient;

    @Option(
            names = "--aliases",
            paramLabel = "FILE",
            description =
                    "HTTP aliases: a JSON object such as {\"GET /users/:id\": \"users.get\", \"REST /users\": \"users\"}")
    @Nullable
    Path aliases;

    @Option(
            names = "--cors",
            paramLabel = "ORIGIN",
            description = "Origins allowed to call the HTTP API from a browser, * for any (repeatable)")
    List<String> cors = new ArrayList<>();

    @Option(
            names = "--rate-limit",
            paramLabel = "N/s",
            description = "HTTP API calls per second per client address, e.g. 100/s (beyond: 429)")
    @Nullable
    String rateLimit;

    @Option(
            names = "--no-mesh-page",
            description = "Does not serve the live mesh page at / (it lists every node and service of the mesh)")
    boolean noMeshPage;

    @Option(
            names = "--services",
            paramLabel = "SET",
            description = "Built-in services to run too: demo (with its remote-client handlers 'stamp' and 'whereis')")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        for (String set : services) {
            if (!set.equals("demo")) {
                throw new UsageException("--services: unknown set '" + set + "' (known: demo)");
            }
        }
        GatewayOptions options = options();
        String nodeId = root.nodeId().orElseGet(() -> Session.defaultNodeId(""));
        AtomicReference<Gateway> made = new AtomicReference<>();
        try (StopSignal stop = new StopSignal(Duration.ofSeconds(15));
                Session session = Session.start(root, nodeId, broker -> {
                    if (!services.isEmpty()) {
                        new DemoServices((name, ctx) -> {}).registerAll(broker);
                    }
                    Gateway built = Gateway.builder(broker).options(options).build();
                    if (!services.isEmpty()) {
                        DemoGatewayHandlers.register(built, nodeId);
                    }
                    made.set(built);
                });
                Gateway gateway = java.util.Objects.requireNonNull(made.get(), "gateway")) {
            try {
                gateway.start();
            } catch (GatewayException e) {
                throw new UsageException("--listen " + listen + ": " + e.getMessage());
            }
            term.out()
                    .println("gateway " + session.nodeId() + " listening on ws://" + options.host() + ":"
                            + gateway.port() + "/<client-id> on " + root.transporter
                            + (allow.isEmpty() ? ", no action allowed" : ", allowing " + String.join(", ", allow))
                            + " (Ctrl-C to stop)");
            term.out()
                    .println("HTTP API on http://" + options.host() + ":" + gateway.port()
                            + "/api/<service>/<action>"
                            + (options.meshPage()
                                    ? "; live mesh page: open http://" + pageHost(options.host()) + ":" + gateway.port()
                                            + "/"
                                    : ""));
            term.out().flush();
            stop.await();
            term.err().println("stopping gateway " + session.nodeId() + "...");
            term.err().flush();
        }
        return ExitCodes.OK;
    }

    private GatewayOptions options() {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--listen: expected HOST:PORT, got '" + listen + "'");
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--listen: bad port in '" + listen + "'");
        }
        GatewayOptions.Builder b = GatewayOptions.builder().host(listen.substring(0, colon));
        try {
            b.port(port);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--listen: " + e.getMessage());
        }
        b.allowActions(allow.toArray(String[]::new))
                .allowEvents(allowEvents.toArray(String[]::new))
                .allowEmits(allowEmits.toArray(String[]::new))
                .allowOrigins(origins.toArray(String[]::new))
                .clientToClient(clientToClient);
        if (token != null && !token.isEmpty()) {
            b.token(token);
        }
        if (clientTokens != null) {
            try {
                ClientTokens.load(clientTokens).forEach(b::clientToken);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--client-tokens: " + e.getMessage());
            }
        }
        b.cors(cors.toArray(String[]::new));
        b.meshPage(!noMeshPage);
        if (rateLimit != null) {
            b.rateLimit(rate(rateLimit));
        }
        if (aliases != null) {
            try {
                b.aliases(Routes.load(aliases));
            } catch (IOException e) {
                throw new UsageException("--aliases: cannot read " + aliases + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--aliases: " + e.getMessage());
            }
        }
        return b.build();
    }

    /** {@code 100/s} or {@code 100} → 100. */
    private static int rate(String value) {
        String n = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
        try {
            int r = Integer.parseInt(n.trim());
            if (r > 0) {
                return r;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--rate-limit: expected N/s with N > 0, got '" + value + "'");
    }

    /** Where a browser on this machine reaches a listener bound to {@code host}. */
    private static String pageHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }
}
