package io.mycelium.transport.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.testkit.RecordingTransportContext;
import io.mycelium.transport.testkit.TransporterContractSuite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A peer whose process goes away is reported unreachable by the transporter itself, with no broker
 * heartbeat involved (these contexts have none).
 */
class ZmqDeadPeerTest {

    private final ZmqUrls urls = new ZmqUrls();

    @Test
    void aPeerWhoseConnectionClosesIsReportedUnreachableAtOnce() throws Exception {
        String ns = "d-" + UUID.randomUUID().toString().substring(0, 8);
        RecordingTransportContext a = new RecordingTransportContext("a-" + UUID.randomUUID(), ns);
        RecordingTransportContext b = new RecordingTransportContext("b-" + UUID.randomUUID(), ns);
        ZmqTransporter ta = (ZmqTransporter) urls.create();
        ZmqTransporter tb = (ZmqTransporter) urls.create();
        try {
            TransporterContractSuite.join(ta.connect(a));
            TransporterContractSuite.join(tb.connect(b));
            // a's DEALER to b is connected once a packet went through it
            TransporterContractSuite.join(
                    ta.send(PacketType.EVENT, Destination.node(b.nodeId()), "hi".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.texts(PacketType.EVENT).contains("hi"));
            assertThat(a.unreachableNodes()).isEmpty();

            tb.disconnect().get();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> a.unreachableNodes().contains(b.nodeId()));
        } finally {
            ta.disconnect().get();
            tb.disconnect().get();
            a.close();
            b.close();
        }
    }
}
