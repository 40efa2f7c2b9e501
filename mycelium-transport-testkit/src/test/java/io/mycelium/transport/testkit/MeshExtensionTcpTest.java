package io.mycelium.transport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension on a real transporter: two nodes over tcp:// that find each other by UDP on loopback. */
class MeshExtensionTcpTest {

    @RegisterExtension
    final MeshExtension mesh = MeshExtension.transporter(
                    "tcp://?host=127.0.0.1&udpBindAddress=127.0.0.1&gossipPeriod=200ms&udpPort="
                            + BrokerProcess.freePort())
            .node("server", () -> Service.named("echo")
                    .action("say", ctx -> ctx.params().get("text").asText()))
            .node("client");

    @Test
    void theDeclaredNodesFoundEachOtherBeforeTheTest(ServiceBroker server, ServiceBroker client) {
        assertThat(client.call("echo.say", Map.of("text", "hi"), String.class).join())
                .isEqualTo("hi");
        assertThat(server.options().transporterUrl()).isEmpty(); // an instance per node, made from the URL
    }
}
