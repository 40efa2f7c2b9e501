package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The RabbitMQ on 127.0.0.1:5672 (guest/guest) the tests need; fails loudly when it is not there. */
final class Rabbit {
    static final String URL = "amqp://guest:guest@127.0.0.1:5672";

    private Rabbit() {}

    static void require() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5672), 2000);
        } catch (IOException e) {
            fail("RabbitMQ is not reachable on 127.0.0.1:5672 (start it: `service rabbitmq-server start`): " + e);
        }
    }

    static String namespace() {
        return "t-" + UUID.randomUUID();
    }

    static AmqpTransporter transporter(String query) {
        return (AmqpTransporter) new AmqpTransporterProvider().create(URI.create(URL + "/" + query));
    }

    /** Runs rabbitmqctl (needs root here) and returns its output; fails the test when it fails. */
    static String ctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("rabbitmqctl " + String.join(" ", args) + " timed out");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            return fail("rabbitmqctl is not runnable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** A fresh virtual host guest may use, so a test can close exactly its own connections. */
    static String newVhost() {
        String vhost = "t-" + UUID.randomUUID();
        ctl("add_vhost", vhost);
        ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return vhost;
    }

    static void deleteVhost(String vhost) {
        ctl("delete_vhost", vhost);
    }
}
