package io.mycelium.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.Context;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code listen EVENT...}: one JSON line per received event ({@code {"event","sender","data"}}) until
 * Ctrl-C or {@code --count N}. The listener is in a group of its own, so it gets every balanced event.
 */
@Command(
        name = "listen",
        description = "Prints each received event as one JSON line until Ctrl-C or --count N.",
        footer = {"", "Patterns: * matches one name segment, ** any number: mycelium listen 'demo.*'"})
final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Parameters(arity = "1..*", paramLabel = "EVENT", description = "Event names or patterns")
    List<String> events = new ArrayList<>();

    @Option(
            names = {"-c", "--count"},
            paramLabel = "N",
            description = "Exit after N events")
    long count;

    @Option(
            names = {"-g", "--group"},
            paramLabel = "G",
            description = "Join group G (shares balanced events)")
    @Nullable
    String group;

    @Override
    public Integer call() throws InterruptedException {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        if (count < 0) {
            throw new UsageException("--count must be positive, got " + count);
        }
        AtomicLong left = new AtomicLong(count == 0 ? Long.MAX_VALUE : count);
        boolean inRepl = root.shared().isPresent();
        if (inRepl) {
            try (Session session = Session.open(root, "cli-", broker -> subscribe(broker, term, left, () -> {}))) {
                term.err().println("listening to " + String.join(", ", events) + " in the background");
                return ExitCodes.OK;
            }
        }
        try (StopSignal stop = new StopSignal(Duration.ofSeconds(10));
                Session session = Session.open(root, "cli-", broker -> subscribe(broker, term, left, stop::request))) {
            term.err()
                    .println("listening to " + String.join(", ", events) + " on " + root.transporter + " as "
                            + session.nodeId() + " (Ctrl-C to stop)");
            term.err().flush();
            stop.await();
            return ExitCodes.OK;
        }
    }

    private void subscribe(ServiceBroker broker, Terminal term, AtomicLong left, Runnable done) {

        String name = serviceName(broker.nodeId());
        Service.Builder service = Service.named(name);
        for (String event : events) {
            service.event(event, group != null ? group : name, ctx -> print(ctx, term, left, done));
        }
        broker.register(service);
    }

    private static void print(Context ctx, Terminal term, AtomicLong left, Runnable done) {
        if (left.getAndDecrement() <= 0) {
            return;
        }
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("event", ctx.eventName().orElse(""));
        line.put("sender", ctx.nodeId());
        line.set("data", ctx.params());
        synchronized (term) {
            term.out().println(Json.compact(line));
            term.out().flush();
        }
        if (left.get() <= 0) {
            done.run();
        }
    }

    /** A service name of this node's own, so two listeners never share a group by accident. */
    static String serviceName(String nodeId) {
        return "listen-" + nodeId.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
