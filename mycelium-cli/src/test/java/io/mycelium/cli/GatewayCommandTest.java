package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.gateway.GatewayClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code mycelium gateway} as a process on TCP (loopback, UDP discovery of its own), a client attached to it,
 * and {@code mycelium call '$gateway.request'} from another process reaching that client.
 */
class GatewayCommandTest {
    private final String transporter = "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&udpPort="
            + (20000 + ThreadLocalRandom.current().nextInt(20000));
    private final Launcher cli =
            new Launcher(Map.of("MYCELIUM_TRANSPORTER", transporter, "MYCELIUM_NAMESPACE", "t-" + UUID.randomUUID()));

    @Test
    void theCliReachesAClientOfAGatewayProcess() throws Exception {
        int port = freePort();
        Path aliases = Files.createTempFile("aliases", ".json");
        Files.writeString(aliases, "{\"POST /sum\": \"math.add\"}");
        try (Launcher.Background gateway = cli.start(
                "gateway",
                "--listen",
                "127.0.0.1:" + port,
                "--allow",
                "math.*",
                "--aliases",
                aliases.toString(),
                "--cors",
                "https://app.example",
                "--rate-limit",
                "1000/s",
                "--services",
                "demo",
                "--node-id",
                "gw-" + port)) {
            assertThat(gateway.nextOut(CliContract.NODE_START))
                    .startsWith("gateway gw-" + port + " listening on ws://127.0.0.1:" + port);
            assertThat(gateway.nextOut(CliContract.NODE_START))
                    .endsWith("live mesh page: open http://127.0.0.1:" + port + "/");
            HttpResponse<String> sum = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sum"))
                                    .header("Origin", "https://app.example")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 2, \"b\": 3}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(sum.statusCode()).as(sum.body()).isEqualTo(200);
            assertThat(sum.body()).isEqualTo("5");
            assertThat(sum.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
            assertThat(sum.headers().firstValue("X-Rate-Limit-Limit")).contains("1000");
            try (GatewayClient alice = GatewayClient.connect(URI.create("ws://127.0.0.1:" + port + "/alice"))) {
                alice.on("hello", args -> "hi " + args.path(0).asText());
                assertThat(alice.request("math.add", Map.of("a", 2, "b", 3))
                                .join()
                                .asInt())
                        .isEqualTo(5);

                Launcher.Result r = cli.run(
                        "call", "$gateway.request", "{\"client\":\"alice\",\"name\":\"hello\",\"args\":[\"cli\"]}");
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out()).isEqualTo("\"hi cli\"\n");

                Launcher.Result missing =
                        cli.run("call", "$gateway.request", "{\"client\":\"nobody\",\"name\":\"hello\"}");
                assertThat(missing.exit()).as(missing.toString()).isNotZero();
                assertThat(missing.err()).contains("GATEWAY_UNHANDLED");
            }
        }
    }

    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(12000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port), 1);
                return port;
            } catch (IOException e) {
                // taken; try another
            }
        }
        throw new IOException("no free port");
    }
}
