package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.gateway.GatewayClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
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
        try (Launcher.Background gateway = cli.start(
                "gateway",
                "--listen",
                "127.0.0.1:" + port,
                "--allow",
                "math.*",
                "--services",
                "demo",
                "--node-id",
                "gw-" + port)) {
            assertThat(gateway.nextOut(CliContract.NODE_START))
                    .startsWith("gateway gw-" + port + " listening on ws://127.0.0.1:" + port);
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
