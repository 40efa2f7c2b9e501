package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.gateway.GatewayClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code mycelium gateway} as separate OS processes on one mesh (TCP on loopback, UDP discovery of its own):
 * the real npm amqp-swarm client answering the CLI through a gateway process and reconnecting by itself when
 * that process is killed and started again; two gateway processes sharing clients by ID.
 */
class GatewayProcessTest {
    private static final Duration CALL = Duration.ofSeconds(30);

    private final String transporter = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort="
            + (20000 + ThreadLocalRandom.current().nextInt(20000));
    private final Launcher cli =
            new Launcher(Map.of("MYCELIUM_TRANSPORTER", transporter, "MYCELIUM_NAMESPACE", "t-" + UUID.randomUUID()));

    @Test
    void theNpmClientAnswersTheCliAndReconnectsByItselfWhenTheGatewayProcessRestarts() throws Exception {
        int port = GatewayCommandTest.freePort();
        Launcher.Background gateway = startGateway("gw-" + port, port);
        try (SwarmClient npm = SwarmClient.start("serve", "ws://127.0.0.1:" + port + "/npm-cli")) {
            assertThat(npm.next("first", CALL).path("result").asInt()).isEqualTo(2);
            assertThat(hello("npm-cli", "cli")).as("before the restart").isEqualTo("\"hi cli\"\n");

            gateway.close(); // SIGKILL: no close message, the client must come back by itself
            assertThat(gateway.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            gateway = startGateway("gw-" + port, port);
            // the client retries on its own schedule; each attempt is a CLI process asking the new gateway
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> hello("npm-cli", "again").equals("\"hi again\"\n"));
            Launcher.Result finish =
                    cli.run(CALL, "call", "$gateway.request", "{\"client\":\"npm-cli\",\"name\":\"finish\"}");
            assertThat(finish.exit()).as(finish.toString()).isZero();
            assertThat(finish.out())
                    .as("a client request through the restarted gateway")
                    .isEqualTo("4\n");
            npm.next("closed", CALL);
            assertThat(npm.waitForExit(Duration.ofSeconds(10))).isZero();
        } finally {
            gateway.close();
        }
    }

    @Test
    void twoGatewayProcessesShareClientsByIdAcrossTheMesh() throws Exception {
        int port1 = GatewayCommandTest.freePort();
        int port2 = GatewayCommandTest.freePort();
        List<AutoCloseable> open = new ArrayList<>();
        try (Launcher.Background one = startGateway("gw-1-" + port1, port1);
                Launcher.Background two = startGateway("gw-2-" + port2, port2)) {
            GatewayClient alice = connect(open, port1, "alice");
            alice.on(
                    "where", args -> "alice on gateway 1, asked " + args.path(0).asText());
            GatewayClient bob = connect(open, port2, "bob");
            bob.on("stamp", args -> "bob got: " + args.path(0).asText());

            // the two gateways find each other by discovery: wait for the first cross-gateway answer
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> alice.request(
                            "$gateway.request", "bob", "whereis")
                    .get(5, TimeUnit.SECONDS)
                    .asText()
                    .equals("bob is attached to gw-2-" + port2));
            // ctx.pass true (default): gateway 2's handler edits the args, then bob answers
            assertThat(alice.request("$gateway.request", "bob", "stamp", "hi")
                            .get(10, TimeUnit.SECONDS)
                            .asText())
                    .isEqualTo("bob got: hi (stamped by gw-2-" + port2 + " for alice)");
            // ctx.pass false: gateway 2 answered for bob, who has no 'whereis' handler and never saw it
            assertThat(alice.request("$gateway.request", "bob", "whereis")
                            .get(10, TimeUnit.SECONDS)
                            .asText())
                    .isEqualTo("bob is attached to gw-2-" + port2);

            // a plain node (the CLI, its own process) reaches alice on gateway 1, whichever gateway it asks
            for (String who : List.of("cli-1", "cli-2")) {
                Launcher.Result r = cli.run(
                        CALL,
                        "call",
                        "$gateway.request",
                        "{\"client\":\"alice\",\"name\":\"where\",\"args\":[\"" + who + "\"]}");
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out()).isEqualTo("\"alice on gateway 1, asked " + who + "\"\n");
            }

            // the same ID on gateway 2 replaces the connection on gateway 1, which is closed
            GatewayClient carol1 = connect(open, port1, "carol");
            GatewayClient carol2 = connect(open, port2, "carol");
            carol2.on("who", args -> "carol on gateway 2");
            carol1.closed().get(10, TimeUnit.SECONDS);
            assertThat(alice.request("$gateway.request", "carol", "who")
                            .get(10, TimeUnit.SECONDS)
                            .asText())
                    .isEqualTo("carol on gateway 2");
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    private Launcher.Background startGateway(String nodeId, int port) {
        Launcher.Background g = cli.start(
                "gateway",
                "--listen",
                "127.0.0.1:" + port,
                "--allow",
                "math.*",
                "--client-to-client",
                "--services",
                "demo",
                "--node-id",
                nodeId);
        assertThat(g.nextOut(CliContract.NODE_START)).startsWith("gateway " + nodeId + " listening on");
        return g;
    }

    private String hello(String client, String who) {
        Launcher.Result r = cli.run(
                CALL,
                "call",
                "$gateway.request",
                "{\"client\":\"" + client + "\",\"name\":\"hello\",\"args\":[\"" + who + "\"]}");
        return r.exit() == 0 ? r.out() : r.toString();
    }

    private static GatewayClient connect(List<AutoCloseable> open, int port, String id) {
        GatewayClient c = GatewayClient.connect(URI.create("ws://127.0.0.1:" + port + "/" + id));
        open.add(c);
        return c;
    }
}
