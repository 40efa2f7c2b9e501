package io.mycelium.transport.mqtt;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.mycelium.transport.testkit.BrokerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The shared Mosquitto on 127.0.0.1:1883, or a private one the test starts, kills and restarts. */
final class Mosquitto implements AutoCloseable {
    static final String URL = "mqtt://127.0.0.1:1883";

    private final int port;
    private final Path config;
    private @Nullable Process process;

    private Mosquitto(int port, Path config) {
        this.port = port;
        this.config = config;
    }

    static void requireShared() {
        if (!accepts(1883)) {
            fail("Mosquitto is not reachable on 127.0.0.1:1883 (start it: `service mosquitto start`)");
        }
    }

    static String namespace() {
        return "t-" + UUID.randomUUID();
    }

    static MqttTransporter transporter(String url) {
        return (MqttTransporter) new MqttTransporterProvider().create(URI.create(url));
    }

    /** Starts a private broker on a free loopback port. */
    static Mosquitto startPrivate() throws IOException {
        return startPrivate("");
    }

    /** Starts a private broker on a free loopback port, with extra configuration lines. */
    static Mosquitto startPrivate(String extraConfig) throws IOException {
        int port = BrokerProcess.freePort();
        Path config = Files.createTempFile("mosquitto-", ".conf");
        Files.writeString(
                config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n" + extraConfig);
        Mosquitto m = new Mosquitto(port, config);
        m.start();
        return m;
    }

    void start() throws IOException {
        try {
            process = new ProcessBuilder("mosquitto", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            fail("mosquitto is not installed or not runnable (apt-get install mosquitto): " + e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
    }

    /** SIGKILL: the broker vanishes without a goodbye. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    String url(String query) {
        return "mqtt://127.0.0.1:" + port + query;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        Files.deleteIfExists(config);
    }
}
