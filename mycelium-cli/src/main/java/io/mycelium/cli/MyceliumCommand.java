package io.mycelium.cli;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command: options shared by every subcommand, each also read from the environment. Its
 * attributes are inherited, so every subcommand has {@code --help} (answered before its own required
 * parameters are checked).
 */
@Command(
        name = "mycelium",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs, calls and inspects a Mycelium (Moleculer protocol v5) mesh from a terminal.",
        subcommands = {
            DemoCommand.class,
            NodeCommand.class,
            GatewayCommand.class,
            CallCommand.class,
            EmitCommand.class,
            ListCommands.Nodes.class,
            ListCommands.Services.class,
            ListCommands.Actions.class,
            ListCommands.Events.class,
            PingCommand.class,
            StatsCommand.class,
            ListenCommand.class,
            ReplCommand.class,
        },
        footer = {"", ExitCodes.HELP})
final class MyceliumCommand {

    @Option(
            names = {"-t", "--transporter"},
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:MYCELIUM_TRANSPORTER:-tcp://}",
            description = "tcp://, zmq://, nats://host:4222, redis://, amqp://, mqtt://, memory:// (env"
                    + " MYCELIUM_TRANSPORTER, default ${DEFAULT-VALUE})")
    String transporter = "tcp://";

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:MYCELIUM_NAMESPACE:-}",
            description = "Namespace: only nodes of the same namespace see each other (env MYCELIUM_NAMESPACE)")
    String namespace = "";

    @Option(
            names = {"-s", "--serializer"},
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:MYCELIUM_SERIALIZER:-json}",
            description = "json, msgpack or cbor; the same on every node (env MYCELIUM_SERIALIZER, default"
                    + " ${DEFAULT-VALUE})")
    String serializer = "json";

    @Option(
            names = "--node-id",
            paramLabel = "ID",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:MYCELIUM_NODE_ID}",
            description =
                    "This node's ID (env MYCELIUM_NODE_ID; default: cli-<host>-<pid>, or" + " <host>-<pid> for `node`)")
    @Nullable
    String nodeId;

    @Option(
            names = "--discoverer",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:MYCELIUM_DISCOVERER}",
            description = "Discovery through a registry store instead of the transporter, as Moleculer's"
                    + " registry.discoverer: redis://host:6379[?heartbeatInterval=10s&heartbeatTimeout=30s]"
                    + " (env MYCELIUM_DISCOVERER; default: none)")
    @Nullable
    String discoverer;

    @Option(
            names = "--discovery-timeout",
            paramLabel = "MS",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:MYCELIUM_DISCOVERY_TIMEOUT:-5000}",
            description = "How long to wait for the mesh to show what a command needs (default ${DEFAULT-VALUE})")
    long discoveryTimeoutMs = 5000;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "More logging on stderr: -v info, -vv debug")
    boolean[] verbose = new boolean[0];

    private final Terminal terminal;
    private @Nullable Session shared;

    MyceliumCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    int verbosity() {
        return verbose.length;
    }

    Duration discoveryTimeout() {
        if (discoveryTimeoutMs < 0) {
            throw new UsageException("--discovery-timeout must be 0 or more, got " + discoveryTimeoutMs);
        }
        return Duration.ofMillis(discoveryTimeoutMs);
    }

    Optional<String> nodeId() {
        return Optional.ofNullable(nodeId).filter(id -> !id.isBlank());
    }

    Optional<String> discoverer() {
        return Optional.ofNullable(discoverer).filter(url -> !url.isBlank());
    }

    /**
     * These options as the defaults of a command line typed in the REPL: picocli resets every option to
     * its default when it parses, so without this a line would fall back to the environment's transporter,
     * namespace and timeouts instead of the REPL's.
     */
    CommandLine.IDefaultValueProvider asDefaults() {
        return arg -> {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--transporter" -> transporter;
                case "--namespace" -> namespace;
                case "--serializer" -> serializer;
                case "--node-id" -> nodeId;
                case "--discoverer" -> discoverer;
                case "--discovery-timeout" -> Long.toString(discoveryTimeoutMs);
                default -> null;
            };
        };
    }

    /** A copy of these options writing to {@code terminal}, for one command line typed in the REPL. */
    MyceliumCommand copyFor(Terminal terminal) {
        MyceliumCommand copy = new MyceliumCommand(terminal);
        copy.transporter = transporter;
        copy.namespace = namespace;
        copy.serializer = serializer;
        copy.nodeId = nodeId;
        copy.discoverer = discoverer;
        copy.discoveryTimeoutMs = discoveryTimeoutMs;
        copy.verbose = verbose.clone();
        return copy;
    }

    /** Used by the REPL: commands then act through its long-lived session instead of a transient node. */
    void share(Session session) {
        this.shared = session;
    }

    /** The REPL's session, if this command runs inside it. */
    Optional<Session> shared() {
        return Optional.ofNullable(shared);
    }
}
