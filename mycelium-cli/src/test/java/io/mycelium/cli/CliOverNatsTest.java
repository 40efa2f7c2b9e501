package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command over NATS on 127.0.0.1:4222 (fails, never skips, when NATS is down). */
class CliOverNatsTest extends CliContract {

    static final String NATS = "nats://127.0.0.1:4222";

    @Override
    void requireBroker() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 4222), 2000);
        } catch (IOException e) {
            throw new AssertionError("NATS is not running on 127.0.0.1:4222 (run scripts/ensure-brokers.sh): " + e);
        }
    }

    @Override
    String transporter() {
        return NATS;
    }

    @Test
    void missingBrokerIsAClearErrorNotAHang() {
        Launcher.Result r = new Launcher(Map.of())
                .run(
                        Duration.ofSeconds(30),
                        "call",
                        "greeter.hello",
                        "-t",
                        "nats://127.0.0.1:1",
                        "--discovery-timeout",
                        "2000");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.out()).isEmpty();
        // the transporter may log its retries first; the error is the last line
        String[] lines = r.err().strip().split("\n");
        JsonNode error = json(lines[lines.length - 1]);
        assertThat(error.path("name").asText()).isEqualTo("TransporterUnreachableError");
        assertThat(error.path("message").asText()).contains("nats://127.0.0.1:1");
    }

    /** Over one transporter only: the file is read before any connection, whatever the transporter. */
    @Test
    void callReadsParamsFromAFileWhole(@TempDir Path dir) throws Exception {
        // spaces and a newline: picocli's own @-file expansion would have split this into arguments
        Path params = dir.resolve("params.json");
        Files.writeString(params, "{\"a\": 40,\n \"b\": 2}\n");

        Launcher.Result r = cli.run("call", "math.add", "--params", "@" + params, "--node", nodeId);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("42\n");
    }
}
