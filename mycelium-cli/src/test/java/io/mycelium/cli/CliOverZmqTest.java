package io.mycelium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.ServiceBroker;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The command resolves {@code zmq://} like any other scheme and calls a node over it (both in this JVM). */
class CliOverZmqTest {

    @Test
    void theCommandCallsANodeOverZmq() {
        String namespace = "t-" + UUID.randomUUID();
        String url = "zmq://127.0.0.1?udpBindAddress=127.0.0.1&discoveryWait=300ms&udpPort="
                + (20000 + ThreadLocalRandom.current().nextInt(20000));
        ServiceBroker node = ServiceBroker.builder()
                .nodeId("zmq-node-" + UUID.randomUUID().toString().substring(0, 8))
                .namespace(namespace)
                .transporter(url)
                .build();
        new DemoServices((name, ctx) -> {}).registerAll(node);
        node.start();
        try {
            Launcher.Result r =
                    InProcess.run("-t", url, "-n", namespace, "call", "greeter.hello", "{\"name\": \"Zed\"}");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("\"Hello Zed\"\n");
        } finally {
            node.stop();
        }
    }
}
