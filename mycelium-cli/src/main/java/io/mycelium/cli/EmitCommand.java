package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.EmitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code emit EVENT [DATA]}: a balanced event (one handler per group) or, with {@code --broadcast}, one
 * for every handler. Waits until some node listens, so the event is not emitted into a mesh not yet seen.
 */
@Command(
        name = "emit",
        description = "Emits an event: one handler per group, or every handler with --broadcast.",
        footer = {"", "Example: mycelium emit demo.hello '{\"n\": 1}' --group demo", "", ExitCodes.HELP})
final class EmitCommand implements Callable<Integer> {

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Parameters(index = "0", paramLabel = "EVENT", description = "Event name, e.g. demo.hello")
    String event = "";

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATA", description = "Data as JSON (same as --data)")
    @Nullable
    String dataArgument;

    @Option(
            names = {"-d", "--data"},
            paramLabel = "JSON|@file",
            description = "Data: JSON, @file or @- (stdin)")
    @Nullable
    String data;

    @Option(
            names = {"-g", "--group"},
            paramLabel = "G",
            description = "Only these groups (repeatable)")
    List<String> groups = new ArrayList<>();

    @Option(
            names = {"-b", "--broadcast"},
            description = "Every handler, not one per group")
    boolean broadcast;

    @Option(names = "--meta", paramLabel = "JSON|@file", description = "Meta: a JSON object")
    @Nullable
    String meta;

    @Override
    public Integer call() {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        if (data != null && dataArgument != null) {
            throw new UsageException("give the data once: either DATA or --data");
        }
        String raw = data != null ? data : dataArgument;
        JsonNode body = raw == null ? NullNode.getInstance() : Json.argument("--data", raw, term.in());
        EmitOptions.Builder options = EmitOptions.builder();
        if (!groups.isEmpty()) {
            options.groups(groups.toArray(String[]::new));
        }
        if (meta != null) {
            options.meta(Commands.object("--meta", Json.argument("--meta", meta, term.in())));
        }
        try (Session session = Session.open(root, "cli-", b -> {})) {
            boolean heard = session.awaitListener(event);
            if (heard) {
                session.settle(); // other listeners' nodes may still be announcing themselves
            }
            var sent = broadcast
                    ? session.broker().broadcast(event, body, options.build())
                    : session.broker().emit(event, body, options.build());
            sent.orTimeout(session.discoveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .join();
            if (!heard) {
                throw new NotFoundException("no node listens to '" + event + "' (waited "
                        + session.discoveryTimeout().toMillis() + " ms); the event was sent to nobody");
            }
            return ExitCodes.OK;
        }
    }
}
