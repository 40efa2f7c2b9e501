package io.mycelium.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mycelium.PingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ping [NODE_ID]}: round-trip time and clock difference to one node or to every node. */
@Command(name = "ping", description = "Pings one node (or every node) and prints round-trip times.")
final class PingCommand implements Callable<Integer> {

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NODE_ID", description = "The node; every node when omitted")
    @Nullable
    String node;

    @Option(
            names = "--timeout",
            paramLabel = "MS",
            defaultValue = "5000",
            description = "Per ping (default ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        Duration timeout = Duration.ofMillis(Math.max(1, timeoutMs));
        try (Session session = Session.open(root, "cli-", b -> {})) {
            List<String> targets = new ArrayList<>();
            if (node != null) {
                if (!session.awaitNode(node)) {
                    throw new NotFoundException("node '" + node + "' not found on " + root.transporter + " within "
                            + session.discoveryTimeout().toMillis() + " ms");
                }
                targets.add(node);
            } else {
                targets.addAll(session.settle());
                if (targets.isEmpty()) {
                    throw new NotFoundException("no other node found on " + root.transporter + " within "
                            + session.discoveryTimeout().toMillis() + " ms");
                }
            }
            Map<String, CompletableFuture<PingResult>> pings = new TreeMap<>();
            for (String id : targets) {
                pings.put(id, session.broker().ping(id, timeout));
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            Table table = Table.of("NODE ID", "TIME", "CLOCK DIFF");
            int failed = 0;
            for (var e : pings.entrySet()) {
                try {
                    PingResult r = e.getValue().join();
                    array.addObject()
                            .put("nodeID", e.getKey())
                            .put("elapsedMs", micros(r.elapsed()) / 1000.0)
                            .put("timeDiffMs", r.timeDiff().toMillis());
                    table.row(
                            e.getKey(),
                            String.format("%.2f ms", micros(r.elapsed()) / 1000.0),
                            r.timeDiff().toMillis() + " ms");
                } catch (RuntimeException ex) {
                    failed++;
                    Throwable cause = Failures.unwrap(ex);
                    array.addObject().put("nodeID", e.getKey()).put("error", String.valueOf(cause.getMessage()));
                    table.row(e.getKey(), "no answer", String.valueOf(cause.getMessage()));
                }
            }
            if (json) {
                term.out().println(Json.pretty(array));
            } else {
                table.print(term.out());
            }
            term.out().flush();
            return failed == 0 ? ExitCodes.OK : ExitCodes.TIMEOUT;
        }
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
