package io.mycelium.transport.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.RecordingTransportContext;
import io.mycelium.transport.testkit.TransporterContractSuite;
import io.mycelium.transport.testkit.Transporters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The trust properties of {@code zmq://}: CurveZMQ under the mesh key keeps clients without it out, and the
 * message size bound (a mesh working under CURVE is {@link ZmqPatternsTest}).
 */
class ZmqSecurityTest {

    private final int udpPort = BrokerProcess.freePort();

    private String url(int port, String extra) {
        return "zmq://127.0.0.1:" + port + "?udpBindAddress=127.0.0.1&udpPort=" + udpPort + "&discoveryWait=200ms"
                + extra;
    }

    @Test
    void aZeroMqClientWithoutTheMeshKeyGetsNothingThroughAndOversizedSendsFailTyped() throws Exception {
        int port = BrokerProcess.freePort();
        RecordingTransportContext context = new RecordingTransportContext("victim", "s-" + UUID.randomUUID());
        ZmqTransporter victim =
                (ZmqTransporter) Transporters.create(url(port, "&keys=k1:mesh-secret&maxPayload=64KiB"));
        TransporterContractSuite.join(victim.connect(context));
        try (ZContext z = new ZContext(1)) {
            // a plain client, and a CURVE client guessing a server key from another secret
            ZMQ.Socket plain = z.createSocket(SocketType.DEALER);
            ZMQ.Socket guessing = z.createSocket(SocketType.DEALER);
            ZmqSockets.client(guessing, MeshCurve.derive("wrong-secret"));
            // a client with the right key, to know when the others' messages would have arrived
            ZMQ.Socket member = z.createSocket(SocketType.DEALER);
            ZmqSockets.client(member, MeshCurve.derive("mesh-secret"));
            for (ZMQ.Socket s : new ZMQ.Socket[] {plain, guessing, member}) {
                s.setLinger(0);
                s.connect("tcp://127.0.0.1:" + port);
            }
            byte[] forged = Frames.encode(PacketType.EVENT, "forged".getBytes(StandardCharsets.UTF_8));
            plain.send(forged, ZMQ.DONTWAIT);
            guessing.send(forged, ZMQ.DONTWAIT);
            member.send(Frames.encode(PacketType.EVENT, "member".getBytes(StandardCharsets.UTF_8)), ZMQ.DONTWAIT);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> context.texts(PacketType.EVENT).contains("member"));
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !context.texts(PacketType.EVENT).contains("forged"));

            assertThat(victim.maxPayloadSize()).isEqualTo(64 * 1024 - 1);
            assertThat(victim.send(PacketType.EVENT, Destination.BROADCAST, new byte[64 * 1024]))
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(ZmqTransportException.class)
                    .withMessageContaining("maxPayload");
        } finally {
            victim.disconnect().get();
            context.close();
        }
    }
}
