package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The mesh page at {@code /} in headless Chromium (Debian's package, driven by playwright-core): it loads
 * and goes live, a node that joins the mesh appears within 2 s and goes when it stops, and the form calls an
 * allowed action and shows its answer, and each action's calls/s, latency and in-flight figures appear and
 * grow after calls, for an action on another node ({@code $node.metrics}) and one on the gateway's own node
 * ({@code broker.statistics()}). Saves {@code target/gateway-page.png}.
 */
class MeshPageBrowserTest {

    @Test
    void thePageShowsTheMeshLiveAndCallsAnAction() throws Exception {
        NodeClients.ensureInstalled();
        String chromium = Chromium.path();
        try (TestMesh mesh = new TestMesh()) {
            ServiceBroker svc = mesh.broker("greeter-node");
            svc.register(Service.named("greeter")
                    .action(
                            "hello",
                            ctx -> "Hello, " + ctx.params().path("name").asText("stranger") + "!")
                    .event("user.created", ctx -> {}));
            ServiceBroker edge = mesh.broker("edge");
            edge.register(Service.named("clock").action("now", ctx -> System.currentTimeMillis()));
            Gateway g = mesh.gateway(
                    edge,
                    GatewayOptions.builder()
                            .allowActions("greeter.*", "clock.*")
                            .build());
            svc.start();
            edge.start();
            g.start();
            edge.waitForServices(Duration.ofSeconds(10), "greeter").join();
            Process page = new ProcessBuilder(
                            List.of("node", "mesh-page.js", "http://127.0.0.1:" + g.port() + "/", chromium))
                    .directory(NodeClients.nodeDir().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader out =
                            new BufferedReader(new InputStreamReader(page.getInputStream(), StandardCharsets.UTF_8));
                    Writer in = new java.io.OutputStreamWriter(page.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(next(out).path("label").asText()).isEqualTo("loaded");

                ServiceBroker visitor = mesh.broker("visitor-1");
                visitor.register(Service.named("visitor").action("ping", ctx -> "pong"));
                visitor.start();
                command(in, "join visitor-1");
                JsonNode joined = next(out);
                assertThat(joined.path("label").asText()).as(joined.toString()).isEqualTo("joined");

                command(in, "call greeter.hello {\"name\": \"page\"}");
                JsonNode answer = next(out);
                assertThat(answer.path("label").asText()).as(answer.toString()).isEqualTo("answer");
                assertThat(answer.path("text").asText()).startsWith("200").contains("Hello, page!");

                Http http = new Http(g);
                for (String action : List.of("greeter.hello", "clock.now")) {
                    String path = "/api/" + action.replace('.', '/');
                    callTimes(http, path, 20);
                    command(in, "stats " + action + " 0");
                    JsonNode first = next(out);
                    assertThat(first.path("label").asText())
                            .as(first.toString())
                            .isEqualTo("stats");
                    assertThat(first.path("text").asText()).contains("calls/s", "p50", "p99", "in flight");
                    long calls = first.path("calls").asLong();
                    callTimes(http, path, 20);
                    command(in, "stats " + action + " " + calls);
                    JsonNode later = next(out);
                    assertThat(later.path("label").asText())
                            .as(later.toString())
                            .isEqualTo("stats");
                    assertThat(later.path("calls").asLong()).isGreaterThan(calls);
                }

                Path shot = Path.of(System.getProperty("basedir", "."), "target", "gateway-page.png")
                        .toAbsolutePath();
                Files.createDirectories(java.util.Objects.requireNonNull(shot.getParent()));
                command(in, "shot " + shot);
                assertThat(next(out).path("label").asText()).isEqualTo("shot");
                assertThat(Files.size(shot)).isPositive();

                visitor.stop();
                command(in, "leave visitor-1");
                JsonNode left = next(out);
                assertThat(left.path("label").asText()).as(left.toString()).isEqualTo("left");
                command(in, "quit");
            } finally {
                if (!page.waitFor(15, TimeUnit.SECONDS)) {
                    page.destroyForcibly();
                }
            }
        }
    }

    private static void callTimes(Http http, String path, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(http.post(path, "{}").statusCode()).isEqualTo(200);
        }
    }

    private static void command(Writer in, String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** The script's next JSON line, skipping page errors it reports (they fail the test). */
    private static JsonNode next(BufferedReader out) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the browser script ended");
        }
        JsonNode n = Json.MAPPER.readTree(line);
        assertThat(n.path("label").asText()).as(line).isNotIn("page-error", "crash");
        return n;
    }
}
