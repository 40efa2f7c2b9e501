package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.CallOptions;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.gateway.Gateway;
import io.mycelium.gateway.GatewayException;
import io.mycelium.gateway.GatewayOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: starts three nodes in this process (two serving the demo services, one client), on the
 * chosen transporter in a namespace of their own, and narrates what happens: discovery, balanced calls,
 * an event reaching one handler per group, a broadcast, a typed error, a timeout, and a node leaving
 * while calls move to the survivor. Exits 0 when every step behaved as expected. The client node also runs a
 * gateway on loopback (a free port unless {@code --page-port}) and the narration starts with the address of
 * its live mesh page; {@code --stay} keeps the mesh and the page up after the summary until Ctrl-C, {@code
 * --no-page} runs no gateway.
 */
@Command(
        name = "demo",
        description = "Starts a small mesh in this process and narrates discovery, balancing, events and failover.")
final class DemoCommand implements Callable<Integer> {

    private static final List<String> NAMES = List.of("Ada", "Alan", "Grace", "Linus", "Barbara", "Edsger");

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Option(
            names = "--page-port",
            paramLabel = "PORT",
            description = "Port of the demo's gateway and live mesh page on 127.0.0.1 (default: a free port)")
    int pagePort;

    @Option(names = "--no-page", description = "Run no gateway (no mesh page)")
    boolean noPage;

    @Option(
            names = "--stay",
            description = "After the summary, keep the mesh and its page up until Ctrl-C (to look at the page)")
    boolean stay;

    private final Map<String, Integer> answers = new LinkedHashMap<>();
    private int calls;

    @Override
    public Integer call() throws InterruptedException {
        MyceliumCommand root = Commands.root(this.root);
        DemoNarrator say = new DemoNarrator(root.terminal().out());
        if (root.verbosity() == 0) {
            Logging.quiet("io.mycelium"); // the nodes live in this process: their warnings are part of the story
        }
        String namespace = root.namespace.isEmpty()
                ? "demo-" + UUID.randomUUID().toString().substring(0, 8)
                : root.namespace;
        if (root.transporter.equals("tcp://")) {
            // The demo's nodes all live in this process: keep their sockets and UDP discovery on loopback
            // rather than announcing them on every network the machine is on.
            root.transporter = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1";
        }
        if (pagePort < 0 || pagePort > 65_535) {
            throw new UsageException("--page-port: expected 0 to 65535, got " + pagePort);
        }
        DemoRecorder recorder = new DemoRecorder();
        List<Session> nodes = new ArrayList<>();
        AtomicReference<@Nullable Gateway> gateway = new AtomicReference<>();
        // with --stay, Ctrl-C ends the wait; the JVM then waits (bounded) until the nodes have left
        StopSignal stop = stay ? new StopSignal(Duration.ofSeconds(15)) : null;
        say.title(
                "Mycelium demo: three nodes in this process on " + root.transporter + " (namespace " + namespace + ")");
        try {
            Session alpha = start(root, "alpha", namespace, recorder, nodes, say);
            Session beta = start(root, "beta", namespace, recorder, nodes, say);
            say.step("starting node client: no demo services, an 'audit' listener for demo.* events");
            Session client = Session.start(root, "client", namespace, broker -> {
                broker.register(Service.named("audit")
                        .event(
                                "demo.*",
                                "audit",
                                ctx -> recorder.event(ctx.eventName().orElse(""), "client", "audit")));
                if (!noPage) {
                    gateway.set(Gateway.builder(broker)
                            .options(GatewayOptions.builder()
                                    .host("127.0.0.1")
                                    .port(pagePort)
                                    .allowActions("greeter.*", "math.*", "echo.*")
                                    .build())
                            .build());
                }
            });
            nodes.add(client);
            String page = startPage(gateway.get(), say);

            say.section("1. Discovery");
            long t0 = System.nanoTime();
            if (!client.awaitAction("greeter.hello", Optional.of("alpha"))
                    || !client.awaitAction("greeter.hello", Optional.of("beta"))) {
                throw new NotFoundException("client did not discover alpha and beta within "
                        + client.discoveryTimeout().toMillis() + " ms on " + root.transporter);
            }
            long discoveryMs = (System.nanoTime() - t0) / 1_000_000;
            say.step("client sees " + String.join(", ", new java.util.TreeSet<>(client.otherNodes()))
                    + " and their services greeter, math, echo, demo (after " + discoveryMs + " ms)");

            say.section("2. Balanced calls (round-robin over the two nodes serving each action)");
            for (int i = 0; i < 4; i++) {
                call(client, recorder, say, "greeter.hello", params("name", NAMES.get(i)));
            }
            call(client, recorder, say, "math.add", params("a", 20, "b", 22));
            call(client, recorder, say, "math.add", params("a", 1.5, "b", 2.25));

            say.section("3. An event reaches one handler per group");
            client.broker().emit("demo.greeted", Map.of("who", "Ada")).join();
            var emitted = recorder.awaitEvent("demo.greeted", 2, Duration.ofSeconds(3));
            say.step("emit demo.greeted -> " + describe(emitted));
            check(
                    emitted.size() == 2 && groups(emitted).equals(Set.of("demo", "audit")),
                    "emit should reach exactly one handler in group demo and one in group audit");

            say.section("4. A broadcast reaches every handler");
            client.broker()
                    .broadcast("demo.announce", Map.of("text", "maintenance at noon"))
                    .join();
            var broadcast = recorder.awaitEvent("demo.announce", 3, Duration.ofSeconds(3));
            say.step("broadcast demo.announce -> " + describe(broadcast));
            check(broadcast.size() == 3, "broadcast should reach alpha, beta and client");

            say.section("5. Errors and timeouts arrive typed");
            failure(
                    client,
                    say,
                    "demo.fail",
                    params("name", "PaymentError", "message", "card declined", "code", 402, "type", "DECLINED"),
                    CallOptions.none());
            failure(
                    client,
                    say,
                    "demo.slow",
                    params("ms", 1000),
                    CallOptions.builder().timeout(Duration.ofMillis(200)).build());
            failure(client, say, "nope.missing", params(), CallOptions.none());

            say.section("6. A node leaves; calls move to the survivor");
            say.step("beta stops gracefully (announces it leaves, drains its handlers)");
            beta.close();
            nodes.remove(beta);
            long t1 = System.nanoTime();
            while (client.otherNodes().contains("beta")
                    && System.nanoTime() - t1 < client.discoveryTimeout().toNanos()) {
                Thread.sleep(20);
            }
            check(!client.otherNodes().contains("beta"), "client should see beta leave");
            say.step("client sees beta leave (after " + (System.nanoTime() - t1) / 1_000_000 + " ms); nodes now: "
                    + String.join(", ", client.otherNodes()));
            Map<String, Integer> before = new LinkedHashMap<>(answers);
            for (int i = 4; i < 6; i++) {
                call(client, recorder, say, "greeter.hello", params("name", NAMES.get(i)));
            }
            call(client, recorder, say, "math.add", params("a", 2, "b", 3));
            int afterAlpha = answers.getOrDefault("alpha", 0) - before.getOrDefault("alpha", 0);
            check(afterAlpha == 3, "after beta left, alpha should answer every call");

            say.section("Summary");
            say.line("nodes        alpha, beta (demo services), client; discovery in " + discoveryMs + " ms");
            say.line("calls        " + calls + " answered: "
                    + answers.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + "; 3 failures arrived typed as expected");
            say.line("events       emit reached 1 handler per group (demo, audit); broadcast reached 3");
            say.line("failover     after beta left, 3 of 3 calls answered by alpha");
            say.line("total        " + say.elapsed() + "; try it across processes: ./mycelium node --services demo");
            if (page == null) {
                say.line("see it       ./mycelium gateway --services demo --allow 'greeter.*' --allow 'math.*', then"
                        + " open http://127.0.0.1:8080/ (the live mesh page)");
            } else if (!stay) {
                say.line("see it       " + page + " is the live mesh page; it closes with the demo:"
                        + " ./mycelium demo --stay keeps it up");
            }
            if (stop != null) {
                say.line("staying up   alpha and client keep running"
                        + (page == null ? "" : "; the live mesh page is at " + page)
                        + " (Ctrl-C to stop)");
                stop.await();
            }
            return ExitCodes.OK;
        } finally {
            Gateway g = gateway.get();
            if (g != null) {
                g.close();
            }
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
            if (stop != null) {
                stop.close();
            }
        }
    }

    /** Starts the client's gateway, when there is one, and says where its page is; its URL or null. */
    private @Nullable String startPage(@Nullable Gateway gateway, DemoNarrator say) {
        if (gateway == null) {
            return null;
        }
        try {
            gateway.start();
        } catch (GatewayException e) {
            throw new UsageException("--page-port " + pagePort + ": " + e.getMessage());
        }
        String url = "http://127.0.0.1:" + gateway.port() + "/";
        say.step("client runs a gateway: open " + url + " for the live mesh page"
                + (stay ? " (up until Ctrl-C)" : " (up while the demo runs; --stay keeps it up)"));
        return url;
    }

    private static Session start(
            MyceliumCommand root,
            String id,
            String namespace,
            DemoRecorder recorder,
            List<Session> nodes,
            DemoNarrator say) {
        say.step("starting node " + id + ": greeter.hello, math.add, echo.echo, demo.* (group demo)");
        Session s = Session.start(
                root, id, namespace, broker -> new DemoServices(recorder.observer(id)).registerAll(broker));
        nodes.add(s);
        return s;
    }

    private void call(Session client, DemoRecorder recorder, DemoNarrator say, String action, Map<String, ?> params) {
        long t = System.nanoTime();
        JsonNode result = client.broker().call(action, params).join();
        double ms = (System.nanoTime() - t) / 1e6;
        String node = recorder.answeredBy(params).orElse("?");
        answers.merge(node, 1, Integer::sum);
        calls++;
        say.step(String.format(
                "call %s %s -> %s   answered by %s in %.1f ms",
                action, Json.compact(params), Json.compact(result), node, ms));
    }

    private static void failure(
            Session client, DemoNarrator say, String action, Map<String, ?> params, CallOptions options) {
        try {
            JsonNode result = client.broker().call(action, params, options).join();
            throw new IllegalStateException(action + " should have failed but returned " + result);
        } catch (RuntimeException e) {
            if (!(Failures.unwrap(e) instanceof MyceliumException m)) {
                throw e;
            }
            say.step(String.format(
                    "call %s %s%s -> %s, code %d, type %s%s (arrives as %s)",
                    action,
                    Json.compact(params),
                    options.timeout()
                            .map(t -> " with timeout " + t.toMillis() + " ms")
                            .orElse(""),
                    m.name(),
                    m.code(),
                    m.type(),
                    m.nodeId().map(n -> ", from " + n).orElse(""),
                    m.getClass().getSimpleName()));
        }
    }

    /** Params in the order given, so the narration prints them as written. */
    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String describe(List<DemoRecorder.Handled> handled) {
        if (handled.isEmpty()) {
            return "no handler";
        }
        return handled.stream()
                .map(h -> h.node() + " (group " + h.group() + ")")
                .collect(Collectors.joining(", "));
    }

    private static Set<String> groups(List<DemoRecorder.Handled> handled) {
        Set<String> out = new HashSet<>();
        handled.forEach(h -> out.add(h.group()));
        return out;
    }

    private static void check(boolean ok, String expectation) {
        if (!ok) {
            throw new IllegalStateException("demo step failed: " + expectation);
        }
    }
}
