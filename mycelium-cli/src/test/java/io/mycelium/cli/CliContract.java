package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command does against a live node, over one transporter: a {@code node --services demo} runs
 * in the background and each test drives it with the real launcher, checking stdout, stderr and the exit
 * code. Every test class runs in a namespace of its own; the node is shared by its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliContract {

    static final Duration NODE_START = Duration.ofSeconds(60);

    final String namespace = "t-" + UUID.randomUUID();
    final String nodeId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    Launcher cli;
    Launcher.Background node;

    /** The transporter URL the tests use. */
    abstract String transporter();

    /** Fails with a clear message when the broker the transporter needs is down. */
    void requireBroker() {}

    @BeforeAll
    void startNode() {
        requireBroker();
        cli = new Launcher(Map.of("MYCELIUM_TRANSPORTER", transporter(), "MYCELIUM_NAMESPACE", namespace));
        node = cli.start("node", "--services", "demo", "--node-id", nodeId);
        assertThat(node.nextOut(NODE_START)).startsWith("node " + nodeId + " running on " + transporter());
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    @Test
    void aSecondNodeWithTheSameIdExitsNonZeroNamingTheId() {
        Launcher.Result r = cli.run(Duration.ofSeconds(60), "node", "--services", "demo", "--node-id", nodeId);

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().strip().split("\n");
        JsonNode error = json(lines[lines.length - 1]);
        assertThat(error.path("name").asText()).as(r.toString()).isEqualTo("DuplicateNodeIdError");
        assertThat(error.path("type").asText()).isEqualTo("DUPLICATE_NODE_ID");
        assertThat(error.path("message").asText()).contains("'" + nodeId + "'").contains("unique");
        // the live node keeps serving under its id
        Launcher.Result call = cli.run("call", "greeter.hello", "{\"name\": \"Bo\"}", "--node", nodeId);
        assertThat(call.exit()).as(call.toString()).isZero();
    }

    @Test
    void callPrintsTheResultAsJson() {
        Launcher.Result r = cli.run("call", "greeter.hello", "{\"name\": \"Ada\"}");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("\"Hello Ada\"\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void callReadsParamsFromTheParamsOptionAndTargetsANode() {
        Launcher.Result r = cli.run(
                "call", "math.add", "--params", "{\"a\": 20, \"b\": 22}", "--node", nodeId, "--meta", "{\"k\":1}");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("42\n");
    }

    @Test
    void byteStreamsGoBothWaysThroughCall(@TempDir Path dir) throws Exception {
        Path generated = dir.resolve("generated.bin");
        int size = 3 * 1024 * 1024 + 17; // more than one 256 KiB chunk, not a multiple of it
        Launcher.Result down = cli.run(
                "call", "demo.generate", "{\"size\": " + size + ", \"seed\": 7}", "--output", generated.toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(Files.size(generated)).isEqualTo(size);

        Launcher.Result up = cli.run("call", "demo.sha256", "--stream", generated.toString());
        assertThat(up.exit()).as(up.toString()).isZero();
        String local =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(generated)));
        assertThat(up.out()).isEqualTo("\"" + local + "\"\n");
    }

    @Test
    void unknownActionExitsWithNotFound() {
        Launcher.Result r = cli.run("call", "nobody.serves-this", "--discovery-timeout", "1500");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.out()).isEmpty();
        JsonNode error = json(r.err());
        assertThat(error.path("name").asText()).isEqualTo("ServiceNotFoundError");
        assertThat(error.path("code").asInt()).isEqualTo(404);
        assertThat(error.path("type").asText()).isEqualTo("SERVICE_NOT_FOUND");
        assertThat(error.path("message").asText()).contains("nobody.serves-this");
    }

    @Test
    void slowCallExitsWithTimeout() {
        Launcher.Result r = cli.run("call", "demo.slow", "{\"ms\": 5000}", "--timeout", "300");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(r.out()).isEmpty();
        JsonNode error = json(r.err());
        assertThat(error.path("name").asText()).isEqualTo("RequestTimeoutError");
        assertThat(error.path("code").asInt()).isEqualTo(504);
    }

    @Test
    void remoteErrorIsPrintedWithItsCodeTypeDataAndNode() {
        Launcher.Result r = cli.run(
                "call",
                "demo.fail",
                "{\"name\": \"PaymentError\", \"message\": \"card declined\", \"code\": 402, \"type\": \"DECLINED\","
                        + " \"data\": {\"card\": \"4242\"}}");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_ERROR);
        assertThat(r.out()).isEmpty();
        JsonNode error = json(r.err());
        assertThat(error.path("name").asText()).isEqualTo("PaymentError");
        assertThat(error.path("message").asText()).isEqualTo("card declined");
        assertThat(error.path("code").asInt()).isEqualTo(402);
        assertThat(error.path("type").asText()).isEqualTo("DECLINED");
        assertThat(error.path("data").path("card").asText()).isEqualTo("4242");
        assertThat(error.path("nodeID").asText()).isEqualTo(nodeId);
    }

    @Test
    void malformedParamsAreABadUsage() {
        Launcher.Result r = cli.run("call", "math.add", "--params", "{\"a\": 1,");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        JsonNode error = json(r.err());
        assertThat(error.path("name").asText()).isEqualTo("UsageError");
        assertThat(error.path("message").asText()).startsWith("--params is not valid JSON");
    }

    @Test
    void emittedEventReachesAListenerAndTheDemoGroup() throws Exception {
        try (Launcher.Background listener = cli.start("listen", "demo.ping", "--count", "1")) {
            assertThat(listener.nextErr(NODE_START)).startsWith("listening to demo.ping");

            Launcher.Result r = cli.run("emit", "demo.ping", "{\"n\": 7}", "--node-id", "emitter-1");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEmpty();
            JsonNode line = json(listener.nextOut(Duration.ofSeconds(20)));
            assertThat(line.path("event").asText()).isEqualTo("demo.ping");
            assertThat(line.path("sender").asText()).isEqualTo("emitter-1");
            assertThat(line.path("data").path("n").asInt()).isEqualTo(7);
            assertThat(listener.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
                    .as("listen --count 1 exits after one event")
                    .isTrue();
            assertThat(listener.process.exitValue()).isZero();
        }
        Launcher.Result received = cli.run("call", "demo.received");
        assertThat(json(received.out()).toString())
                .contains("\"event\":\"demo.ping\"")
                .contains("emitter-1");
    }

    @Test
    void nodesListsTheRunningNode() {
        Launcher.Result table = cli.run("nodes");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).startsWith("NODE ID").contains(nodeId);

        Launcher.Result json = cli.run("nodes", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json(json.out()).findValuesAsText("id")).contains(nodeId);
    }

    @Test
    void actionsAndEventsListTheDemoServices() {
        Launcher.Result actions = cli.run("actions");
        assertThat(actions.exit()).as(actions.toString()).isZero();
        assertThat(actions.out()).contains("greeter.hello", "math.add", "demo.slow", nodeId);

        Launcher.Result events = cli.run("events", "--json");
        assertThat(events.exit()).as(events.toString()).isZero();
        assertThat(events.out()).contains("demo.*").contains("\"demo\"");
    }

    @Test
    void pingAnswersWithARoundTripTime() {
        Launcher.Result r = cli.run("ping", nodeId, "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(json(r.out()).path(0).path("nodeID").asText()).isEqualTo(nodeId);
        assertThat(json(r.out()).path(0).path("elapsedMs").isNumber()).isTrue();
    }

    @Test
    void nodeStopsGracefullyOnSigtermAndOthersSeeItLeave() throws Exception {
        String leaving = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        try (Launcher.Background other = cli.start("node", "--services", "demo", "--node-id", leaving)) {
            assertThat(other.nextOut(NODE_START)).startsWith("node " + leaving + " running");
            Launcher.Result before = cli.run("call", "echo.echo", "{\"x\": 1}", "--node", leaving);
            assertThat(before.exit()).as(before.toString()).isZero();

            int exit = other.terminate(Duration.ofSeconds(30));

            assertThat(exit).as(other.err()).isIn(0, 143);
            assertThat(other.err()).contains("stopping node " + leaving);
        }
        Launcher.Result after =
                cli.run("call", "echo.echo", "{\"x\": 1}", "--node", leaving, "--discovery-timeout", "1000");
        assertThat(after.exit()).as(after.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        Launcher.Result nodes = cli.run("nodes", "--json");
        for (JsonNode n : json(nodes.out())) {
            if (n.path("id").asText().equals(leaving)) {
                assertThat(n.path("available").asBoolean())
                        .as("%s left", leaving)
                        .isFalse();
            }
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
