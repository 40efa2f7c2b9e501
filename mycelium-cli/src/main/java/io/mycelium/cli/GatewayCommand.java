package io.mycelium.cli;

import io.mycelium.gateway.Gateway;
import io.mycelium.gateway.GatewayException;
import io.mycelium.gateway.GatewayOptions;
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
 * {@code gateway}: runs a node with a WebSocket gateway (amqp-swarm's client protocol, see docs/gateway.md)
 * until Ctrl-C or SIGTERM; with {@code --services demo} the node also runs the demo services.
 */
@Command(
        name = "gateway",
        description = "Runs a node with a WebSocket gateway for external clients until Ctrl-C or SIGTERM.",
        footer = {
            "",
            "Example: mycelium gateway --listen 0.0.0.0:8080 --allow 'math.*' --allow-events 'news.*' --services demo",
            "Clients connect to ws://HOST:PORT/<client-id>; the mesh reaches them with $gateway.request."
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

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "Allowed Origin headers (repeatable)")
    List<String> origins = new ArrayList<>();

    @Option(
            names = "--client-to-client",
            description = "Lets clients request other clients ($gateway.request [clientId, name, ...args])")
    boolean clientToClient;

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
        return b.build();
    }
}
